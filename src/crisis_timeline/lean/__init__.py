"""The lean read path: a view command's as-of read of a SQLite file with the standard library's
sqlite3 and no SQLAlchemy, running the statements reading.py names, compiled once for SQLite
(statements.py, made by generate.py; read.py runs them)."""
