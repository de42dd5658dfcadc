"""Alembic environment for the crisis_timeline schema (shipped inside the package)."""
