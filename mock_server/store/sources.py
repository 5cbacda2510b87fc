"""Reading a data directory's files into raw rows, each tagged with where it came from.

A table comes as ``NAME.jsonl`` (one JSON object a line) or ``NAME.parquet`` (read through a throwaway DuckDB
connection, so the serving database never needs file access). Nothing here checks keys or types: that is
``validation``'s job; this module only turns bytes into ``SourceRow``s or says which line is not JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from .errors import FixtureError

# Parquet has no nested "any JSON" type, so these columns may hold JSON text; it is decoded here.
JSON_TEXT_COLUMNS = frozenset({"properties"})


@dataclass(frozen=True)
class SourceRow:
    """One row as read; ``where`` names it in errors (``events.jsonl:17``, ``events.parquet:row 17``)."""

    where: str
    values: dict[str, Any]


def read_table(directory: Path, table: str, *, required: bool) -> list[SourceRow]:
    """The rows of ``table`` from its JSONL or Parquet file; ``[]`` for an absent optional table. A file that
    cannot be read (a directory in its place, no permission, a date out of range) is a ``FixtureError``."""
    try:
        return _read_table(directory, table, required=required)
    except (OSError, OverflowError) as error:
        raise FixtureError(f"{table}: cannot read it in {directory}: {error}") from None


def _read_table(directory: Path, table: str, *, required: bool) -> list[SourceRow]:
    jsonl, parquet = directory / f"{table}.jsonl", directory / f"{table}.parquet"
    if jsonl.exists() and parquet.exists():
        raise FixtureError(f"{table}: both {jsonl.name} and {parquet.name} in {directory}; keep one")
    if jsonl.exists():
        return read_jsonl(jsonl)
    if parquet.exists():
        return read_parquet(parquet)
    if required:
        raise FixtureError(f"{table}: no {jsonl.name} or {parquet.name} in {directory}")
    return []


def read_jsonl(path: Path) -> list[SourceRow]:
    """One row per non-blank line; line numbers count from 1."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise FixtureError(f"{path.name}: not UTF-8 text: {error}") from None
    # split("\n"), not splitlines(): U+2028 and friends may appear raw inside JSON strings.
    lines = enumerate(text.split("\n"), start=1)
    return [_json_row(f"{path.name}:{number}", line) for number, line in lines if line.strip()]


def read_parquet(path: Path) -> list[SourceRow]:
    """One row per Parquet row; row numbers count from 1. A NULL cell counts as an absent key."""
    with duckdb.connect(":memory:") as connection:
        try:
            cursor = connection.execute("SELECT * FROM read_parquet(?)", [str(path)])
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        except duckdb.Error as error:
            raise FixtureError(f"{path.name}: not a readable Parquet file: {error}") from None
    return [
        SourceRow(f"{path.name}:row {number}", _parquet_values(names, row)) for number, row in enumerate(rows, start=1)
    ]


def read_json_object(path: Path) -> SourceRow | None:
    """A whole file holding one JSON object (``project.json``), or ``None`` when it is absent."""
    if not path.exists():
        return None
    try:
        return _json_row(path.name, path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise FixtureError(f"{path.name}: not UTF-8 text: {error}") from None
    except OSError as error:  # e.g. a directory named project.json
        raise FixtureError(f"{path.name}: cannot read it: {error}") from None


def parse_json(text: str) -> Any:
    """Strict JSON: ``NaN`` and ``Infinity`` are Python extensions that no other reader accepts."""
    return json.loads(text, parse_constant=_reject_constant)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _json_row(where: str, text: str) -> SourceRow:
    try:
        value = parse_json(text)
    except ValueError as error:
        raise FixtureError(f"{where}: not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise FixtureError(f"{where}: not a JSON object: {text.strip()[:80]}")
    return SourceRow(where, value)


def _parquet_values(names: list[str], row: tuple[Any, ...]) -> dict[str, Any]:
    return {name: _decoded(name, value) for name, value in zip(names, row, strict=True) if value is not None}


def _decoded(name: str, value: Any) -> Any:
    if name not in JSON_TEXT_COLUMNS or not isinstance(value, str):
        return value
    try:
        return parse_json(value)
    except ValueError:
        return value  # left as text, so validation reports "not a JSON object" with the row
