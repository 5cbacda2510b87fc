"""Building the serving database: table contents, derived sessions, queries, and the lockdown."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from mock_server.store import Database, Dataset, Event, Group, Person, QueryResult, build_database

ALICE = "0f6b1ab0-9f1e-4e34-9a8d-4b5a3c8f2a10"
BOB = "5d1c2f3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
T0 = datetime(2026, 11, 18, 9, 0)


def event(n: int, name: str, minute: int, *, session: str | None, url: str | None = None) -> Event:
    properties = "{}" if url is None else f'{{"$current_url":"{url}"}}'
    return Event(
        uuid=str(uuid.UUID(int=n)), event=name, distinct_id="alice", properties=properties,
        timestamp=T0.replace(minute=minute), created_at=T0.replace(minute=minute, second=1), elements_chain="",
        session_id=session, window_id="w" if session else None, person_id=ALICE,
        person_properties='{"plan":"pro"}', person_created_at=T0, group_keys=("acme", "", "", "", ""),
    )  # fmt: skip


DATASET = Dataset(
    events=[
        event(1, "$pageview", 0, session="s1", url="https://x.io/a"),
        event(2, "$autocapture", 4, session="s1"),
        event(3, "$pageview", 10, session="s1", url="https://x.io/b"),
        event(4, "$screen", 20, session="s2"),
        event(5, "custom", 30, session=None),
        event(6, "custom", 31, session=""),
    ],
    persons=[
        Person(ALICE, T0, '{"plan":"pro"}', True, ("alice-anon", "alice")),
        Person(BOB, datetime(2026, 1, 2), "{}", False, ("bob",)),
    ],
    groups=[Group(0, "acme", datetime(2025, 5, 5), '{"name":"Acme"}')],
    group_types={"company": 0, "project": 1},
    project={"id": 1},
)


@pytest.fixture(scope="module")
def db() -> Database:
    return build_database(DATASET, team_id=7)


def test_events_table(db: Database) -> None:
    result = db.run("SELECT * FROM events ORDER BY timestamp LIMIT 1")
    assert result.columns == [
        "uuid", "event", "properties", "timestamp", "team_id", "distinct_id", "elements_chain", "created_at",
        "$session_id", "$window_id", "person_id", "person_properties", "person_created_at",
        "$group_0", "$group_1", "$group_2", "$group_3", "$group_4",
    ]  # fmt: skip
    assert result.rows == [
        (uuid.UUID(int=1), "$pageview", '{"$current_url":"https://x.io/a"}', T0, 7, "alice", "",
         datetime(2026, 11, 18, 9, 0, 1), "s1", "w", uuid.UUID(ALICE), '{"plan":"pro"}', T0, "acme", "", "", "", "")
    ]  # fmt: skip
    assert db.run("SELECT count(*) FROM events").rows == [(6,)]


def test_person_tables(db: Database) -> None:
    assert db.run("SELECT * FROM persons ORDER BY created_at").rows == [
        (uuid.UUID(BOB), 7, datetime(2026, 1, 2), "{}", False),
        (uuid.UUID(ALICE), 7, T0, '{"plan":"pro"}', True),
    ]
    assert db.run("SELECT * FROM person_distinct_ids ORDER BY distinct_id").rows == [
        (7, "alice", uuid.UUID(ALICE)),
        (7, "alice-anon", uuid.UUID(ALICE)),
        (7, "bob", uuid.UUID(BOB)),
    ]


def test_group_tables(db: Database) -> None:
    assert db.run("SELECT * FROM groups").rows == [
        (0, 7, "acme", datetime(2025, 5, 5), datetime(2025, 5, 5), '{"name":"Acme"}')
    ]
    assert db.run("SELECT * FROM group_types ORDER BY group_type_index").rows == [("company", 0), ("project", 1)]


def test_sessions_are_derived_from_events(db: Database) -> None:
    result = db.run(
        "SELECT session_id, team_id, distinct_id, start_timestamp, end_timestamp, urls, entry_url, end_url, "
        "pageview_count, autocapture_count, screen_count, bounce_events, channel_type FROM sessions ORDER BY session_id"
    )
    assert result.rows == [
        ("s1", 7, "alice", T0, T0.replace(minute=10), ["https://x.io/a", "https://x.io/b"], "https://x.io/a",
         "https://x.io/b", 2, 1, 0, 2, "Unknown"),
        ("s2", 7, "alice", T0.replace(minute=20), T0.replace(minute=20), [], None, None, 0, 0, 1, 1, "Unknown"),
    ]  # fmt: skip


def test_replays_are_derived_from_sessions(db: Database) -> None:
    result = db.run("SELECT * FROM session_replay_events ORDER BY session_id")
    assert result.columns == [
        "session_id", "distinct_id", "min_first_timestamp", "max_last_timestamp", "first_url", "all_urls",
        "click_count", "keypress_count", "mouse_activity_count", "active_milliseconds", "console_log_count",
        "console_warn_count", "console_error_count", "size", "event_count", "message_count", "snapshot_source",
    ]  # fmt: skip
    # s1: gaps of 4 and 6 minutes, the second capped at 5 minutes; the autocapture has no $event_type: a click.
    assert result.rows == [
        ("s1", "alice", T0, T0.replace(minute=10), "https://x.io/a", ["https://x.io/a", "https://x.io/b"],
         1, 0, 1, 540_000, 0, 0, 0, 33 + 2 + 33, 3, 3, "web"),
        ("s2", "alice", T0.replace(minute=20), T0.replace(minute=20), None, [], 0, 0, 0, 0, 0, 0, 0, 2, 1, 1,
         "mobile"),
    ]  # fmt: skip


def test_run_returns_columns_and_rows(db: Database) -> None:
    assert db.run("SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL ORDER BY a") == QueryResult(
        ["a", "b"], [(1, "x"), (2, None)]
    )
    assert db.run("SELECT ? + 1 AS n", [41]).rows == [(42,)]


def test_a_query_cannot_change_the_data(db: Database) -> None:
    for sql in ("DELETE FROM events", "CREATE TABLE scratch AS SELECT 1"):
        with pytest.raises(duckdb.InvalidInputException, match="exactly one SELECT statement"):
            db.run(sql)
    assert db.run("SELECT count(*) FROM events").rows == [(6,)]
    assert db.run("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'scratch'").rows == [(0,)]


def raw(db: Database, sql: str) -> None:
    """Run ``sql`` on a bare cursor, past ``run``'s one-SELECT check: the lockdown must hold on its own."""
    cursor = db.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def test_queries_run_concurrently_on_their_own_cursors(db: Database) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: db.run(f"SELECT count(*) + {n} FROM events").rows, range(8)))
    assert results == [[(6 + n,)] for n in range(8)]


