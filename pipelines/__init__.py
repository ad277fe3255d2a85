"""Dagster orchestration of the evaluation: definitions only; the work lives in `evaluation`."""
