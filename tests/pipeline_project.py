"""The one end-to-end project of the test session: generated sites plus hand-built hostile ones, run once through
Dagster (after a run killed part-way) with a persistent SQLite instance. Every end-to-end test reads it; none
changes it (a test that needs to change something copies what it needs)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import dagster as dg

from evaluation.layout import ProjectLayout
from evaluation.synth.generate import generate
from pipelines.run import run_pipeline
from tests.hostile_sites import HOSTILE_SITES, add_hostile_sites
from tests.small_sites import SMALL_SITES, add_small_sites

N_GENERATED = 4  # csv, xlsx, windows-1252 csv and sav exports
SEED = 2022
ADDED_SITES = (*HOSTILE_SITES, *SMALL_SITES)  # after the generated ones, in sites.csv and run order
SUMMARY = "end_to_end.json"  # written last: its presence marks the project as built


@dataclass(frozen=True)
class SiteOutcome:
    site_id: str
    success: bool
    problems: list[str]


@dataclass(frozen=True)
class EndToEnd:
    root: Path
    truth: dict  # the generator's ground truth for the generated sites
    sites: list[SiteOutcome]  # in run order
    cross_site_success: bool
    printed: list[str]  # what the run printed, line by line
    raw_unchanged: bool  # every raw file's bytes and permissions as before the runs

    @property
    def layout(self) -> ProjectLayout:
        return ProjectLayout(self.root)

    @property
    def generated_sites(self) -> list[str]:
        return list(self.truth["sites"])

    def instance(self) -> dg.DagsterInstance:
        """The project's Dagster instance (what `dagster dev` would open)."""
        return dg.DagsterInstance.from_config(str(self.root / ".dagster"))

    @classmethod
    def read(cls, root: Path) -> EndToEnd:
        saved = json.loads((root / SUMMARY).read_text(encoding="utf-8"))
        truth = json.loads((root / "data" / "raw" / "ground_truth.json").read_text(encoding="utf-8"))
        return cls(root, truth, [SiteOutcome(**s) for s in saved["sites"]], saved["cross_site_success"],
                   saved["printed"], saved["raw_unchanged"])


def build(root: Path) -> None:
    generate(root / "data" / "raw", n_sites=N_GENERATED, seed=SEED)
    add_hostile_sites(root)
    add_small_sites(root)  # 1, 5, 9 and 12 respondents: what disclosure control must protect
    before = raw_state(root)
    home = root / ".dagster"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    killed_run(root, home)
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    printed: list[str] = []
    try:
        outcome = run_pipeline(root, instance=dg.DagsterInstance.get(), echo=printed.append)
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = previous
    summary = {"sites": [asdict(SiteOutcome(s.site_id, s.success, s.problems)) for s in outcome.sites],
               "cross_site_success": outcome.cross_site_success, "printed": printed,
               "raw_unchanged": raw_state(root) == before}
    (root / "notebooks").mkdir()  # where the analysts' notebooks run from
    (root / SUMMARY).write_text(json.dumps(summary), encoding="utf-8")


def raw_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every raw file's content hash and permission bits."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
            for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file() and not p.is_symlink()}


def killed_run(root: Path, home: Path) -> None:
    """`evaluation run` killed (SIGKILL) once the first site's tables are on disk."""
    command = [sys.executable, "-m", "pipelines.cli", "run", "--root", str(root), "--workers", "1"]
    process = subprocess.Popen(command, env={**os.environ, "DAGSTER_HOME": str(home)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    turns = ProjectLayout(root).processed / "interview_turns"
    deadline = time.monotonic() + 120
    while not (turns.is_dir() and any(turns.glob("*.parquet"))) and process.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    process.kill()
    process.wait()


def file_hashes(folder: Path, suffixes: tuple[str, ...] = (".parquet", ".csv")) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and p.suffix in suffixes}


SECOND_RUN = "second_run.json"


@dataclass(frozen=True)
class SecondRun:
    """Two of the project's sites (the first generated one and a hostile one) run again from scratch through the
    `evaluation run` command, two site runs at a time, in a copy that keeps the project's pseudonym key."""
    root: Path
    sites: list[str]
    exit_code: int
    printed: str

    @property
    def layout(self) -> ProjectLayout:
        return ProjectLayout(self.root)

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_config(str(self.root / ".dagster"))

    @classmethod
    def read(cls, root: Path) -> SecondRun:
        saved = json.loads((root / SECOND_RUN).read_text(encoding="utf-8"))
        return cls(root, saved["sites"], saved["exit_code"], saved["printed"])


def build_second_run(project: EndToEnd, root: Path) -> None:
    import contextlib
    import io
    import shutil

    from pipelines.cli import main

    shutil.copytree(project.layout.raw, ProjectLayout(root).raw, symlinks=True)
    (ProjectLayout(root).raw / "stray-site" / "surveys").mkdir(parents=True)  # a folder sites.csv does not list
    private = ProjectLayout(root).private_folder("")
    shutil.copy2(project.layout.private / "respondent_key", private / "respondent_key")
    sites = [project.generated_sites[0], "alpha"]
    printed = io.StringIO()
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(root / ".dagster")
    try:
        with contextlib.redirect_stdout(printed):
            code = main(["run", "--root", str(root), "--workers", "2", *(a for s in sites for a in ("--site", s))])
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = previous
    (root / SECOND_RUN).write_text(json.dumps({"sites": sites, "exit_code": code, "printed": printed.getvalue()}),
                                   encoding="utf-8")
