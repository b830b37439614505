"""Seed data: the demo accounts for `make run` and the synthetic city for benchmarks.

May import: any domain (it only creates data).
"""
