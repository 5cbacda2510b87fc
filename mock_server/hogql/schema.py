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
from datetime import datetime

from sqlglot import exp

from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.urls import FUNCTIONS as URL_FUNCTIONS

TableRef = Callable[[str], exp.Expr]


@dataclass(frozen=True)
class Column:
    column: str
    ch_type: str


@dataclass(frozen=True)
class DateTimeColumn:
    column: str
    precision: int | None = 6  # None: a DateTime of whole seconds


@dataclass(frozen=True)
class JsonColumn:
    """JSON text; ``scope`` names whose property definitions type its keys (``event``, ``person``, ``group``)."""

    column: str
    scope: str | None = None


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


# The URL functions' renderers read nothing from the context.
_URL_CONTEXT = TranslationContext(now=datetime(1970, 1, 1))


def _url(function: str, column: str) -> Expression:
    """``path(column)`` / ``domain(column)`` of a nullable URL column, as HogQL's functions compute them."""

    def build(alias: str) -> exp.Expr:
        url = exp.column(column, table=alias, quoted=True)
        return URL_FUNCTIONS[function].render([url], ["Nullable(String)"], _URL_CONTEXT)

    return Expression(build, "Nullable(String)")


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
        "properties": JsonColumn("properties", "event"),
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
                "properties": JsonColumn("person_properties", "person"),
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
        "properties": JsonColumn("properties", "person"),
        "is_identified": Column("is_identified", "Int8"),  # Int8 in ClickHouse's person table (person/sql.py)
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
        # ClickHouse's groups table (posthog/models/group/sql.py): group_type_index UInt8, created_at
        # DateTime64 (precision 3), _timestamp (updated_at) DateTime.
        "index": Column("index", "UInt8"),
        "team_id": Column("team_id", "Int64"),
        "key": Column("key", "String"),
        "created_at": DateTimeColumn("created_at", 3),
        "updated_at": DateTimeColumn("updated_at", None),
        "properties": JsonColumn("properties", "group"),
    },
    star=("index", "key", "created_at", "updated_at", "properties"),
)

_DURATION = "date_diff('second', {t}.start_timestamp, {t}.end_timestamp)"
# sessions_v3.py: not a bounce when more than one pageview/screen/autocapture or at least 10 seconds long;
# NULL without any (DEFAULT_BOUNCE_RATE_DURATION_SECONDS in sessions_v1.py).
_IS_BOUNCE = (
    f"CASE WHEN {{t}}.bounce_events > 0 THEN (NOT ({{t}}.bounce_events > 1 OR {_DURATION} >= 10))::UTINYINT END"
)
_ENTRY_TEXT = ("referring_domain", "utm_source", "utm_campaign", "utm_medium", "utm_term", "utm_content", "gclid",
               "gad_source", "fbclid")  # fmt: skip

