"""Waspada against plain Voilà on the same machine: see README.md and run.py."""
