"""Canonical JSON: sorted keys, UTF-8, no whitespace. This is what gets hashed."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


def dumps(value: Any) -> str:
    """Serialise to canonical JSON text."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def loads(text: str | bytes) -> Any:
    """Parse JSON text."""
    return orjson.loads(text)


def chain_hash(prev_hash: str, canonical_json: str) -> str:
    """sha256(prev_hash + canonical JSON), hex."""
    return hashlib.sha256((prev_hash + canonical_json).encode("utf-8")).hexdigest()
