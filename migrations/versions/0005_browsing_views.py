"""Read-only SQL views for browsing (Datasette, psql): each view's rows as they stand now, flat.

`meetings_now`, `claims_now`, `timeline_now`, `actors_now`, `forces_now`, `demands_now` read the
rows still recorded and not superseded in knowledge time (what `crisis VIEW --json` answers
without --as-of), one column per key: a partial time as `<name>_start`, `_end`, `_precision`,
`_text`; a list of ids or words joined with '; '; a list of responses as their `by` joined, with
a count beside it. Times are the ISO 8601 texts with `Z` the rows hold. What depends on the
present (`overdue`, `upcoming`) is computed by the database when the view is read, so it is
never stale. `sources` lists each source's first registration from the log.

On PostgreSQL each view reads a subquery, which keeps it from being automatically updatable: a
DELETE or UPDATE through a view is refused on both dialects.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Spelled out, not generated from the projections: a migration keeps what it did when written.
# (column, kind, JSON key when it differs from the column)
Spec = list[tuple[str, str, str]]
VIEWS: dict[str, tuple[str, Spec]] = {
    "meetings_now": (
        "meetings",
        [
            ("id", "text", ""),
            ("title", "text", ""),
            ("kind", "text", ""),
            ("status", "text", ""),
            ("overdue", "overdue", ""),
            ("upcoming", "upcoming", ""),
            ("scheduled", "time", ""),
            ("held", "time", ""),
            ("participants", "list", ""),
            ("requested_by", "text", ""),
            ("location", "text", ""),
            ("observers", "list", ""),
            ("agenda", "list", ""),
            ("readouts_expected", "list", ""),
            ("readouts_by", "by", "readouts"),
            ("sources", "list", ""),
        ],
    ),
    "claims_now": (
        "claims",
        [
            ("id", "text", ""),
            ("statement", "text", ""),
            ("modality", "text", ""),
            ("claimant", "text", ""),
            ("about", "list", ""),
            ("attribution", "text", ""),
            ("status", "text", ""),
            ("open", "bool", ""),
            ("disputes", "count", "disputed_by"),
            ("disputed_by", "by", ""),
            ("corroborations", "count", "corroborated_by"),
            ("corroborated_by", "by", ""),
            ("closed_by", "by", ""),
            ("first_reported", "text", ""),
            ("sources", "list", ""),
        ],
    ),
    "timeline_now": (
        "timeline",
        [
            ("id", "text", ""),
            ("stream", "text", ""),
            ("type", "text", ""),
            ("when", "time", ""),
            ("summary", "text", ""),
            ("reported", "time", ""),
            ("source", "text", ""),
        ],
    ),
    "actors_now": (
        "actors",
        [
            ("id", "text", ""),
            ("name", "text", ""),
            ("kind", "text", ""),
            ("description", "text", ""),
            ("titles", "list", ""),
            ("affiliation", "text", ""),
            ("aliases", "list", ""),
            ("first_reported", "text", ""),
            ("sources", "list", ""),
        ],
    ),
    "forces_now": (
        "forces",
        [
            ("id", "text", ""),
            ("stream", "text", ""),
            ("direction", "text", ""),
            ("actor", "text", ""),
            ("location", "text", ""),
            ("size_text", "text", ""),
            ("low", "int", ""),
            ("high", "int", ""),
            ("unit", "text", ""),
            ("period", "time", ""),
            ("reported", "time", ""),
            ("source", "text", ""),
            ("attribution", "text", ""),
            ("claim", "text", ""),
        ],
    ),
    "demands_now": (
        "demands",
        [
            ("id", "text", ""),
            ("demand", "text", ""),
            ("by", "text", ""),
            ("addressee", "text", ""),
            ("status", "text", ""),
            ("responses", "count", ""),
            ("responses_by", "by", "responses"),
            ("first_reported", "text", ""),
            ("sources", "list", ""),
        ],
    ),
}
SOURCES: Spec = [
    ("publisher", "text", ""),
    ("title", "text", ""),
    ("byline", "list", ""),
    ("dateline", "text", ""),
    ("published", "time", ""),
    ("url", "text", ""),
    ("sha256", "text", ""),
    ("language", "text", ""),
    ("rating", "rating", ""),
    ("reliability", "text", "rating.reliability"),
    ("credibility", "int", "rating.credibility"),
    ("rated_by", "text", "rating.rated_by"),
    ("rationale", "text", "rating.rationale"),
    ("retrieved", "text", ""),
]
PARTS = ("start", "end", "precision", "text")


def _sqlite(kind: str, key: str, doc: str = "content") -> list[str]:
    """SQLite expressions over the JSON text `doc` (json1)."""
    at = f"'$.{key}'"
    if kind == "time":
        return [f"json_extract({doc}, '$.{key}.{part}')" for part in PARTS]
    lists = {
        "list": f"(SELECT group_concat(value, '; ') FROM json_each({doc}, {at}))",
        "by": (
            f"(SELECT group_concat(json_extract(value, '$.by'), '; ') FROM json_each({doc}, {at}))"
        ),
        "count": f"json_array_length({doc}, {at})",
        "rating": (
            f"json_extract({doc}, '$.rating.reliability') || "
            f"json_extract({doc}, '$.rating.credibility')"
        ),
    }
    if kind in lists:
        return [lists[kind]]
    if kind in ("overdue", "upcoming"):
        scheduled, end = (
            f"json_extract({doc}, '$.status') = 'scheduled'",
            f"json_extract({doc}, '$.scheduled.end')",
        )
        if kind == "overdue":
            return [
                f"CASE WHEN {scheduled} AND julianday({end}) <= julianday('now') THEN 1 ELSE 0 END"
            ]
        planned = f"json_type({doc}, '$.scheduled') = 'object'"
        return [
            f"CASE WHEN {scheduled} AND {planned} "
            f"AND ({end} IS NULL OR julianday({end}) > julianday('now')) "
            "THEN 1 ELSE 0 END"
        ]
    return [f"json_extract({doc}, {at})"]


def _postgresql(kind: str, key: str, doc: str = "c") -> list[str]:
    """PostgreSQL expressions over the jsonb `doc`."""
    path = "{" + key.replace(".", ",") + "}"
    if kind == "time":
        return [f"{doc} #>> '{{{key},{part}}}'" for part in PARTS]
    each = "WITH ORDINALITY AS a(x, n)"
    exprs = {
        "text": f"{doc} #>> '{path}'",
        "int": f"({doc} #>> '{path}')::bigint",
        "bool": f"({doc} #>> '{path}')::boolean",
        "list": (
            "(SELECT string_agg(x, '; ' ORDER BY n) "
            f"FROM jsonb_array_elements_text({doc} -> '{key}') {each})"
        ),
        "by": (
            "(SELECT string_agg(x ->> 'by', '; ' ORDER BY n) "
            f"FROM jsonb_array_elements({doc} -> '{key}') {each})"
        ),
        "count": f"jsonb_array_length({doc} -> '{key}')",
        "rating": f"({doc} #>> '{{rating,reliability}}') || ({doc} #>> '{{rating,credibility}}')",
    }
    if kind in exprs:
        return [exprs[kind]]
    scheduled, end = f"{doc} ->> 'status' = 'scheduled'", f"({doc} #>> '{{scheduled,end}}')"
    if kind == "overdue":
        return [f"COALESCE({scheduled} AND {end}::timestamptz <= now(), false)"]
    planned = f"jsonb_typeof({doc} -> 'scheduled') = 'object'"
    return [
        f"COALESCE({scheduled} AND {planned} "
        f"AND ({end} IS NULL OR {end}::timestamptz > now()), false)"
    ]


def _columns(spec: Spec, dialect: str, doc: str = "content") -> str:
    out: list[str] = []
    for column, kind, key in spec:
        names = [f"{column}_{part}" for part in PARTS] if kind == "time" else [column]
        exprs = (
            _postgresql(kind, key or column)
            if dialect == "postgresql"
            else _sqlite(kind, key or column, doc)
        )
        out.extend(f'{expr} AS "{name}"' for expr, name in zip(exprs, names))
    return ",\n  ".join(out)


def _order(projection: str, dialect: str) -> str:
    """The view's order: meetings by held or else scheduled start, the others by their sort key."""
    if projection == "meetings":
        start = (
            "COALESCE(c #>> '{held,start}', c #>> '{scheduled,start}')"
            if dialect == "postgresql"
            else "COALESCE(json_extract(content, '$.held.start'), "
            "json_extract(content, '$.scheduled.start'))"
        )
        first = f"{start} IS NULL, {start}"
    else:
        first = (
            "sort_at NULLS FIRST, sort_rank" if dialect == "postgresql" else "sort_at, sort_rank"
        )
    return f"{first}, key" + (' COLLATE "C"' if dialect == "postgresql" else "")


