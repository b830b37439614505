"""Statements for the busiest path (the watching heartbeat), run on the DB-API cursor.

For a small indexed query SQLAlchemy's per-execution work (execution context, result
wrapping, ORM loading) costs several times what the database spends. A `Prepared`
statement is a Core statement compiled once per dialect and run on the DB-API
connection beneath the session's own connection, inside the session's transaction. Values
go through the columns' own type processors both ways, so what it reads and writes is
exactly what the ORM would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement


class Prepared:
    def __init__(self, statement: ClauseElement):
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def rows(self, session: Session, values: dict[str, Any]) -> list[tuple]:
        """Run with `values`, one for each bound parameter (a column's Python-side
        default or `onupdate` is not applied: give it); the rows it returns, if any."""
        connection = session.connection()
        compiled = self._compiled(connection.dialect)
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            if not cursor.description:
                return []
            convert = compiled.converter(cursor.description)
            return [convert(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def first(self, session: Session, values: dict[str, Any]) -> tuple | None:
        found = self.rows(session, values)
        return found[0] if found else None

    def _compiled(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect.name)
        if compiled is None:
            compiled = self._by_dialect[dialect.name] = _Compiled(
                self.statement, dialect
            )
        return compiled


class _Compiled:
    def __init__(self, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.positional = compiled.positional
        names = compiled.positiontup if compiled.positional else list(compiled.binds)
        self.binds = [
            (name, _bind_processor(compiled.binds[name].type, dialect))
            for name in names
        ]
        self.dialect = dialect
        self.columns = list(getattr(statement, "selected_columns", ()))
        self._convert: Callable[[tuple], tuple] | None = None

    def parameters(self, values: dict[str, Any]) -> list | dict:
        converted = [
            (name, process(values[name]) if process else values[name])
            for name, process in self.binds
        ]
        if self.positional:
            return [value for _, value in converted]
        return dict(converted)

    def converter(self, description) -> Callable[[tuple], tuple]:
        """Rows to Python values by the selected columns' types (built at the first
        run: some processors need the driver's type codes from the cursor)."""
        if self._convert is None:
            processors = [
                _result_processor(column.type, self.dialect, described[1])
                for column, described in zip(self.columns, description, strict=False)
            ]
            if not any(processors):
                self._convert = tuple
            else:
                self._convert = lambda row: tuple(
                    process(value) if process else value
                    for process, value in zip(processors, row, strict=False)
                )
        return self._convert


def _bind_processor(type_, dialect: Dialect) -> Callable | None:
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _result_processor(type_, dialect: Dialect, type_code) -> Callable | None:
    return type_.dialect_impl(dialect).result_processor(dialect, type_code)
