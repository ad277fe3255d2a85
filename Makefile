# Two commands set everything up on a fresh clone:
#   make run   - create .venv, install, run the whole pipeline on data/raw for every site
#   make test  - install the test dependencies too, and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The project's own Dagster instance (SQLite): runs from `make run` show up in `make dev`.
export DAGSTER_HOME := $(CURDIR)/.dagster
export EVALUATION_PROJECT_ROOT := $(CURDIR)

.PHONY: run test browser dev check-defs sample benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $@

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME) && printf 'telemetry:\n  enabled: false\n' > $@

run: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/evaluation run

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

# Debian's Chromium and tools/browser's node modules for tests/test_report_accessibility.py (idempotent; where they
# cannot be installed it says why and that test skips).
browser:
	bash tools/install-browser.sh

dev: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev

check-defs: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dg check defs

sample: $(VENV)/.installed
	$(BIN)/evaluation synth --sites 10 --seed 2022 --out data/raw

benchmark: $(VENV)/.installed
	$(BIN)/python benchmarks/pipeline_run.py

clean:
	rm -rf data/processed/*/ data/processed/*.parquet data/private $(DAGSTER_HOME)
