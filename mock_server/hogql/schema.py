"""PostHog's virtual HogQL schema (``posthog/hogql/database/schema/*.py``), mapped onto hogmock's DuckDB tables.

A table is a mapping of HogQL field names to field kinds. The kinds are small records the resolver
interprets:

- ``Column``: a stored column and its ClickHouse type;
- ``DateTimeColumn``: a stored UTC timestamp, shown in the team's timezone as ``DateTime64(p, tz)``;
- ``JsonColumn``: JSON text; ``field.a.b`` chains read properties from it;
- ``LazyJoin``: another table, joined on first use (``person``, ``pdi``, ``group_0``, ``session``);
- ``VirtualTable``: fields of the same row under another name (``poe.properties`` → ``person_properties``);
- ``Expression``: a field computed from other columns of the row (sessions' ``$session_duration``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlglot import exp

TableRef = Callable[[str], exp.Expr]


@dataclass(frozen=True)
class Column:
    column: str
    ch_type: str


@dataclass(frozen=True)
class DateTimeColumn:
    column: str
    precision: int = 6


@dataclass(frozen=True)
class JsonColumn:
    column: str


@dataclass(frozen=True)
class LazyJoin:
    """``table`` joined where ``table.to_field = <this row>.from_column`` (plus ``extra`` equalities)."""

    table: str
    from_column: str
    to_column: str
    kind: str = "LEFT"
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class VirtualTable:
    fields: Mapping[str, Field]


@dataclass(frozen=True)
class Expression:
    """A field computed by ``build(alias)`` from the row's own columns."""

    build: Callable[[str], exp.Expr]
    ch_type: str


Field = Column | DateTimeColumn | JsonColumn | LazyJoin | VirtualTable | Expression


@dataclass(frozen=True)
class Table:
    """A HogQL table: its DuckDB source, its fields, and which fields ``SELECT *`` shows."""

    name: str
    source: str
    fields: Mapping[str, Field]
    star: tuple[str, ...]


def _sql(template: str, ch_type: str) -> Expression:
    """An expression field from DuckDB SQL in which ``{t}`` is the table's alias."""

    def build(alias: str) -> exp.Expr:
        return exp.maybe_parse(template.format(t=exp.to_identifier(alias).sql("duckdb")), dialect="duckdb")

    return Expression(build, ch_type)


def _groups_fields() -> dict[str, Field]:
    fields: dict[str, Field] = {f"$group_{n}": Column(f"$group_{n}", "String") for n in range(5)}
    for n in range(5):
        fields[f"group_{n}"] = LazyJoin("groups", f"$group_{n}", "key", extra={"index": n})
    return fields


EVENTS = Table(
    name="events",
    source="events",
    fields={
        "uuid": Column("uuid", "UUID"),
        "event": Column("event", "String"),
        "properties": JsonColumn("properties"),
        "timestamp": DateTimeColumn("timestamp"),
        "team_id": Column("team_id", "Int64"),
        "distinct_id": Column("distinct_id", "String"),
        "elements_chain": Column("elements_chain", "String"),
        "created_at": DateTimeColumn("created_at"),
        "$session_id": Column("$session_id", "String"),
        "$window_id": Column("$window_id", "String"),
        "person_id": Column("person_id", "UUID"),
        "person": LazyJoin("persons", "person_id", "id"),
        "pdi": LazyJoin("person_distinct_ids", "distinct_id", "distinct_id", kind="INNER"),
        "poe": VirtualTable(
            {
                "id": Column("person_id", "UUID"),
                "created_at": DateTimeColumn("person_created_at", 3),
                "properties": JsonColumn("person_properties"),
            }
        ),
        "session": LazyJoin("sessions", "$session_id", "session_id"),
        **_groups_fields(),
    },
    # posthog/hogql/database/schema/events.py: fields shown by `SELECT *` (hidden and lazy ones excluded).
    star=(
        "uuid",
        "event",
        "properties",
        "timestamp",
        "distinct_id",
        "elements_chain",
        "created_at",
        "$session_id",
        "$window_id",
        *(f"$group_{n}" for n in range(5)),
    ),
)

PERSONS = Table(
    name="persons",
    source="persons",
    fields={
        "id": Column("id", "UUID"),
        "created_at": DateTimeColumn("created_at", 3),
        "team_id": Column("team_id", "Int64"),
        "properties": JsonColumn("properties"),
        "is_identified": Column("is_identified", "Bool"),
    },
    star=("id", "created_at", "properties", "is_identified"),
)

PERSON_DISTINCT_IDS = Table(
    name="person_distinct_ids",
    source="person_distinct_ids",
    fields={
        "team_id": Column("team_id", "Int64"),
        "distinct_id": Column("distinct_id", "String"),
        "person_id": Column("person_id", "UUID"),
        "person": LazyJoin("persons", "person_id", "id"),
    },
    star=("distinct_id", "person_id"),
)

GROUPS = Table(
    name="groups",
    source="groups",
    fields={
        "index": Column("index", "Int32"),
        "team_id": Column("team_id", "Int64"),
        "key": Column("key", "String"),
        "created_at": DateTimeColumn("created_at"),
        "updated_at": DateTimeColumn("updated_at"),
        "properties": JsonColumn("properties"),
    },
    star=("index", "key", "created_at", "updated_at", "properties"),
)

SESSIONS = Table(
    name="sessions",
    source="sessions",
    fields={
        "session_id": Column("session_id", "String"),
        "id": Column("session_id", "String"),
        "team_id": Column("team_id", "Int64"),
        "distinct_id": Column("distinct_id", "String"),
        "$start_timestamp": DateTimeColumn("start_timestamp"),
        "$end_timestamp": DateTimeColumn("end_timestamp"),
        "$entry_current_url": Column("entry_url", "Nullable(String)"),
        "$end_current_url": Column("exit_url", "Nullable(String)"),
        "$exit_current_url": Column("exit_url", "Nullable(String)"),
        "$pageview_count": Column("pageview_count", "UInt64"),
        "$autocapture_count": Column("autocapture_count", "UInt64"),
        "$screen_count": Column("screen_count", "UInt64"),
        "$session_duration": _sql("date_diff('second', {t}.start_timestamp, {t}.end_timestamp)", "Int64"),
        "duration": _sql("date_diff('second', {t}.start_timestamp, {t}.end_timestamp)", "Int64"),
    },
    star=("session_id", "distinct_id", "$start_timestamp", "$end_timestamp"),
)

TABLES: dict[str, Table] = {t.name: t for t in (EVENTS, PERSONS, PERSON_DISTINCT_IDS, GROUPS, SESSIONS)}
