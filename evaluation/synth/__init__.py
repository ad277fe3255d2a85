"""Deterministic generator of fictional sample data for the evaluation (`evaluation synth`)."""
