"""The ClickHouse side of the differential suite: a chdb session holding the dataset in PostHog's column types.

Owns the DDL (PostHog's ClickHouse tables: ``posthog/models/event/sql.py``, ``person/sql.py``,
``group/sql.py``), the per-timezone view databases, the SQL UDFs standing for PostHog's printed idioms, and
``ClickHouse.query`` (one fresh call per statement, output parsed from the last JSON document: after a failed
query chdb prepends that query's partial output to the next result).

Raw rows live in database ``raw``. Each team timezone gets a database (``tz_utc``, ``tz_europe_berlin``) of
views named like HogQL's tables, in which every DateTime column is wrapped in ``toTimeZone(col, tz)`` exactly
as PostHog's printer wraps ``DateTimeDatabaseField``s, so printed queries need not repeat it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mock_server.store import Dataset

SETTINGS = (
    "transform_null_in=1, join_use_nulls=0, session_timezone='UTC', "
    "output_format_json_quote_64bit_integers=0, output_format_json_quote_denormals=1"
)

RAW_TABLES = {
    "events": """
        CREATE TABLE raw.events (
            uuid UUID, event String, properties String, timestamp DateTime64(6, 'UTC'), team_id Int64,
            distinct_id String, elements_chain String, created_at DateTime64(6, 'UTC'),
            `$session_id` String, `$window_id` String, person_id UUID, person_properties String,
            person_created_at DateTime64(3), `$group_0` String, `$group_1` String, `$group_2` String,
            `$group_3` String, `$group_4` String
        ) ENGINE = MergeTree ORDER BY (timestamp, uuid)""",
    "person": """
        CREATE TABLE raw.person (
            id UUID, created_at DateTime64(3), team_id Int64, properties String, is_identified Int8,
            is_deleted Int8, version UInt64
        ) ENGINE = MergeTree ORDER BY id""",
    "person_distinct_id2": """
        CREATE TABLE raw.person_distinct_id2 (
            team_id Int64, distinct_id String, person_id UUID, is_deleted Int8, version Int64
        ) ENGINE = MergeTree ORDER BY distinct_id""",
    "groups": """
        CREATE TABLE raw.groups (
            group_type_index UInt8, group_key String, created_at DateTime64, team_id Int64,
            group_properties String, _timestamp DateTime
        ) ENGINE = MergeTree ORDER BY (group_type_index, group_key)""",
}

# HogQL's tables as views, `{tz}` the team timezone. Sessions follow sessions_v3.py's field types and
# raw_sessions/sql_v3.py's aggregates: distinct_id is the latest (argMax by timestamp); entry/exit URLs prefer
# $pageview/$screen events (pageview_prio_timestamp_min/max: other events count a year later/earlier); the URL is
# JSONExtract(properties, '$current_url', 'Nullable(String)') and argMin/argMax skip its NULLs.
VIEWS = {
    "events": """
        SELECT uuid, event, properties, toTimeZone(timestamp, '{tz}') AS timestamp, team_id, distinct_id,
            elements_chain, toTimeZone(created_at, '{tz}') AS created_at, `$session_id`, `$window_id`,
            person_id, person_properties, toTimeZone(person_created_at, '{tz}') AS person_created_at,
            `$group_0`, `$group_1`, `$group_2`, `$group_3`, `$group_4`
        FROM raw.events""",
    "persons": """
        SELECT id, toTimeZone(created_at, '{tz}') AS created_at, team_id, properties, is_identified
        FROM raw.person""",
    "person_distinct_ids": "SELECT team_id, distinct_id, person_id FROM raw.person_distinct_id2",
    "groups": """
        SELECT group_type_index AS index, group_key AS key, toTimeZone(created_at, '{tz}') AS created_at,
            toTimeZone(_timestamp, '{tz}') AS updated_at, group_properties AS properties, team_id
        FROM raw.groups""",
    "sessions": """
        SELECT `$session_id` AS session_id, `$session_id` AS id, any(team_id) AS team_id,
            argMax(distinct_id, timestamp) AS distinct_id,
            toTimeZone(min(timestamp), '{tz}') AS `$start_timestamp`,
            toTimeZone(max(timestamp), '{tz}') AS `$end_timestamp`,
            argMin(JSONExtract(properties, '$current_url', 'Nullable(String)'),
                if(event IN ('$pageview', '$screen'), timestamp, timestamp + toIntervalYear(1)))
                AS `$entry_current_url`,
            argMax(JSONExtract(properties, '$current_url', 'Nullable(String)'),
                if(event IN ('$pageview', '$screen'), timestamp, timestamp - toIntervalYear(1)))
                AS `$end_current_url`,
            `$end_current_url` AS `$exit_current_url`,
            uniqExactIf(uuid, event = '$pageview') AS `$pageview_count`,
            uniqExactIf(uuid, event = '$autocapture') AS `$autocapture_count`,
            uniqExactIf(uuid, event = '$screen') AS `$screen_count`,
            dateDiff('second', min(timestamp), max(timestamp)) AS `$session_duration`,
            `$session_duration` AS duration
        FROM raw.events WHERE `$session_id` != '' GROUP BY `$session_id`""",
}

# PostHog's property wrapper (posthog/hogql/printer.py, _unsafe_json_extract_trim_quotes), one arity each.
_WRAPPER = "replaceRegexpAll(nullIf(nullIf(JSONExtractRaw({args}), ''), 'null'), '^\"|\"$', '')"
UDFS = [
    f"CREATE FUNCTION hp{n} AS (j, {', '.join(f'k{i}' for i in range(n))}) -> "
    + _WRAPPER.format(args=", ".join(["j", *(f"k{i}" for i in range(n))]))
    for n in range(1, 6)
]


def database_for(timezone: str) -> str:
    """The view database of a team timezone."""
    return "tz_" + re.sub(r"[^a-z0-9]+", "_", timezone.lower())


class ClickHouseError(Exception):
    """ClickHouse refused a statement."""


@dataclass(frozen=True)
class Result:
    types: list[str]
    rows: list[list[Any]]


class ClickHouse:
    """One chdb session with the dataset loaded."""

    def __init__(self, dataset: Dataset, team_id: int, timezones: tuple[str, ...]) -> None:
        from chdb import session

        self._session = session.Session()
        for statement in ["CREATE DATABASE raw", *UDFS, *RAW_TABLES.values()]:
            self.execute(statement)
        _insert(self, dataset, team_id)
        for timezone in timezones:
            self._views(timezone)

    def _views(self, timezone: str) -> None:
        name = database_for(timezone)
        self.execute(f"CREATE DATABASE {name}")
        for view, body in VIEWS.items():
            self.execute(f"CREATE VIEW {name}.{view} AS {body.format(tz=timezone)}")

    def execute(self, sql: str) -> str:
        try:
            result = self._session.query(sql, "JSONCompact")
        except Exception as error:  # chdb raises its own error class; the message is what matters
            raise ClickHouseError(str(error)) from None
        return result.bytes().decode("utf-8") if result is not None else ""

    def query(self, sql: str, timezone: str) -> Result:
        self.execute(f"USE {database_for(timezone)}")
        text = self.execute(f"{sql}\nSETTINGS {SETTINGS}")
        document = _last_document(text)
        return Result([column["type"] for column in document["meta"]], document["data"])

    def close(self) -> None:
        self._session.close()


def _last_document(text: str) -> dict[str, Any]:
    start = text.rfind('{\n\t"meta"')
    return json.loads(text[start if start >= 0 else 0 :])  # type: ignore[no-any-return]


def _text(value: datetime) -> str:
    return value.isoformat(sep=" ")


def _insert(clickhouse: ClickHouse, dataset: Dataset, team_id: int) -> None:
    events = [
        {
            "uuid": e.uuid, "event": e.event, "properties": e.properties, "timestamp": _text(e.timestamp),
            "team_id": team_id, "distinct_id": e.distinct_id, "elements_chain": e.elements_chain,
            "created_at": _text(e.created_at), "$session_id": e.session_id, "$window_id": e.window_id,
            "person_id": e.person_id, "person_properties": e.person_properties,
            "person_created_at": _text(e.person_created_at),
            **{f"$group_{n}": key for n, key in enumerate(e.group_keys)},
        }
        for e in dataset.events
    ]  # fmt: skip
    persons = [
        {
            "id": p.id, "created_at": _text(p.created_at), "team_id": team_id, "properties": p.properties,
            "is_identified": int(p.is_identified), "is_deleted": 0, "version": 1,
        }
        for p in dataset.persons
    ]  # fmt: skip
    distinct_ids = [
        {"team_id": team_id, "distinct_id": d, "person_id": p.id, "is_deleted": 0, "version": 1}
        for p in dataset.persons
        for d in p.distinct_ids
    ]
    groups = [
        {
            "group_type_index": g.index, "group_key": g.key, "created_at": _text(g.created_at), "team_id": team_id,
            "group_properties": g.properties, "_timestamp": _text(g.created_at).split(".")[0],
        }
        for g in dataset.groups
    ]  # fmt: skip
    for table, rows in (("events", events), ("person", persons), ("person_distinct_id2", distinct_ids)):
        _insert_rows(clickhouse, table, rows)
    _insert_rows(clickhouse, "groups", groups)


def _insert_rows(clickhouse: ClickHouse, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        lines = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        clickhouse.execute(f"INSERT INTO raw.{table} FORMAT JSONEachRow\n{lines}")
