"""The store: tables, the event codec, the append-only event store, migrations."""
