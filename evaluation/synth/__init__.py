"""Sample-data tooling: a deterministic generator of fictional sites, surveys and interviews (`evaluation synth`).

What it makes is demonstration and load data only: data to show the pipeline running, to test and time it on, and
to plant known problems in. It is never evidence that the evaluation, or anything it reports, works for the people
whose views it is meant to carry; that comes only from real data and the people who read the reports. The rest of
`evaluation/` does not import this package (only the CLI's `synth` subcommand does, when it is run).
"""