# posthog/hogql/database/schema/sessions_v3.py (LAZY_SESSIONS_FIELDS), computed over the table ddl.py derives.
SESSIONS = Table(
    name="sessions",
    source="sessions",
    fields={
        "team_id": Column("team_id", "Int64"),
        "id": Column("session_id", "String"),
        "session_id": Column("session_id", "String"),
        "distinct_id": Column("distinct_id", "String"),
        "$start_timestamp": DateTimeColumn("start_timestamp"),
        "$end_timestamp": DateTimeColumn("end_timestamp"),
        "$urls": Column("urls", "Array(String)"),
        "$num_uniq_urls": _sql("len({t}.urls)", "UInt64"),
        "$entry_current_url": Column("entry_url", "Nullable(String)"),
        "$entry_pathname": _url("path", "entry_url"),
        "$entry_hostname": _url("domain", "entry_url"),
        "$end_current_url": Column("end_url", "Nullable(String)"),
        "$end_pathname": _url("path", "end_url"),
        "$end_hostname": _url("domain", "end_url"),
        "$last_external_click_url": Column("last_external_click_url", "Nullable(String)"),
        "$exit_current_url": Column("end_url", "Nullable(String)"),
        "$exit_pathname": _url("path", "end_url"),
        **{f"$entry_{name}": Column(f"entry_{name}", "Nullable(String)") for name in _ENTRY_TEXT},
        "$pageview_count": Column("pageview_count", "UInt64"),
        "$autocapture_count": Column("autocapture_count", "UInt64"),
        "$screen_count": Column("screen_count", "UInt64"),
        "$channel_type": Column("channel_type", "String"),
        "$session_duration": _sql(_DURATION, "Int64"),
        "duration": _sql(_DURATION, "Int64"),
        "$is_bounce": _sql(_IS_BOUNCE, "Nullable(UInt8)"),
    },
    # avoid_asterisk_fields: id, duration and the $exit_* aliases (plus the binary columns hogmock lacks).
    star=(
        "session_id",
        "distinct_id",
        "$start_timestamp",
        "$end_timestamp",
        "$urls",
        "$num_uniq_urls",
        "$entry_current_url",
        "$entry_pathname",
        "$entry_hostname",
        "$end_current_url",
        "$end_pathname",
        "$end_hostname",
        "$entry_referring_domain",
        "$last_external_click_url",
        "$entry_utm_source",
        "$entry_utm_campaign",
        "$entry_utm_medium",
        "$entry_utm_term",
        "$entry_utm_content",
        "$entry_fbclid",
        "$entry_gclid",
        "$entry_gad_source",
        "$pageview_count",
        "$autocapture_count",
        "$screen_count",
        "$channel_type",
        "$session_duration",
        "$is_bounce",
    ),
)

_REPLAY_COUNTS = ("click_count", "keypress_count", "mouse_activity_count", "active_milliseconds",
                  "console_log_count", "console_warn_count", "console_error_count")  # fmt: skip
_REPLAY_COMMON: dict[str, Field] = {
    "session_id": Column("session_id", "String"),
    "distinct_id": Column("distinct_id", "String"),
    "first_url": Column("first_url", "Nullable(String)"),
    "all_urls": Column("all_urls", "Array(String)"),
    **{name: Column(name, "Int64") for name in (*_REPLAY_COUNTS, "size", "event_count", "message_count")},
    "snapshot_source": Column("snapshot_source", "Nullable(String)"),
    "pdi": LazyJoin("person_distinct_ids", "distinct_id", "distinct_id", kind="INNER"),
    "session": LazyJoin("sessions", "session_id", "session_id"),
}
_REPLAY_STAR = ("session_id", "distinct_id", "all_urls", *_REPLAY_COUNTS, "size", "event_count", "message_count",
                "snapshot_source")  # fmt: skip

# posthog/hogql/database/schema/session_replay_events.py: the lazy table aggregates the raw rows per session
# (start_time = min(min_first_timestamp) …); hogmock stores one row per session, so both read the same rows.
SESSION_REPLAY_EVENTS = Table(
    name="session_replay_events",
    source="session_replay_events",
    fields={
        **_REPLAY_COMMON,
        "start_time": DateTimeColumn("min_first_timestamp"),
        "end_time": DateTimeColumn("max_last_timestamp"),
    },
    star=("session_id", "distinct_id", "first_url", *_REPLAY_STAR[2:], "start_time", "end_time"),
)

RAW_SESSION_REPLAY_EVENTS = Table(
    name="raw_session_replay_events",
    source="session_replay_events",
    fields={
        **_REPLAY_COMMON,
        "min_first_timestamp": DateTimeColumn("min_first_timestamp"),
        "max_last_timestamp": DateTimeColumn("max_last_timestamp"),
    },
    # avoid_asterisk_fields: first_url.
    star=("session_id", "distinct_id", "min_first_timestamp", "max_last_timestamp", *_REPLAY_STAR[2:]),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        EVENTS, PERSONS, PERSON_DISTINCT_IDS, GROUPS, SESSIONS, SESSION_REPLAY_EVENTS, RAW_SESSION_REPLAY_EVENTS
    )
}  # fmt: skip
