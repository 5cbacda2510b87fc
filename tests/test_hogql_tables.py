"""Tables, lazy joins, session replay and property types: exact rows and ClickHouse types.

Cases run on the tiny dataset of ``tests/hogql_data.py``, on a small dataset of this module (groups, a
date-time property, ``property_definitions.json``, ``session_replay_events.jsonl``) and on ``fixtures/default``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock_server.store import Database, FixtureError, build_database, load_directory
from tests.hogql_data import NOW, run

URL1 = "https://www.example.com:8080/blog/a?utm_source=google&x=1#top"
URL2 = "https://example.com/pricing"
S = "Nullable(String)"
UTC6 = "DateTime64(6, 'UTC')"

# (query, columns, types, rows) on the tiny dataset
TINY: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    (
        "select * from sessions",
        [
            "session_id", "distinct_id", "$start_timestamp", "$end_timestamp", "$urls", "$num_uniq_urls",
            "$entry_current_url", "$entry_pathname", "$entry_hostname", "$end_current_url", "$end_pathname",
            "$end_hostname", "$entry_referring_domain", "$last_external_click_url", "$entry_utm_source",
            "$entry_utm_campaign", "$entry_utm_medium", "$entry_utm_term", "$entry_utm_content", "$entry_fbclid",
            "$entry_gclid", "$entry_gad_source", "$pageview_count", "$autocapture_count", "$screen_count",
            "$channel_type", "$session_duration", "$is_bounce",
        ],
        ["String", "String", UTC6, UTC6, "Array(String)", "UInt64", *[S] * 16, "UInt64", "UInt64", "UInt64",
         "String", "Int64", "Nullable(UInt8)"],
        [("s1", "d1", dt.datetime(2026, 11, 18, 10), dt.datetime(2026, 11, 18, 10, 5, 0, 250000), [URL1, URL2], 2,
          URL1, "/blog/a", "www.example.com", URL2, "/pricing", "example.com", *[None] * 10, 2, 0, 0, "Unknown",
          300, 0)],
    ),
    (
        "select session.$entry_pathname, session.$exit_current_url, session.id, session.duration, "
        "session.$is_bounce from events where event = '$pageview' order by timestamp limit 1",
        ["$entry_pathname", "$exit_current_url", "id", "duration", "$is_bounce"],
        [S, S, "String", "Int64", "Nullable(UInt8)"],
        [("/blog/a", URL2, "s1", 300, 0)],
    ),
    # property definitions inferred from the data: price Numeric, coupon Boolean
    ("select count() from events where properties.price > 50", ["count()"], ["UInt64"], [(1,)]),
    ("select count() from events where properties.coupon = true", ["count()"], ["UInt64"], [(1,)]),
    (
        "select properties.price * 2, toFloat(properties.price), properties.cart.items from events "
        "order by timestamp limit 1",
        ["multiply(properties.price, 2)", "toFloat(properties.price)", "cart__items"],
        ["Nullable(Float64)", "Nullable(Float64)", S],
        [(21.0, 10.5, "2")],
    ),
    (
        "select person.properties.email, pdi.person.properties.email, poe.properties.email, pdi.person.id "
        "from events order by timestamp limit 1",
        ["email", "email", "email", "id"],
        [S, S, S, "UUID"],
        [("a@x.com", "a@x.com", "a@x.com", __import__("uuid").UUID("11111111-1111-4111-8111-111111111111"))],
    ),
    (
        "select * from session_replay_events",
        ["session_id", "distinct_id", "first_url", "all_urls", "click_count", "keypress_count",
         "mouse_activity_count", "active_milliseconds", "console_log_count", "console_warn_count",
         "console_error_count", "size", "event_count", "message_count", "snapshot_source", "start_time", "end_time"],
        ["String", "String", S, "Array(String)", *["Int64"] * 10, S, UTC6, UTC6],
        # active time: one gap of 300.25 s, capped at 5 minutes
        [("s1", "d1", URL1, [URL1, URL2], 0, 0, 0, 300_000, 0, 0, 0, 267, 2, 2, "web",
          dt.datetime(2026, 11, 18, 10), dt.datetime(2026, 11, 18, 10, 5, 0, 250000))],
    ),
    (
        "select min_first_timestamp, session.$pageview_count, pdi.person.properties.plan "
        "from raw_session_replay_events",
        ["min_first_timestamp", "$pageview_count", "plan"],
        [UTC6, "UInt64", S],
        [(dt.datetime(2026, 11, 18, 10), 2, "pro")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("query", "columns", "types", "rows"), TINY, ids=[c[0][:60] for c in TINY])
def test_tiny(hogql_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(hogql_db, query) == (columns, types, rows)


# ---- a dataset of our own: groups, a date-time property, definitions and replay files -----------------------

EVENTS = [
    {"event": "$pageview", "distinct_id": "u1", "timestamp": "2026-11-18T10:00:00Z",
     "properties": {"$session_id": "a", "$current_url": "https://shop.io/", "utm_source": "google",
                    "utm_medium": "cpc", "$referring_domain": "www.google.com", "paid_at": "2026-11-01T08:00:00Z",
                    "qty": "3", "$groups": {"company": "acme"}}},
    {"event": "$pageview", "distinct_id": "u2", "timestamp": "2026-11-18T11:00:00Z",
     "properties": {"$session_id": "b", "$current_url": "https://shop.io/x", "$referring_domain": "$direct",
                    "paid_at": "2026-11-02T09:30:00+02:00", "qty": "x", "$groups": {"company": "globex"}}},
]  # fmt: skip
GROUPS = [
    {"group_type": "company", "group_type_index": 0, "group_key": "acme",
     "properties": {"name": "Acme", "employees": 1200, "public": True}},
    {"group_type": "company", "group_type_index": 0, "group_key": "globex",
     "properties": {"name": "Globex", "employees": 340, "public": False}},
]  # fmt: skip
DEFINITIONS = {"event": {"qty": "Numeric"}, "group": {"company": {"name": "String"}}}
REPLAYS = [
    {"session_id": "a", "distinct_id": "u1", "min_first_timestamp": "2026-11-18T10:00:00Z",
     "max_last_timestamp": "2026-11-18T10:01:00Z", "click_count": 7, "active_milliseconds": 42000},
]  # fmt: skip


def write(directory: Path, files: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = "".join(json.dumps(row) + "\n" for row in content) if name.endswith(".jsonl") else json.dumps(content)
        (directory / name).write_text(text)
    return directory


OWN_FILES = {
    "events.jsonl": EVENTS,
    "groups.jsonl": GROUPS,
    "property_definitions.json": DEFINITIONS,
    "session_replay_events.jsonl": REPLAYS,
}


@pytest.fixture(scope="module")
def own_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    directory = write(tmp_path_factory.mktemp("tables") / "data", OWN_FILES)
    database = build_database(load_directory(directory, now=NOW), team_id=1)
    yield database
    database.close()


OWN: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    (
        "select group_0.properties.name, group_0.properties.employees, group_0.properties.public, group_0.key, "
        "group_0.index from events order by timestamp",
        ["name", "employees", "public", "key", "index"],
        # group_type_index is UInt8 in ClickHouse's groups table (posthog/models/group/sql.py)
        [S, "Nullable(Float64)", "Nullable(Bool)", "String", "UInt8"],
        [("Acme", 1200.0, True, "acme", 0), ("Globex", 340.0, False, "globex", 0)],
    ),
    # ClickHouse's groups table: group_type_index UInt8, created_at DateTime64 (3), _timestamp DateTime
    # (posthog/models/group/sql.py); the person table's is_identified is Int8 (posthog/models/person/sql.py).
    (
        "select index, created_at, updated_at from groups order by key",
        ["index", "created_at", "updated_at"],
        ["UInt8", "DateTime64(3, 'UTC')", "DateTime('UTC')"],
        [
            (0, dt.datetime(2026, 11, 18, 10), dt.datetime(2026, 11, 18, 10)),
            (0, dt.datetime(2026, 11, 18, 11), dt.datetime(2026, 11, 18, 11)),
        ],
    ),
    (
        "select is_identified, toTypeName(is_identified) from persons limit 1",
        ["is_identified", "toTypeName(is_identified)"],
        ["Int8", "String"],
        [(0, "Int8")],
    ),
    # groups read directly are not typed: PostHog types them only through events.group_N (no global group_id)
    (
        "select key, properties.employees from groups order by key",
        ["key", "employees"],
        ["String", S],
        [("acme", "1200"), ("globex", "340")],
    ),
    # DateTime property: parseDateTime64BestEffortOrNull(x, 6, tz); the file makes qty Numeric ('x' → NULL)
    (
        "select properties.paid_at, properties.qty from events order by timestamp",
        ["paid_at", "qty"],
        ["Nullable(DateTime64(6, 'UTC'))", "Nullable(Float64)"],
        [(dt.datetime(2026, 11, 1, 8), 3.0), (dt.datetime(2026, 11, 2, 7, 30), None)],
    ),
    (
        "select session.$channel_type, session.$entry_utm_source, session.$entry_referring_domain "
        "from events order by timestamp",
        ["$channel_type", "$entry_utm_source", "$entry_referring_domain"],
        ["String", S, S],
        [("Paid Search", "google", "www.google.com"), ("Direct", None, "$direct")],
    ),
    # the supplied replay file replaces the derived rows
    (
        "select session_id, click_count, active_milliseconds, snapshot_source, first_url, end_time "
        "from session_replay_events",
        ["session_id", "click_count", "active_milliseconds", "snapshot_source", "first_url", "end_time"],
        ["String", "Int64", "Int64", S, S, UTC6],
        [("a", 7, 42000, "web", None, dt.datetime(2026, 11, 18, 10, 1))],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("query", "columns", "types", "rows"), OWN, ids=[c[0][:60] for c in OWN])
def test_own(own_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(own_db, query) == (columns, types, rows)


def test_datetime_property_in_team_timezone(own_db: Database) -> None:
    _, types, rows = run(own_db, "select properties.paid_at from events order by timestamp", timezone="Europe/Berlin")
    assert types == ["Nullable(DateTime64(6, 'Europe/Berlin'))"]
    assert rows == [(dt.datetime(2026, 11, 1, 9),), (dt.datetime(2026, 11, 2, 8, 30),)]


def test_inferred_definitions(own_db: Database) -> None:
    assert own_db.property_definitions == {
        "event": {"$session_id": "String", "$current_url": "String", "utm_source": "String", "utm_medium": "String",
                  "$referring_domain": "String", "paid_at": "DateTime", "qty": "Numeric", "$groups": "String"},
        "group_0": {"name": "String", "employees": "Numeric", "public": "Boolean"},
        "person": {},
    }  # fmt: skip


BAD: list[tuple[dict[str, Any], str]] = [
    ({"property_definitions.json": {"events": {}}}, "property_definitions.json: events: unknown key"),
    ({"property_definitions.json": {"event": {"qty": "Number"}}}, "property_definitions.json: event.qty: not one of"),
    ({"property_definitions.json": {"group": {"team": {}}}}, "property_definitions.json: group.team: unknown group"),
    ({"session_replay_events.jsonl": [{"session_id": "a"}]}, "session_replay_events.jsonl:1: distinct_id: missing"),
    (
        {"session_replay_events.jsonl": [{**REPLAYS[0], "click_count": -1}]},
        "session_replay_events.jsonl:1: click_count: not a non-negative integer",
    ),
]


@pytest.mark.parametrize(("files", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_files(tmp_path: Path, files: dict[str, Any], message: str) -> None:
    directory = write(tmp_path / "data", {"events.jsonl": EVENTS, "groups.jsonl": GROUPS, **files})
    with pytest.raises(FixtureError, match=message.replace(".", r"\.")):
        load_directory(directory, now=NOW)


# ---- fixtures/default, rebased to NOW --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_db() -> Iterator[Database]:
    directory = Path(__file__).parent.parent / "fixtures" / "default"
    database = build_database(load_directory(directory, now=NOW, rebase=True), team_id=1)
    yield database
    database.close()


DEFAULT: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    (
        "select $channel_type, count() from sessions group by $channel_type order by count() desc, $channel_type",
        ["$channel_type", "count()"],
        ["String", "UInt64"],
        [("Direct", 612), ("Unknown", 92), ("Organic Social", 51), ("Organic Search", 43), ("Paid Search", 27),
         ("Email", 25), ("Referral", 23)],
    ),
    (
        "select count(), sum(properties.price), countIf(properties.coupon) from events where event = 'purchase'",
        ["count()", "sum(properties.price)", "countIf(properties.coupon)"],
        ["UInt64", "Nullable(Float64)", "UInt64"],
        [(41, 5845.0, 7)],
    ),
    (
        "select group_0.properties.name, count() from events where group_0.properties.employees > 300 "
        "group by group_0.properties.name order by group_0.properties.name",
        ["name", "count()"],
        [S, "UInt64"],
        [("Acme Corp", 351), ("Globex", 302), ("Umbrella Health", 322)],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("query", "columns", "types", "rows"), DEFAULT, ids=[c[0][:60] for c in DEFAULT])
def test_default(default_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(default_db, query) == (columns, types, rows)
