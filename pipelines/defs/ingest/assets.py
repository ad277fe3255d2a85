"""Ingest stage: the site registry, then each site's surveys and interviews into processed tables."""


from collections.abc import Iterator

import dagster as dg

from evaluation.ingest.quarantine import RECORD_SCOPES, describe
from evaluation.ingest.site import RowAccount, SiteIngest
from evaluation.stages.ingest import ingest_site, keep_private, register_sites
from pipelines.defs.metadata import counts_markdown, schema_check_result, table_metadata
from pipelines.defs.resources import EvaluationProject
from pipelines.defs.scopes import REGISTRY, SITE, site_partitions

GROUP = "ingest"


@dg.asset(group_name=GROUP, kinds={"parquet"}, tags=REGISTRY)
def site_registry(context: dg.AssetExecutionContext, project: EvaluationProject) -> dg.Output:
    """The sites taking part, from sites.csv in the raw data, checked against the site folders.

    Folders that sites.csv does not list, and listed sites without a folder, are reported here and skipped.
    """
    registry, frame = register_sites(project.project)
    for problem in registry.problems():
        context.log.warning(problem)
    return dg.Output(frame, metadata={
        **table_metadata(frame),
        "sites ready": len(registry.ready_site_ids),
        "problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in registry.problems()) or "_none_"),
    })


def _check(asset: str, name: str, description: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name, asset=asset, blocking=True, description=description)


INGEST_CHECKS = [
    _check("survey_responses", "matches_schema", "Columns, types and allowed values of survey_responses (pandera)."),
    _check("survey_responses", "rows_accounted_for",
           "Every respondent row of every export is kept or quarantined: rows in = kept + quarantined."),
    _check("survey_responses", "covers_instrument",
           "Every survey export maps at least half of the instrument's items onto columns (a site with no survey "
           "exports passes): fewer is a mapping failure to fix in the site's surveys/mapping.yaml."),
    _check("survey_comments", "matches_schema", "Columns, types and allowed values of survey_comments (pandera)."),
    _check("interview_turns", "matches_schema", "Columns, types and allowed values of interview_turns (pandera)."),
    _check("interview_turns", "rows_accounted_for",
           "Every interview in the manifest, and every transcript, is read or quarantined."),
    _check("quarantine", "matches_schema", "Every quarantine entry names its file and gives a reason (pandera)."),
]


@dg.multi_asset(
    deps=[site_registry],
    outs={
        "survey_responses": dg.AssetOut(group_name=GROUP, kinds={"parquet"}, tags=SITE,
            description="One row per respondent × item per wave: the answer mapped onto the instrument's "
                        "1–5 agreement scale (code, label) with its status (answered, missing, prefer not "
                        "to say, don't know, not applicable, unmapped) and the source file and row."),
        "survey_comments": dg.AssetOut(group_name=GROUP, kinds={"parquet"}, tags=SITE,
            description="One row per non-blank free-text answer (what helped, what made it harder, what "
                        "difference it made), with personal data redacted."),
        "interview_turns": dg.AssetOut(group_name=GROUP, kinds={"parquet"}, tags=SITE,
            description="One row per speaker turn of every interview: interviewer or participant, the "
                        "participant's role, and the text with personal data redacted."),
        "quarantine": dg.AssetOut(group_name=GROUP, kinds={"parquet"}, tags=SITE,
            description="What could not be used, and why: unreadable files, rows without a respondent or "
                        "wave, duplicates, unmappable answers, transcripts without speaker labels, "
                        "manifest rows whose file is missing. Each entry names the file and row."),
    },
    check_specs=INGEST_CHECKS,
    partitions_def=site_partitions,
)
def ingest_site_data(context: dg.AssetExecutionContext, project: EvaluationProject) -> Iterator:
    """Read one site's surveys and interviews into its processed tables and quarantine; what was redacted goes to
    the private anonymisation log."""
    instrument = project.project.instrument
    ingested = ingest_site(project.project, context.partition_key)
    keep_private(project.layout, ingested)
    yield from _outputs(ingested, instrument)
    for name, failures in ingested.contract_failures(instrument).items():
        yield schema_check_result(name, failures)
    for account in (ingested.survey_account, ingested.interview_account):
        yield _accounting_result(account, ingested.quarantine)
    yield _coverage_result(ingested)


