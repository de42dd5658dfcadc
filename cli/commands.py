"""Which module holds each command, and its one-line help: `crisis --help` lists every command
without importing any, and a command's module is imported only when it runs.

A test holds this table equal to the commands themselves (names, modules, short help)."""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "actors": ("views", "People, states, organisations and anonymous sources as identified."),
    "agreements": ("happenings", "Ceasefires and deals: reached, signed, violated, ended."),
    "audit": (
        "history",
        "Any stream's provenance, checked: its row against the log, every event, quote, "
        "sentence, source, link.",
    ),
    "casualties": (
        "happenings",
        "Every toll reported, per source, in the order it became known; none is overwritten.",
    ),
    "claims": (
        "views",
        "Claims with their status, disputes and corroborations, by first report, then id.",
    ),
    "db": ("db", "Schema migrations and database roles."),
    "demands": ("views", "Demands and the answers to them."),
    "diff": (
        "history",
        "What was learned between two knowledge times: the events, and each view's changes.",
    ),
    "draft": (
        "draft",
        "Draft a fixture from a saved article, every guess marked with a draft: note.",
    ),
    "events": ("events", "List the event log in position order."),
    "export": (
        "export",
        "Write what was known in formats other tools read: iCalendar, TimelineJS, PROV-JSON, "
        "PLOVER, CSV, the page.",
    ),
    "forces": ("views", "Reported force sizes as ranges over time, per source."),
    "gazetteer": (
        "places",
        "Suggest coordinates for a city from the offline GeoNames extract; records nothing.",
    ),
    "import": (
        "importing",
        "Import a dataset: ACLED exports (CSV) or PLOVER records (JSON lines).",
    ),
    "incidents": (
        "happenings",
        "Incidents by when they happened, with their place and the latest toll known.",
    ),
    "init": (
        "db",
        "Create the database (if it is a file) and migrate it to the newest schema.",
    ),
    "load": ("load", "Load fixture files: check everything, then append all or nothing."),
    "meetings": (
        "views",
        "Meetings: requested, scheduled (overdue when the time passed unreported), held, "
        "cancelled.",
    ),
    "places": (
        "happenings",
        "Places as identified: kind, country, admin levels, coordinates and their precision.",
    ),
    "quote": ("quote", "Quotes in source texts."),
    "rebuild": ("history", "Recompute projections from the event log (all, or the NAMES given)."),
    "replay": ("history", "Every view as it stood at a moment."),
    "sanctions": (
        "happenings",
        "Sanctions announced, imposed and lifted: by whom, against whom, which measures.",
    ),
    "search": ("search", "Search the facts' quotes, statements and titles; best matches first."),
    "serve": (
        "serve",
        "Serve the page at / and the read-only JSON API at /api (OpenAPI at /api/openapi.json).",
    ),
    "sources": (
        "views",
        "Sources: outlets, titles, publication dates, URLs and Admiralty ratings, by publication.",
    ),
    "timeline": (
        "views",
        "Every fact in world-time order, with who said it; by interval start, precision, then "
        "knowledge order.",
    ),
    "verify": (
        "events",
        "Walk the hash chain in position order; exit 1 naming the first position that fails.",
    ),
}
"""Each command's name: (its module under crisis_timeline.cli, the first paragraph of its help)."""

ALSO: dict[str, tuple[str, ...]] = {"export": ("serve",)}
"""Modules that add subcommands to another module's group, imported with it (serve.py's
`export html`)."""
