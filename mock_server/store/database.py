"""The serving database: one in-memory DuckDB per load, filled from a ``Dataset`` and then locked down.

Each build makes a new database, so a failed load never half-replaces the one serving. Rows go in column-wise
as list parameters (``INSERT … SELECT unnest($1), …``): no files, and far faster than ``executemany``.
After loading, the configuration is locked, so a query can neither reach files, the network or extensions nor
turn those settings back on (``SET``/``PRAGMA``/``RESET`` fail). JSON and ICU are built into the duckdb wheel,
so ``json_extract_string`` and ``timezone(...)`` need no ``LOAD``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import duckdb

from . import ddl
from .model import Dataset, Event, Group, Person, Replay

Row = TypeVar("Row")

# Set at connect time, so that not even the build can reach a file or download an extension.
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
}

EVENT_COLUMNS = (
    "uuid", "event", "properties", "timestamp", "team_id", "distinct_id", "elements_chain", "created_at",
    "$session_id", "$window_id", "person_id", "person_properties", "person_created_at",
    "$group_0", "$group_1", "$group_2", "$group_3", "$group_4",
)  # fmt: skip
PERSON_COLUMNS = ("id", "team_id", "created_at", "properties", "is_identified")
DISTINCT_ID_COLUMNS = ("team_id", "distinct_id", "person_id")
GROUP_TYPE_COLUMNS = ("group_type", "group_type_index")
GROUP_COLUMNS = ("index", "team_id", "key", "created_at", "updated_at", "properties")
REPLAY_COLUMNS = tuple(Replay.__dataclass_fields__)


@dataclass(frozen=True)
class QueryResult:
    """What one query returned: column names and rows of Python values."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


class Database:
    """A loaded, locked-down project database; ``team_id`` is the one project it holds, and
    ``property_definitions`` the types of its properties (``property_definitions.py``)."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        team_id: int,
        property_definitions: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self.team_id = team_id
        self.property_definitions = property_definitions or {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to this database for one query; closing it or ``interrupt()`` ends the query."""
        with self._lock:  # cursors may be opened from many request threads at once
            return self._connection.cursor()

    def run(self, sql: str, parameters: Sequence[Any] | None = None) -> QueryResult:
        """Run ``sql`` on its own cursor (see ``run_select``)."""
        with closing(self.cursor()) as cursor:
            return run_select(cursor, sql, parameters)

    def event_count(self) -> int:
        """How many events the database holds."""
        return int(self.run("select count(*) from events").rows[0][0])

    def close(self) -> None:
        self._connection.close()


def run_select(cursor: duckdb.DuckDBPyConnection, sql: str, parameters: Sequence[Any] | None = None) -> QueryResult:
    """Run one SELECT in a transaction that is rolled back, so it cannot change the data other queries see.

    The translator only ever emits one SELECT; refusing anything else here is a second wall against a
    translation bug letting a user's text through as SQL (a stacked COMMIT would escape the rollback)."""
    statements = cursor.extract_statements(sql)
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise duckdb.InvalidInputException("hogmock runs exactly one SELECT statement per query")
    cursor.begin()
    try:
        cursor.execute(sql, parameters)
        columns = [column[0] for column in cursor.description or []]
        return QueryResult(columns, cursor.fetchall())
    finally:
        with suppress(duckdb.Error):  # an interrupted transaction may already be gone
            cursor.rollback()


def build_database(dataset: Dataset, team_id: int) -> Database:
    """A new in-memory database holding ``dataset`` in the tables of ``ddl.py``, then locked down."""
    connection = duckdb.connect(":memory:", config=CONNECT_CONFIG)
    try:
        _fill(connection, dataset, team_id)
        _lock_down(connection)
    except BaseException:
        connection.close()
        raise
    return Database(connection, team_id, dataset.property_definitions)


def _fill(connection: duckdb.DuckDBPyConnection, dataset: Dataset, team_id: int) -> None:
    for statement in ddl.TABLES.values():
        connection.execute(statement)
    _insert(connection, "events", EVENT_COLUMNS, dataset.events, lambda e: _event_row(e, team_id))
    _insert(connection, "persons", PERSON_COLUMNS, dataset.persons, lambda p: _person_row(p, team_id))
    distinct_ids = [(team_id, d, person.id) for person in dataset.persons for d in person.distinct_ids]
    _insert(connection, "person_distinct_ids", DISTINCT_ID_COLUMNS, distinct_ids, tuple)
    _insert(connection, "group_types", GROUP_TYPE_COLUMNS, dataset.group_types.items(), tuple)
    _insert(connection, "groups", GROUP_COLUMNS, dataset.groups, lambda g: _group_row(g, team_id))
    connection.execute(ddl.SESSIONS)
    _replays(connection, dataset.replays)


def _replays(connection: duckdb.DuckDBPyConnection, replays: list[Replay] | None) -> None:
    """The data directory's replay rows, or rows derived from the sessions when it gave none."""
    if replays is None:
        connection.execute(ddl.REPLAYS)
        return
    connection.execute(ddl.REPLAY_TABLE)
    _insert(connection, "session_replay_events", REPLAY_COLUMNS, replays, _replay_row)


def _replay_row(replay: Replay) -> tuple[Any, ...]:
    values = [getattr(replay, name) for name in REPLAY_COLUMNS]
    return tuple(list(value) if isinstance(value, tuple) else value for value in values)


def _insert(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    items: Iterable[Row],
    to_row: Callable[[Row], tuple[Any, ...]],
) -> None:
    """Insert all rows in one statement: each column is one list parameter, unnested side by side."""
    rows = [to_row(item) for item in items]
    values = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    names = ", ".join(f'"{name}"' for name in columns)
    unnests = ", ".join(f"unnest(${number})" for number in range(1, len(columns) + 1))
    connection.execute(f"INSERT INTO {table} ({names}) SELECT {unnests}", values)


def _millis(moment: datetime) -> datetime:
    """A timestamp as a ClickHouse ``DateTime64(3)`` column stores it (person and group ``created_at``)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _seconds(moment: datetime) -> datetime:
    """A timestamp as a ClickHouse ``DateTime`` column stores it (the groups table's ``_timestamp``)."""
    return moment.replace(microsecond=0)


def _event_row(event: Event, team_id: int) -> tuple[Any, ...]:
    return (
        event.uuid, event.event, event.properties, event.timestamp, team_id, event.distinct_id,
        event.elements_chain, event.created_at, event.session_id, event.window_id, event.person_id,
        event.person_properties, _millis(event.person_created_at), *event.group_keys,
    )  # fmt: skip


def _person_row(person: Person, team_id: int) -> tuple[Any, ...]:
    # ClickHouse's person table holds is_identified as Int8 (posthog/models/person/sql.py).
    return (person.id, team_id, _millis(person.created_at), person.properties, int(person.is_identified))


def _group_row(group: Group, team_id: int) -> tuple[Any, ...]:
    # Groups are immutable here, so a group was last updated when it was created.
    created = _millis(group.created_at)
    return (group.index, team_id, group.key, created, _seconds(group.created_at), group.properties)


def _lock_down(connection: duckdb.DuckDBPyConnection) -> None:
    # `ts::TIMESTAMPTZ` reads a naive timestamp in the time zone setting, and ours are UTC. GLOBAL, because a
    # plain SET is per connection and cursors would start from the machine's zone.
    connection.execute("SET GLOBAL TimeZone = 'UTC'")
    # External access, extension autoload/autoinstall and community extensions are off since connect;
    # locking the configuration keeps a query from switching any of them (or anything else) back on.
    connection.execute("SET lock_configuration = true")
