"""Survey instrument, Likert harmonisation and (later) scales and comparisons."""
