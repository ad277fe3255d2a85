"""Co-production evaluation: the domain library (plain Python and pandas; no orchestration)."""

__version__ = "0.1.0"
