"""Benchmarks (not tests): a synthetic crisis corpus, measured beside the physical floor and a peer.

Run `python -m bench --scales "10000 100000"` (or `make bench`); see bench/__main__.py.
"""
