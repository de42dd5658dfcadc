"""Test and benchmark helpers (throwaway PostgreSQL clusters)."""
