"""Readers and cleaners that turn what a site sends into tidy tables plus a quarantine of what could not be used."""
