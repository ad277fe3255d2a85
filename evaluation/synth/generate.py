"""`evaluation synth`: write the sample data for N sites, with the generator's own answer key beside it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from evaluation.survey.instrument import read_instrument_spec
from evaluation.synth.files import write_text
from evaluation.synth.interviews import write_site_interviews
from evaluation.synth.sites import SiteSpec, site_specs
from evaluation.synth.surveys import write_site_surveys

TRUTH_FILE = "ground_truth.json"


def generate(out_dir: Path, n_sites: int = 10, seed: int = 2022) -> dict:
    """Write sites.csv, one folder per site and ground_truth.json under `out_dir`; return the ground truth."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = site_specs(n_sites, seed)
    instrument = read_instrument_spec()
    write_text(out_dir / "sites.csv", _registry_csv(specs))
    truth = {"generator": "evaluation synth", "seed": seed, "n_sites": n_sites, "sites": {}}
    for spec in specs:
        site_dir = out_dir / spec.site_id
        truth["sites"][spec.site_id] = {
            "coproduction_level": spec.coproduction_level,
            "improvement": spec.improvement,
            "surveys": write_site_surveys(spec, site_dir, seed, instrument),
            "interviews": write_site_interviews(spec, site_dir, seed),
        }
    write_text(out_dir / TRUTH_FILE, json.dumps(truth, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return truth


def _registry_csv(specs: list[SiteSpec]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["site_id", "site_name", "system_type", "region", "project_title", "places"])
    for s in specs:
        writer.writerow([s.site_id, s.site_name, s.system_type, s.region, s.project_title, ";".join(s.places)])
    return buffer.getvalue()
