"""The question whether a PostgreSQL role may write the views, as SQL that needs no driver of
ours: asked by store.roles (through SQLAlchemy) and by the lean read path (through psycopg)."""

MAY_WRITE_VIEWS = (
    "SELECT has_table_privilege('projection_versions', 'INSERT')"
    " AND has_table_privilege('projection_positions', 'INSERT')"
    " AND has_function_privilege('pg_catalog.pg_advisory_xact_lock(bigint)', 'EXECUTE')"
)
"""Can this connection's role write the projection tables and take the writers' lock?"""
