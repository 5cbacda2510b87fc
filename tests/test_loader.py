"""Loading a data directory: validation messages, derived values, Parquet input and rebasing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from mock_server.store import Dataset, Event, FixtureError, Group, Person, load_directory, rebase_days
from mock_server.store.derive import default_uuids
from mock_server.store.validation import EventInput

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ANON_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "anon-1"))
ALICE = "0f6b1ab0-9f1e-4e34-9a8d-4b5a3c8f2a10"
BOB = "5d1c2f3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

EVENTS: list[dict[str, Any]] = [
    {"event": "$pageview", "distinct_id": "alice-anon", "timestamp": "2026-11-18T09:00:00Z",
     "properties": {"$session_id": "s1", "$window_id": "w1", "b": 1, "a": "é", "$groups": {"company": "acme"}}},
    {"event": "signed_up", "distinct_id": "alice", "timestamp": "2026-11-18T11:30:00+02:00",
     "properties": {"$session_id": "s1", "plan": "pro", "$groups": {"company": "acme", "team": "t1"}}},
    {"event": "$pageview", "distinct_id": "anon-1", "timestamp": "2026-11-19T08:00:00",
     "uuid": "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE", "elements_chain": "a:href=\"/\"",
     "created_at": "2026-11-19T08:00:05.250Z", "properties": {"$session_id": 42, "$window_id": None}},
    {"event": "$pageview", "distinct_id": "anon-1", "timestamp": "2026-11-18T07:00:00Z"},
]  # fmt: skip
PERSONS: list[dict[str, Any]] = [
    {"id": ALICE, "distinct_ids": ["alice-anon", "alice"], "properties": {"email": "a@x.io", "plan": "pro"},
     "is_identified": True},
    {"id": BOB, "distinct_ids": ["bob"], "created_at": "2026-01-02T03:04:05Z"},
]  # fmt: skip
GROUPS: list[dict[str, Any]] = [
    {"group_type": "company", "group_type_index": 2, "group_key": "acme", "properties": {"name": "Acme"}},
    {"group_type": "company", "group_type_index": 2, "group_key": "globex", "created_at": "2025-05-05T05:05:05Z"},
]
PROJECT: dict[str, Any] = {
    "id": 7,
    "name": "Shop",
    "timezone": "Europe/Berlin",
    "week_start_day": 1,
    "api_token": "phc_x",
}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def make_dir(root: Path, **tables: list[dict[str, Any]]) -> Path:
    """A data directory with ``events`` (default: ``EVENTS``) and any other tables given, as JSONL."""
    root.mkdir(exist_ok=True)
    for table, rows in {"events": EVENTS, **tables}.items():
        write_jsonl(root / f"{table}.jsonl", rows)
    return root


def full_dir(root: Path) -> Path:
    directory = make_dir(root, persons=PERSONS, groups=GROUPS)
    (directory / "project.json").write_text(json.dumps(PROJECT))
    return directory


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def dataset(tmp_path: Path) -> Dataset:
    return load_directory(full_dir(tmp_path / "data"), now=NOW)


# --- values ------------------------------------------------------------------------------------------------


def test_events_are_stored_with_naive_utc_timestamps_and_compact_json(dataset: Dataset) -> None:
    first = dataset.events[0]
    assert first.timestamp == at("2026-11-18T09:00:00")
    assert first.created_at == at("2026-11-18T09:00:00")
    assert first.properties == ('{"$session_id":"s1","$window_id":"w1","b":1,"a":"é","$groups":{"company":"acme"}}')
    assert (first.session_id, first.window_id, first.elements_chain) == ("s1", "w1", "")
    assert dataset.events[1].timestamp == at("2026-11-18T09:30:00")  # +02:00 → UTC
    assert dataset.events[2].timestamp == at("2026-11-19T08:00:00")  # no zone → UTC


def test_explicit_values_are_kept(dataset: Dataset) -> None:
    third = dataset.events[2]
    assert third.uuid == "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
    assert third.elements_chain == 'a:href="/"'
    assert third.created_at == at("2026-11-19T08:00:05.250000")
    assert (third.session_id, third.window_id) == ("42", "")  # a number becomes its JSON text; null is ""


def test_default_uuids_are_uuid5_of_the_content(dataset: Dataset) -> None:
    assert [event.uuid for event in dataset.events] == [
        "8a285941-ac2d-5258-a2f6-f7703b42e962",
        "740695c8-3d2c-55c3-a2d6-7674869aa008",
        "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        "873cdcee-a896-54a2-92cf-c0beba8aa554",
    ]
    content = '["$pageview","anon-1","2026-11-18T07:00:00",{},"",null]'
    assert dataset.events[3].uuid == str(uuid.uuid5(uuid.NAMESPACE_URL, f"hogmock:event:{content}:1"))


def test_identical_rows_get_different_uuids() -> None:
    row = EventInput(where="events.jsonl:1", event="e", distinct_id="d", timestamp=at("2026-01-01T00:00:00"))
    first, second = default_uuids([row, row])
    assert first.uuid != second.uuid
    assert [event.uuid for event in default_uuids([row, row])] == [first.uuid, second.uuid]


def test_persons_and_their_created_at(dataset: Dataset) -> None:
    assert dataset.persons == [
        # No created_at: the first event of any of its distinct ids.
        Person(ALICE, at("2026-11-18T09:00:00"), '{"email":"a@x.io","plan":"pro"}', True, ("alice-anon", "alice")),
        # No events: as given.
        Person(BOB, at("2026-01-02T03:04:05"), "{}", False, ("bob",)),
        # Created at ingestion for an unknown distinct id: dated by that id's first event, not its first row.
        Person(ANON_ID, at("2026-11-18T07:00:00"), "{}", False, ("anon-1",)),
    ]


def test_person_without_events_or_created_at_is_dated_now(tmp_path: Path) -> None:
    persons = [{"id": BOB, "distinct_ids": ["bob"]}]
    loaded = load_directory(make_dir(tmp_path / "d", persons=persons), now=NOW)
    assert loaded.persons[0] == Person(BOB, at("2026-11-20T12:00:00"), "{}", False, ("bob",))


def test_every_event_carries_its_person(dataset: Dataset) -> None:
    columns = [(e.distinct_id, e.person_id, e.person_properties, e.person_created_at) for e in dataset.events]
    alice = (ALICE, '{"email":"a@x.io","plan":"pro"}', at("2026-11-18T09:00:00"))
    anon = (ANON_ID, "{}", at("2026-11-18T07:00:00"))
    assert columns == [("alice-anon", *alice), ("alice", *alice), ("anon-1", *anon), ("anon-1", *anon)]


def test_group_keys_come_from_groups_through_group_types(dataset: Dataset) -> None:
    # "company" has index 2 in groups.jsonl; "team" appears first in an event and gets the lowest free index.
    assert dataset.group_types == {"company": 2, "team": 0}
    assert [event.group_keys for event in dataset.events] == [
        ("", "", "acme", "", ""),
        ("t1", "", "acme", "", ""),
        ("", "", "", "", ""),
        ("", "", "", "", ""),
    ]


def test_groups_are_dated_by_their_first_event_else_as_given(dataset: Dataset) -> None:
    assert dataset.groups == [
        Group(2, "acme", at("2026-11-18T09:00:00"), '{"name":"Acme"}'),
        Group(2, "globex", at("2025-05-05T05:05:05"), "{}"),
    ]


def test_group_without_events_or_created_at_is_dated_now(tmp_path: Path) -> None:
    groups = [{"group_type": "org", "group_type_index": 4, "group_key": "o"}]
    loaded = load_directory(make_dir(tmp_path / "d", groups=groups), now=NOW)
    assert loaded.groups == [Group(4, "o", at("2026-11-20T12:00:00"), "{}")]
    assert loaded.group_types == {"org": 4, "company": 0, "team": 1}


def test_project_json_keys_are_returned(dataset: Dataset) -> None:
    assert dataset.project == PROJECT


def test_optional_files_may_be_absent(tmp_path: Path) -> None:
    loaded = load_directory(make_dir(tmp_path / "d"), now=NOW)
    assert (len(loaded.events), len(loaded.persons), loaded.groups, loaded.project) == (4, 3, [], {})
    assert loaded.group_types == {"company": 0, "team": 1}


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    directory = make_dir(tmp_path / "d")
    (directory / "events.jsonl").write_text("\n" + json.dumps(EVENTS[0]) + "\n\n")
    assert len(load_directory(directory, now=NOW).events) == 1


# --- rebase ------------------------------------------------------------------------------------------------


def test_rebase_shifts_everything_by_whole_days(tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # newest event 2026-11-19T08:00 → 4 days 22 hours
    plain = load_directory(full_dir(tmp_path / "d"), now=now)
    rebased = load_directory(full_dir(tmp_path / "d"), now=now, rebase=True)
    assert [e.timestamp for e in rebased.events] == [at(t) for t in (
        "2026-11-22T09:00:00", "2026-11-22T09:30:00", "2026-11-23T08:00:00", "2026-11-22T07:00:00")]  # fmt: skip
    assert rebased.events[2].created_at == at("2026-11-23T08:00:05.250000")
    assert [p.created_at for p in rebased.persons] == [
        at("2026-11-22T09:00:00"), at("2026-01-06T03:04:05"), at("2026-11-22T07:00:00")]  # fmt: skip
    assert [g.created_at for g in rebased.groups] == [at("2026-11-22T09:00:00"), at("2025-05-09T05:05:05")]
    # Ids come from the unshifted rows, so they do not depend on the clock.
    assert [e.uuid for e in rebased.events] == [e.uuid for e in plain.events]


def test_rebase_moves_back_when_now_is_before_the_newest_event(tmp_path: Path) -> None:
    now = datetime(2026, 11, 19, 7, 0, tzinfo=UTC)  # one hour before the newest event → -1 day
    rebased = load_directory(make_dir(tmp_path / "d"), now=now, rebase=True)
    assert max(e.timestamp for e in rebased.events) == at("2026-11-18T08:00:00")


def test_rebase_days_is_floor_of_whole_days() -> None:
    events = [EventInput("e:1", "e", "d", at("2026-11-19T08:00:00"))]
    assert rebase_days(events, at("2026-11-19T08:00:00")) == 0
    assert rebase_days(events, at("2026-11-20T07:59:59")) == 0
    assert rebase_days(events, at("2026-11-20T08:00:00")) == 1
    assert rebase_days(events, at("2026-11-19T07:59:59")) == -1
    assert rebase_days([], at("2026-11-19T07:59:59")) == 0


def test_person_dated_now_is_not_rebased(tmp_path: Path) -> None:
    persons = [{"id": BOB, "distinct_ids": ["bob"]}]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    loaded = load_directory(make_dir(tmp_path / "d", persons=persons), now=now, rebase=True)
    assert loaded.persons[0].created_at == at("2026-12-01T00:00:00")


# --- Parquet -----------------------------------------------------------------------------------------------


def write_parquet(path: Path, select: str) -> None:
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")


# Absent keys become NULL cells; properties are JSON text, as Parquet has no "any JSON" type.
PARQUET_COLUMNS = {
    "events": "{event: 'VARCHAR', distinct_id: 'VARCHAR', timestamp: 'VARCHAR', properties: 'JSON', "
    "uuid: 'VARCHAR', elements_chain: 'VARCHAR', created_at: 'VARCHAR'}",
    "persons": "{id: 'VARCHAR', distinct_ids: 'VARCHAR[]', properties: 'JSON', created_at: 'VARCHAR', "
    "is_identified: 'BOOLEAN'}",
    "groups": "{group_type: 'VARCHAR', group_type_index: 'INTEGER', group_key: 'VARCHAR', properties: 'JSON', "
    "created_at: 'VARCHAR'}",
}


def test_parquet_with_json_text_columns_loads_like_jsonl(tmp_path: Path) -> None:
    jsonl = full_dir(tmp_path / "jsonl")
    parquet = full_dir(tmp_path / "parquet")
    for table, columns in PARQUET_COLUMNS.items():
        (parquet / f"{table}.jsonl").unlink()
        select = f"SELECT * FROM read_json('{jsonl / table}.jsonl', columns={columns})"
        write_parquet(parquet / f"{table}.parquet", select)
    assert load_directory(parquet, now=NOW) == load_directory(jsonl, now=NOW)


def test_parquet_native_types(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    write_parquet(directory / "events.parquet", """
        SELECT '$pageview' AS event, 'x' AS distinct_id, TIMESTAMPTZ '2026-11-18 10:00:00+02' AS timestamp,
               {'$session_id': 's', 'n': 1.5::DECIMAL(3, 1), 'l': [1, 2]} AS properties,
               'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE'::UUID AS uuid, TIMESTAMP '2026-11-18 08:00:01' AS created_at
    """)  # fmt: skip
    write_parquet(directory / "persons.parquet", f"SELECT '{BOB}'::UUID AS id, ['x'] AS distinct_ids")
    loaded = load_directory(directory, now=NOW)
    assert loaded.events == [
        Event(
            uuid="aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", event="$pageview", distinct_id="x",
            properties='{"$session_id":"s","n":1.5,"l":[1,2]}', timestamp=at("2026-11-18T08:00:00"),
            created_at=at("2026-11-18T08:00:01"), elements_chain="", session_id="s", window_id="",
            person_id=BOB, person_properties="{}", person_created_at=at("2026-11-18T08:00:00"),
            group_keys=("", "", "", "", ""),
        )
    ]  # fmt: skip


def test_parquet_errors_name_the_row(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    write_parquet(directory / "events.parquet", """
        SELECT * FROM (VALUES ('e', 'x', '2026-11-18T10:00:00Z'), ('e', 'x', '20/11/2026'))
                      AS t(event, distinct_id, timestamp)
    """)  # fmt: skip
    with pytest.raises(FixtureError) as error:
        load_directory(directory, now=NOW)
    assert str(error.value) == "events.parquet:row 2: timestamp: not an ISO 8601 date-time: '20/11/2026'"


def test_unreadable_parquet(tmp_path: Path) -> None:
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "events.parquet").write_text("not parquet")
    with pytest.raises(FixtureError, match=r"^events\.parquet: not a readable Parquet file: "):
        load_directory(directory, now=NOW)


# --- errors ------------------------------------------------------------------------------------------------

EVENT = {"event": "e", "distinct_id": "d", "timestamp": "2026-11-18T10:00:00Z"}
PERSON = {"id": ALICE, "distinct_ids": ["a"]}
GROUP = {"group_type": "company", "group_type_index": 0, "group_key": "acme"}

ROW_ERRORS: list[tuple[str, list[dict[str, Any]], str]] = [
    ("events", [EVENT, {**EVENT, "timestamp": "20/11/2026"}],
     "events.jsonl:2: timestamp: not an ISO 8601 date-time: '20/11/2026'"),
    ("events", [{**EVENT, "timestamp": "2026-11-18"}],
     "events.jsonl:1: timestamp: not an ISO 8601 date-time: '2026-11-18'"),
    ("events", [{**EVENT, "timestamp": "2026-13-18T10:00:00Z"}],
     "events.jsonl:1: timestamp: not an ISO 8601 date-time: '2026-13-18T10:00:00Z'"),
    ("events", [{**EVENT, "timestamp": 1763460000}],
     "events.jsonl:1: timestamp: not an ISO 8601 date-time: 1763460000"),
    ("events", [{"event": "e", "timestamp": "2026-11-18T10:00:00Z"}],
     "events.jsonl:1: distinct_id: missing required key"),
    ("events", [{**EVENT, "color": "red"}], "events.jsonl:1: color: unknown key"),
    ("events", [{**EVENT, "event": ""}], "events.jsonl:1: event: not a non-empty string: ''"),
    ("events", [{**EVENT, "distinct_id": 7}], "events.jsonl:1: distinct_id: not a non-empty string: 7"),
    ("events", [{**EVENT, "properties": [1]}], "events.jsonl:1: properties: not a JSON object: [1]"),
    ("events", [{**EVENT, "uuid": "nope"}], "events.jsonl:1: uuid: not a UUID: 'nope'"),
    ("events", [{**EVENT, "elements_chain": None}], "events.jsonl:1: elements_chain: not a string: None"),
    ("events", [{**EVENT, "properties": {"$groups": "acme"}}],
     "events.jsonl:1: properties.$groups: not a JSON object: 'acme'"),
    ("events", [{**EVENT, "properties": {"$groups": {"company": 5}}}],
     "events.jsonl:1: properties.$groups.company: not a string: 5"),
    ("events", [{**EVENT, "properties": {"$groups": {f"t{n}": "k" for n in range(6)}}}],
     "events.jsonl:1: properties.$groups: no free group type index for 't5': at most 5 group types"),
    ("persons", [PERSON, {**PERSON, "id": BOB, "distinct_ids": ["b", "a"]}],
     "persons.jsonl:2: distinct_ids: 'a' already belongs to the person at persons.jsonl:1"),
    ("persons", [PERSON, {**PERSON, "distinct_ids": ["b"]}],
     f"persons.jsonl:2: id: '{ALICE}' is already the id at persons.jsonl:1"),
    ("persons", [{**PERSON, "distinct_ids": ["a", "a"]}], "persons.jsonl:1: distinct_ids: 'a' is listed twice"),
    ("persons", [{**PERSON, "distinct_ids": []}],
     "persons.jsonl:1: distinct_ids: not a non-empty list of non-empty strings: []"),
    ("persons", [{"distinct_ids": ["a"]}], "persons.jsonl:1: id: missing required key"),
    ("persons", [{**PERSON, "is_identified": 1}], "persons.jsonl:1: is_identified: not a boolean: 1"),
    ("groups", [{**GROUP, "group_type_index": 5}],
     "groups.jsonl:1: group_type_index: not an integer from 0 to 4: 5"),
    ("groups", [{**GROUP, "group_type_index": True}],
     "groups.jsonl:1: group_type_index: not an integer from 0 to 4: True"),
    ("groups", [GROUP, {**GROUP, "group_key": "b", "group_type_index": 1}],
     "groups.jsonl:2: group_type_index: 'company' already has index 0"),
    ("groups", [GROUP, {**GROUP, "group_type": "project"}],
     "groups.jsonl:2: group_type_index: 0 already belongs to 'company' at groups.jsonl:1"),
    ("groups", [GROUP, GROUP], "groups.jsonl:2: group_key: 'acme' is already at groups.jsonl:1"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "rows", "message"), ROW_ERRORS)
def test_bad_rows(tmp_path: Path, table: str, rows: list[dict[str, Any]], message: str) -> None:
    directory = make_dir(tmp_path / "d", **{table: rows})
    with pytest.raises(FixtureError) as error:
        load_directory(directory, now=NOW)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"event": "e",\n', "events.jsonl:1: not valid JSON: Expecting property name enclosed in double quotes: "
         "line 1 column 15 (char 14)"),
        ("[1, 2]\n", "events.jsonl:1: not a JSON object: [1, 2]"),
        ('{"event": NaN}\n', "events.jsonl:1: not valid JSON: NaN is not JSON"),
    ],
)  # fmt: skip
def test_bad_json_lines(tmp_path: Path, text: str, message: str) -> None:
    directory = make_dir(tmp_path / "d")
    (directory / "events.jsonl").write_text(text)
    with pytest.raises(FixtureError) as error:
        load_directory(directory, now=NOW)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("project", "message"),
    [
        ({"id": 1, "color": "red"}, "project.json: color: unknown key"),
        ({"id": "1"}, "project.json: id: not a positive integer: '1'"),
        ({"timezone": "Mars/Olympus"}, "project.json: timezone: not an IANA time zone: 'Mars/Olympus'"),
        ({"week_start_day": 2}, "project.json: week_start_day: not 0 (Sunday) or 1 (Monday): 2"),
        ({"api_token": ""}, "project.json: api_token: not a non-empty string: ''"),
        ([1], "project.json: not a JSON object: [1]"),
    ],
)
def test_bad_project_json(tmp_path: Path, project: Any, message: str) -> None:
    directory = make_dir(tmp_path / "d")
    (directory / "project.json").write_text(json.dumps(project))
    with pytest.raises(FixtureError) as error:
        load_directory(directory, now=NOW)
    assert str(error.value) == message


def test_missing_events_file(tmp_path: Path) -> None:
    with pytest.raises(FixtureError) as error:
        load_directory(tmp_path, now=NOW)
    assert str(error.value) == f"events: no events.jsonl or events.parquet in {tmp_path}"


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FixtureError) as error:
        load_directory(tmp_path / "nope", now=NOW)
    assert str(error.value) == f"{tmp_path / 'nope'}: not a directory"


def test_both_formats_of_one_table(tmp_path: Path) -> None:
    directory = make_dir(tmp_path / "d")
    (directory / "events.parquet").write_text("")
    with pytest.raises(FixtureError) as error:
        load_directory(directory, now=NOW)
    assert str(error.value) == f"events: both events.jsonl and events.parquet in {directory}; keep one"


def test_not_utf8(tmp_path: Path) -> None:
    directory = make_dir(tmp_path / "d")
    (directory / "events.jsonl").write_bytes(b'{"event": "\xff"}\n')
    with pytest.raises(FixtureError, match=r"^events\.jsonl: not UTF-8 text: "):
        load_directory(directory, now=NOW)
