"""Coding text against the codebook: rule and learned coders, agreement, review round trip, QDPX exchange."""
