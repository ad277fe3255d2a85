"""The human review round trip: sheets and projects out to reviewers, their coding back, and the learning loop."""
