"""Payload types by stable name and schema version, and the upcasters between versions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import pydantic
from pydantic import BaseModel, ConfigDict

from crisis_timeline.errors import ValidationError
from crisis_timeline.events.trusted import decoder

Data = dict[str, Any]
Upcaster = Callable[[Data], Data]
P = TypeVar("P", bound="Payload")


class Payload(BaseModel):
    """A typed, frozen event payload; subclasses are registered under a stable type name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type_name: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1


class Registry:
    """Maps type names to payload classes and (type, old version) to upcasters."""

    def __init__(self) -> None:
        self._types: dict[str, type[Payload]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        self._decoders: dict[str, tuple[int, Callable[[Data], Payload]]] = {}
        """Per type name: its current schema version and the decoder of its stored data."""

    def register(self, name: str, version: int = 1) -> Callable[[type[P]], type[P]]:
        """Class decorator: register a payload class as the current version of `name`."""

        def decorate(cls: type[P]) -> type[P]:
            if name in self._types:
                raise ValueError(f"event type {name!r} registered twice")
            cls.type_name, cls.schema_version = name, version
            self._types[name] = cls
            return cls

        return decorate

    def upcaster(self, name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Function decorator: turn `name` data of `from_version` into `from_version + 1`."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(name, from_version)] = fn
            return fn

        return decorate

    def names(self) -> list[str]:
        """Registered type names, sorted."""
        return sorted(self._types)

    def payload_class(self, name: str) -> type[Payload]:
        """The payload class of a type name."""
        try:
            return self._types[name]
        except KeyError:
            raise ValidationError(f"unknown event type {name!r}") from None

    def upcast(self, name: str, version: int, data: Data) -> Data:
        """Bring stored data of an old schema version up to the current one."""
        current = self.payload_class(name).schema_version
        if version > current:
            raise ValidationError(
                f"{name} schema_version {version} is newer than this program's {current}"
            )
        while version < current:
            try:
                data = self._upcasters[(name, version)](data)
            except KeyError:
                raise ValidationError(
                    f"no upcaster for {name} from schema_version {version}"
                ) from None
            version += 1
        return data

    def decode(self, name: str, version: int, data: Data) -> Payload:
        """Typed payload of stored data, upcast to the current schema version."""
        cls = self.payload_class(name)
        try:
            return cls.model_validate(self.upcast(name, version, data))
        except pydantic.ValidationError as e:
            raise ValidationError(f"{name}: {describe(e)}") from None

    def trusted(self, name: str, version: int, data: Data) -> Payload:
        """Typed payload of stored data, upcast, without validating again (the store did)."""
        found = self._decoders.get(name)  # every fold asks this, once per event
        if found is None:
            cls = self.payload_class(name)
            found = self._decoders[name] = (cls.schema_version, decoder(cls))
        if version != found[0]:
            data = self.upcast(name, version, data)
        return found[1](data)

    def normalise(self, name: str, version: int, data: Data) -> Data:
        """Validate new data for the current schema version; return its JSON form."""
        cls = self.payload_class(name)
        if version != cls.schema_version:
            raise ValidationError(
                f"{name}: new events must use schema_version {cls.schema_version}"
            )
        try:
            return cls.model_validate(data).model_dump(mode="json")
        except pydantic.ValidationError as e:
            raise ValidationError(f"{name}: {describe(e)}") from None


def adding(**defaults: Any) -> Upcaster:
    """An upcaster for a version that only adds optional fields: their defaults, as dumped."""

    def upcast(data: Data) -> Data:
        return {**data, **{k: copy.deepcopy(v) for k, v in defaults.items() if k not in data}}

    return upcast


def describe(error: pydantic.ValidationError) -> str:
    """One line for the first problem pydantic found: 'field.path: message'."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "data"
    return f"{where}: {first['msg']}"


registry = Registry()
"""The vocabulary of this program; modules in `crisis_timeline.events` register into it."""
