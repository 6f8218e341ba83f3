"""Amplify: make content findable and quotable by answer engines."""
