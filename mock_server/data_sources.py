"""Where each project's data comes from, and how the control API changes it without bypassing validation.

A ``DataSource`` is a data directory in the fixtures.md format. Changing the data never edits a directory in
place: replacing it with inline rows writes a new temporary directory; appending events copies the current one
(events as JSON Lines) and adds the rows. Either way the result is read back through the store's
``load_directory``, so inline rows get exactly the checks and error messages of files, and a bad row leaves the
serving data untouched. The bundled dataset is rebased against the clock of its first load; appended rows are
stored shifted back by the same whole days, so the reload puts them exactly where the client said.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.store import Dataset, FixtureError, load_directory, rebase_days
from mock_server.store.sources import read_table
from mock_server.store.validation import Invalid, event_input, instant, naive_utc

TABLES = ("events", "persons", "groups")
INLINE_FIELDS = frozenset({*TABLES, "project"})
SHIFTED_FIELDS = ("timestamp", "created_at")


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def write_jsonl(path: Path, rows: Sequence[Any], *, append: bool = False) -> None:
    lines = "".join(json.dumps(row, default=_json_default) + "\n" for row in rows)
    with path.open("a" if append else "w", encoding="utf-8") as file:
        file.write(lines)


def _as_jsonl(directory: Path, table: str) -> Path:
    """``table`` as JSON Lines in ``directory``, converting a Parquet file (its rows as read) if need be."""
    jsonl, parquet = directory / f"{table}.jsonl", directory / f"{table}.parquet"
    if parquet.exists() and not jsonl.exists():
        write_jsonl(jsonl, [row.values for row in read_table(directory, table, required=True)])
        parquet.unlink()
    return jsonl


def _shift_row(row: Any, shift: timedelta) -> Any:
    """``row`` with its date-times moved by ``shift``; a value that does not parse is left for validation."""
    if not isinstance(row, Mapping) or not shift:
        return row
    moved = dict(row)
    for name in SHIFTED_FIELDS:
        with contextlib.suppress(KeyError, Invalid):
            moved[name] = _shifted(instant(row[name]), shift, name)
    return moved


def _shifted(value: datetime, shift: timedelta, name: str) -> str:
    try:
        return (value + shift).replace(tzinfo=UTC).isoformat()
    except OverflowError:
        raise FixtureError(f"{name}: {value.isoformat()} is too close to year 1 or 9999 for the rebased data") from None


def _scratch_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="hogmock-data-"))


def _remove(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)


@dataclass(frozen=True)
class DataSource:
    """A data directory; ``rebase_at`` (the bundled dataset) rebases it against that instant; ``owned`` marks a
    temporary directory hogmock made and removes."""

    directory: Path
    rebase_at: datetime | None = None
    owned: bool = False

    def load(self, now: datetime) -> Dataset:
        if self.rebase_at is not None:
            return load_directory(self.directory, now=self.rebase_at, rebase=True)
        return load_directory(self.directory, now=now)

    def rebase_shift(self) -> timedelta:
        """How far ``load`` moves this directory's rows (zero unless rebased)."""
        if self.rebase_at is None:
            return timedelta(0)
        events = [event_input(row) for row in read_table(self.directory, "events", required=True)]
        return rebase_days(events, naive_utc(self.rebase_at)) * timedelta(days=1)

    def with_events(self, rows: Sequence[Any]) -> DataSource:
        """A copy of this source with ``rows`` appended to its events."""
        shift = self.rebase_shift()
        shifted = [_shift_row(row, -shift) for row in rows]
        copy = _scratch_directory()
        try:
            shutil.copytree(self.directory, copy, dirs_exist_ok=True)
            write_jsonl(_as_jsonl(copy, "events"), shifted, append=True)
        except BaseException:  # whatever failed, the copy must not outlive this call
            _remove(copy)
            raise
        return DataSource(copy, self.rebase_at, owned=True)

    def discard(self) -> None:
        if self.owned:
            _remove(self.directory)


def inline_source(data: Mapping[str, Any]) -> DataSource:
    """A source made of inline rows: ``{"events": [...], "persons": [...], "groups": [...], "project": {...}}``."""
    unknown = set(data) - INLINE_FIELDS
    if unknown:
        raise FixtureError(f"unknown data key(s): {', '.join(sorted(unknown))}; expected {sorted(INLINE_FIELDS)}")
    directory = _scratch_directory()
    try:
        _write_inline(directory, data)
    except BaseException:  # a bad table leaves no temporary directory behind
        _remove(directory)
        raise
    return DataSource(directory, owned=True)


def _write_inline(directory: Path, data: Mapping[str, Any]) -> None:
    for table in TABLES:
        rows = data.get(table)
        if rows is not None and not isinstance(rows, list):
            raise FixtureError(f"{table}: expected a list of rows")
        if rows is not None:
            write_jsonl(directory / f"{table}.jsonl", rows)
    if data.get("project") is not None:
        (directory / "project.json").write_text(json.dumps(data["project"]), encoding="utf-8")
