"""A column as an operand the SQLite planner does not choose an index for."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class unindexed(FunctionElement[Any]):
    """A column as an operand no SQLite index is chosen for (`+column`); the plain column elsewhere.

    SQLite without ANALYZE statistics prefers a range on (projection, known_from) to walking
    the sort index, then sorts every version known before T. The unary plus keeps the
    comparison and takes the column out of the planner's choice. PostgreSQL plans from its
    statistics and gets the column itself.
    """

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unindexed, "sqlite")
def _plus_column(element: unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))
