"""Benchmarks (not tests): a synthetic crisis corpus and figures side by side with the physical floor and a peer.

Run `python -m bench --scales "10000 100000"` (or `make bench`); see bench/__main__.py.
"""
