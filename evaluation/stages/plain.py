"""The whole pipeline called in plain Python: the same stage functions, in the assets' order, each value kept and
read back through `store` as Dagster's IO manager keeps it. The benchmark times it against the Dagster run, and both
must write byte-identical processed files."""

from __future__ import annotations

from evaluation.stages import store
from evaluation.stages.coding import code_site, code_site_comments, cooccurrence, framework, segment_site, site_coder
from evaluation.stages.ingest import ingest_site, keep_private, register_sites
from evaluation.stages.project import Project
from evaluation.stages.reports import commissioner_reports
from evaluation.stages.review import (LearnedModel, agreement_with_returned, export_for_review, learn_from_returned,
                                      read_returned)
from evaluation.stages.survey import commissioner_figures, commissioner_tables, survey_statistics


def run_plain(project: Project) -> list[str]:
    """Every ready site, then the cross-site stages; the sites processed."""
    layout = project.layout
    registry, sites = register_sites(project)
    store.save(layout, "site_registry", sites)
    site_ids = registry.ready_site_ids
    learned = store.load(layout, "learned_coder")  # what the last cross-site run learned, as the site runs see it
    for site_id in site_ids:
        ingested = ingest_site(project, site_id)
        keep_private(layout, ingested)
        for table, frame in ingested.tables.items():
            store.save(layout, table, frame, site_id)
        coder, _ = site_coder(project, learned.coder)
        segments = segment_site(ingested.tables["interview_turns"])
        store.save(layout, "interview_segments", segments, site_id)
        store.save(layout, "coded_segments", code_site(segments, coder), site_id)
        store.save(layout, "coded_comments", code_site_comments(ingested.tables["survey_comments"], coder), site_id)

    def every_site(table):
        return store.load(layout, table, site_ids)

    segments, coding = every_site("interview_segments"), every_site("coded_segments")
    returned = read_returned(project, segments)
    store.save(layout, "returned_reviews", returned)
    returned = store.load(layout, "returned_reviews")
    learning = learn_from_returned(returned, segments, site_coder(project)[0])
    learned = LearnedModel(learning.coder, learning.agreement)
    store.save(layout, "learned_coder", learned)
    matrix = framework(project, segments, coding, every_site("survey_comments"), every_site("coded_comments"), returned)
    store.save(layout, "framework_matrix", matrix)
    store.save(layout, "theme_cooccurrence", cooccurrence(project, segments, coding))
    export_for_review(project, segments, coding, returned)
    agreement = agreement_with_returned(project, returned, coding).table
    store.save(layout, "coding_agreement", agreement)
    responses = every_site("survey_responses")
    analysis = survey_statistics(project, responses)
    store.save(layout, "survey_statistics", analysis)
    tables = commissioner_tables(project, analysis, responses, matrix, sites)
    store.save(layout, "commissioner_tables", tables)
    figures = commissioner_figures(project, analysis, matrix, tables, sites)
    commissioner_reports(project, tables, figures, matrix, sites, agreement, learned)
    return site_ids