def view_sql(name: str, dialect: str) -> str:
    """CREATE VIEW for one of the projection views."""
    projection, spec = VIEWS[name]
    now = f"projection = '{projection}' AND recorded_until IS NULL AND known_until IS NULL"
    source = (
        "(SELECT content::jsonb AS c, sort_at, sort_rank, key "
        f"FROM projection_versions WHERE {now}) AS v"
        if dialect == "postgresql"
        else f"projection_versions WHERE {now}"
    )
    return (
        f"CREATE VIEW {name} AS SELECT\n  {_columns(spec, dialect)}\nFROM {source}\n"
        f"ORDER BY {_order(projection, dialect)}"
    )


def sources_sql(dialect: str) -> str:
    """CREATE VIEW sources: each source stream's first registration."""
    first = (
        "type = 'SourceRegistered' AND NOT EXISTS (SELECT 1 FROM events f "
        "WHERE f.stream = e.stream AND f.type = 'SourceRegistered' AND f.version < e.version)"
    )
    if dialect == "postgresql":
        source = f"(SELECT stream, data::jsonb AS c FROM events e WHERE {first}) AS v"
        order = 'stream COLLATE "C"'
    else:
        source, order = f"events e WHERE {first}", "stream"
    columns = _columns(SOURCES, dialect, doc="data")
    return (
        f'CREATE VIEW sources AS SELECT\n  stream AS "id",\n  {columns}\n'
        f"FROM {source}\nORDER BY {order}"
    )


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    for name in VIEWS:
        op.execute(view_sql(name, dialect))
    op.execute(sources_sql(dialect))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS sources")
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
