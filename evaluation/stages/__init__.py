"""The pipeline's stages: one plain function per asset, taking and returning tables and typed results.

    ingest       register_sites, ingest_site                                   (raw files in, per site)
    coding       segment_site, site_coder, code_site, code_site_comments,
                 framework, cooccurrence                                       (per site, then across sites)
    review       learn_from_returned, export_for_review, agreement_with_returned
    survey       survey_statistics, commissioner_tables, commissioner_figures  (across sites)
    reports      commissioner_reports
    store        how each asset's value is kept in, and read back from, the project's layout
    plain        the whole pipeline called in plain Python, in the assets' order (the benchmark's baseline)

The Dagster assets (pipelines/defs/) call exactly these functions; Dagster's IO manager calls `store`.
"""
