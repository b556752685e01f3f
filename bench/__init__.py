"""Benchmarks: `make bench` (or `.venv/bin/python -m bench [name ...]`) runs them and prints a table each.

Performance claims live here, never in timed unit tests.
"""
