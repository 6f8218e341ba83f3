"""Evolve: ingest citation and traffic reports and decide what the next build regenerates."""
