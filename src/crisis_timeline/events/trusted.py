"""Stored payloads as their typed classes, without a second validation.

The store validated every payload on the way in (registry.normalise) and keeps its JSON form;
reading it back only has to turn JSON values into the types the fields declare (a partial
time, an enum, a nested model, a tuple), which `model_construct` alone would leave as JSON.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from crisis_timeline.time import PartialTime, partial_from_json

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def converter(annotation: Any) -> Convert:
    """How a JSON value becomes a value of this field type (as it is when it needs nothing)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return converter(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = [converter(a) for a in args if a is not type(None)]
        one = inner[0] if len(inner) == 1 else _same
        return _same if one is _same else lambda v: None if v is None else one(v)
    if origin is tuple:
        item = converter(args[0]) if args else _same
        return tuple if item is _same else lambda v: tuple(map(item, v))
    return _plain(annotation)


def _plain(annotation: Any) -> Convert:
    if annotation is PartialTime:
        return partial_from_json
    if not isinstance(annotation, type):
        return _same
    if issubclass(annotation, enum.Enum):
        return annotation
    if issubclass(annotation, BaseModel):
        return decoder(annotation)
    if annotation is UUID:
        return UUID
    if annotation is datetime:
        return datetime.fromisoformat
    return _same  # str, int, bool, dict, Any: JSON already is that


@cache
def decoder(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """The function building a `cls` from its stored JSON form (validated when it was stored)."""
    convert = {name: converter(field.annotation) for name, field in cls.model_fields.items()}

    def decode(data: dict[str, Any]) -> M:
        return cls.model_construct(**{k: convert[k](v) for k, v in data.items()})

    return decode