def _outputs(ingested: SiteIngest, instrument) -> Iterator[dg.Output]:
    responses, turns, quarantine = (ingested.tables[n] for n in ("survey_responses", "interview_turns", "quarantine"))
    redactions = ingested.anonymisation_log["source"].value_counts()
    surveys = ingested.surveys
    yield dg.Output(responses, "survey_responses", metadata={
        **table_metadata(responses),
        "respondents": surveys.respondents_kept,
        "answers on the scale": surveys.answers_on_scale,
        "instrument covered": dg.MetadataValue.float(_covered(ingested, instrument)),
        "respondents by wave": dg.MetadataValue.md(counts_markdown(
            responses.drop_duplicates(["respondent_id", "wave"])["wave"].value_counts().sort_index(), "wave")),
        "answer status": dg.MetadataValue.md(counts_markdown(
            responses["answer_status"].value_counts().sort_index(), "status")),
        "answers on the scale by item": dg.MetadataValue.md(counts_markdown(
            surveys.answers_by_item(instrument), "item")),
        "layouts": "; ".join(f"{r.label}: {r.layout}" for r in surveys.exports) or "no survey exports",
        "exports": dg.MetadataValue.md(_exports_markdown(surveys.exports)),
        "column mapping": dg.MetadataValue.md(_mapping_markdown(surveys.exports)),
        "instrument": instrument.label,
    })
    yield dg.Output(ingested.tables["survey_comments"], "survey_comments", metadata={
        **table_metadata(ingested.tables["survey_comments"]),
        "redactions": int(redactions.get("survey_comments", 0)),
    })
    yield dg.Output(turns, "interview_turns", metadata={
        **table_metadata(turns, ["interview_id", "turn", "speaker_role", "text"]),
        "interviews": ingested.interviews.interviews_kept,
        "redactions": int(redactions.get("interview_turns", 0)),
    })
    yield dg.Output(quarantine, "quarantine", metadata={
        **table_metadata(quarantine, ["table", "source_file", "source_row", "scope", "reason"]),
        "by scope": dg.MetadataValue.md(counts_markdown(quarantine["scope"].value_counts().sort_index(), "scope")),
    })


def _accounting_result(account: RowAccount, quarantine) -> dg.AssetCheckResult:
    set_aside = quarantine[(quarantine["table"] == account.table) & quarantine["scope"].isin(RECORD_SCOPES)]
    lines = describe(set_aside).splitlines()
    return dg.AssetCheckResult(
        asset_key=account.table, check_name="rows_accounted_for", passed=account.balanced,
        description=account.describe(),
        metadata={"records in": account.records_in, "kept": account.kept, "quarantined": account.quarantined,
                  "quarantined records": dg.MetadataValue.md("\n".join(f"- {line}" for line in lines) or "_none_")},
    )


def _covered(ingested: SiteIngest, instrument) -> float:
    """Share of the instrument's items that at least one of the site's exports carries."""
    items = {item for report in ingested.surveys.exports for item in report.items_mapped}
    return round(len(items) / len(instrument.items), 3)


def _exports_markdown(exports) -> str:
    if not exports:
        return "_no survey exports_"
    rows = ["| export | layout | mapping | items | answers on the scale | items no column carries | unmatched columns "
            "| metadata, not used |", "|---|---|---|---|---|---|---|---|"]
    for r in exports:
        unmatched = ", ".join(r.unmatched_columns[:10]) + (" …" if len(r.unmatched_columns) > 10 else "")
        rows.append(f"| {r.label} | {r.layout} | {r.mapping} | {len(r.items_mapped)}/{r.items_total} | "
                    f"{r.answers_on_scale} | {', '.join(r.items_missing) or '–'} | {unmatched or '–'} | "
                    f"{len(r.metadata_columns)} |")
    return "\n".join(row.replace("\n", " ") for row in rows)


def _mapping_markdown(exports) -> str:
    rows = ["| export | column | field | matched on | score |", "|---|---|---|---|---|"]
    rows += [f"| {r.label} | {column[:80].replace('|', '/')} | {field} | {how} | {score:.2f} |"
             for r in exports for column, field, how, score in r.columns]
    return "\n".join(rows) if len(rows) > 2 else "_no survey exports_"


def _coverage_result(ingested: SiteIngest) -> dg.AssetCheckResult:
    failures = ingested.surveys.coverage_failures()
    exports = ingested.surveys.exports
    description = ("no survey exports" if not exports else "; ".join(failures) if failures else
                   f"every export maps at least half of the instrument ({len(exports)} export(s))")
    return dg.AssetCheckResult(
        asset_key="survey_responses", check_name="covers_instrument", passed=not failures, description=description,
        metadata={"exports": dg.MetadataValue.md(_exports_markdown(exports))},
    )