def test_each_build_is_a_new_database() -> None:
    first = build_database(DATASET, team_id=1)
    second = build_database(Dataset([], [], [], {}, {}), team_id=2)
    assert first.run("SELECT count(*), any_value(team_id) FROM events").rows == [(6, 1)]
    assert second.run("SELECT count(*) FROM events").rows == [(0,)]
    assert second.run("SELECT count(*) FROM sessions").rows == [(0,)]
    assert (first.team_id, second.team_id) == (1, 2)


# --- built-in functions after lockdown ---------------------------------------------------------------------


def test_json_functions_work_after_lockdown(db: Database) -> None:
    sql = """SELECT json_extract_string(person_properties, '$.plan'), properties ->> '$."$current_url"'
             FROM events ORDER BY timestamp LIMIT 1"""
    assert db.run(sql).rows == [("pro", "https://x.io/a")]


def test_icu_time_zones_work_after_lockdown(db: Database) -> None:
    sql = """SELECT timezone('Europe/Berlin', timestamp::TIMESTAMPTZ), current_setting('TimeZone'),
                    date_trunc('day', timezone('America/New_York', TIMESTAMP '2026-11-18 03:00'::TIMESTAMPTZ))
             FROM events ORDER BY timestamp LIMIT 1"""
    assert db.run(sql).rows == [(datetime(2026, 11, 18, 10, 0), "UTC", datetime(2026, 11, 17, 0, 0))]


# --- lockdown ----------------------------------------------------------------------------------------------

FILE_ACCESS = [
    "SELECT * FROM read_csv('{path}')",
    "SELECT * FROM read_csv_auto('{path}')",
    "SELECT * FROM read_parquet('{path}')",
    "SELECT * FROM read_json('{path}')",
    "SELECT * FROM read_text('{path}')",
    "SELECT * FROM glob('{dir}/*')",
    "COPY events TO '{dir}/out.csv'",
    "COPY (SELECT 1) TO '{dir}/out.parquet' (FORMAT parquet)",
    "ATTACH '{dir}/other.db' AS other",
    "EXPORT DATABASE '{dir}/export'",
    "INSTALL httpfs",
]
CONFIG_CHANGES = [
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET lock_configuration",
    "SET autoload_known_extensions = true",
    "SET allow_community_extensions = true",
    "SET threads = 1",
    "SET memory_limit = '1GB'",
    "SET TimeZone = 'Europe/Berlin'",
    "PRAGMA threads = 1",
    "PRAGMA enable_profiling",
]


@pytest.mark.parametrize("sql", FILE_ACCESS)
def test_no_file_access_after_build(db: Database, tmp_path: Path, sql: str) -> None:
    (tmp_path / "data.csv").write_text("a\n1\n")
    query = sql.format(path=tmp_path / "data.csv", dir=tmp_path)
    with pytest.raises(duckdb.PermissionException):
        raw(db, query)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data.csv"]


def test_no_extension_loading(db: Database) -> None:
    with pytest.raises(duckdb.PermissionException, match="Loading external extensions is disabled"):
        raw(db, "LOAD httpfs")


@pytest.mark.parametrize("sql", CONFIG_CHANGES)
def test_configuration_is_locked(db: Database, sql: str) -> None:
    with pytest.raises(duckdb.InvalidInputException, match="the configuration has been locked"):
        raw(db, sql)


def test_a_raw_cursor_is_locked_too(db: Database) -> None:
    cursor = db.cursor()
    try:
        with pytest.raises(duckdb.InvalidInputException, match="the configuration has been locked"):
            cursor.execute("SET enable_external_access = true")
        settings = """SELECT current_setting('enable_external_access'), current_setting('lock_configuration'),
                             current_setting('autoload_known_extensions'),
                             current_setting('autoinstall_known_extensions'),
                             current_setting('allow_community_extensions')"""
        assert cursor.execute(settings).fetchall() == [(False, True, False, False, False)]
    finally:
        cursor.close()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; DELETE FROM events",
        "COMMIT",
        "DELETE FROM events",
        "CREATE TABLE x AS SELECT 1",
    ],
)
def test_only_one_select_ever_runs(sql: str) -> None:
    # A second wall behind the translator: anything but a single SELECT is refused before it runs.
    database = build_database(Dataset(events=[], persons=[], groups=[], group_types={}, project={}), team_id=1)
    with pytest.raises(duckdb.InvalidInputException, match="exactly one SELECT statement"):
        database.run(sql)
    database.close()
