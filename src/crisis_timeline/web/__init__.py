"""The read-only HTTP API (`crisis serve`) and the page, served live or exported as one file.

The API answers with the library's own query functions (queries, audit, search, exports) and
the CLI's JSON, byte for byte; the page reads the same answers.
"""
