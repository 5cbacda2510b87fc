"""Deriving the stored rows from validated inputs, as PostHog's ingestion would have filled them in.

Owns: default event uuids, persons for distinct ids no person claims, group type indexes (given and assigned),
``$group_N`` keys from ``properties.$groups``, ``$session_id``/``$window_id``, default ``created_at`` values,
the person columns every event carries ("persons on events"), and the checks that span rows (a distinct id
claimed twice, a group type with two indexes).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from .errors import FixtureError
from .model import GROUP_TYPE_LIMIT, Dataset, Event, Group, GroupKeys, Person, ProjectFile
from .validation import EventInput, GroupInput, PersonInput

NO_GROUPS: GroupKeys = ("", "", "", "", "")


def compact_json(value: Any) -> str:
    """JSON text as stored: no spaces, keys in source order, non-ASCII kept, numbers as ClickHouse prints them."""
    return _ENCODER.encode(_clickhouse_numbers(value))


def _clickhouse_numbers(value: Any) -> Any:
    """Integral floats as integers: ClickHouse's JSONExtractRaw re-prints ``1000.0`` and ``1e3`` as ``1000``, and
    PostHog reads every property through it (hogql.md §2)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _clickhouse_numbers(item) for key, item in value.items()}
    return [_clickhouse_numbers(item) for item in value] if isinstance(value, list) else value


def _json_scalar(value: object) -> object:
    # Parquet cells can hold values JSON lacks (DECIMAL, TIMESTAMP, UUID): write them as a number or a string.
    if isinstance(value, Decimal):
        return float(value)
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


# One encoder for all rows: json.dumps() with options builds a new encoder per call, slow over many rows.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_json_scalar)


def default_uuids(events: list[EventInput]) -> list[EventInput]:
    """Give uuid-less events the UUID5 of their content; runs before any rebase, so ids ignore the clock.

    Identical rows are told apart by their occurrence count, so every event still gets its own id.
    """
    seen: Counter[str] = Counter()
    return [event if event.uuid else replace(event, uuid=_content_uuid(event, seen)) for event in events]


def _content_uuid(event: EventInput, seen: Counter[str]) -> str:
    created_at = event.created_at and event.created_at.isoformat()
    fields = [event.event, event.distinct_id, event.timestamp.isoformat(), event.properties]
    content = compact_json([*fields, event.elements_chain, created_at])
    seen[content] += 1
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hogmock:event:{content}:{seen[content]}"))


def derive_dataset(
    events: list[EventInput],
    persons: list[PersonInput],
    groups: list[GroupInput],
    project: ProjectFile,
    now: datetime,
) -> Dataset:
    """The dataset to store; ``now`` (naive UTC) dates persons and groups that no event dates."""
    group_types = given_group_types(groups)
    event_groups = [group_keys(event, group_types) for event in events]
    people = _people(events, persons, now)
    by_distinct_id = {distinct_id: person for person in people for distinct_id in person.distinct_ids}
    pairs = zip(events, event_groups, strict=True)
    stored = [_event(event, by_distinct_id[event.distinct_id], keys) for event, keys in pairs]
    first_seen = _group_first_seen(events, event_groups)
    stored_groups = [_group(group, first_seen, now) for group in groups]
    return Dataset(stored, people, stored_groups, group_types, project)


# --- group types and $group_N -------------------------------------------------------------------------------


def given_group_types(groups: list[GroupInput]) -> dict[str, int]:
    """Group type → index from the groups file: one index per type, one type per index, one row per group."""
    types: dict[str, int] = {}
    owners: dict[int, GroupInput] = {}
    rows: dict[tuple[str, str], str] = {}
    for group in groups:
        _check_group(group, types, owners, rows)
        types[group.group_type] = group.group_type_index
        owners[group.group_type_index] = group
    return types


def _check_group(
    group: GroupInput, types: dict[str, int], owners: dict[int, GroupInput], rows: dict[tuple[str, str], str]
) -> None:
    index, known = group.group_type_index, types.get(group.group_type)
    owner = owners.get(index)
    if known is not None and known != index:
        problem = f"{group.group_type!r} already has index {known}"
        raise FixtureError.at(group.where, "group_type_index", problem)
    if owner is not None and owner.group_type != group.group_type:
        problem = f"{index} already belongs to {owner.group_type!r} at {owner.where}"
        raise FixtureError.at(group.where, "group_type_index", problem)
    first = rows.setdefault((group.group_type, group.group_key), group.where)
    if first != group.where:
        raise FixtureError.at(group.where, "group_key", f"{group.group_key!r} is already at {first}")


def group_keys(event: EventInput, types: dict[str, int]) -> GroupKeys:
    """``$group_0`` … ``$group_4`` of one event; a group type seen first here gets the lowest free index."""
    mapping = event.properties.get("$groups")
    if mapping is None:
        return NO_GROUPS
    if not isinstance(mapping, dict):
        raise FixtureError.at(event.where, "properties.$groups", f"not a JSON object: {mapping!r}")
    keys = list(NO_GROUPS)
    for group_type, key in mapping.items():
        if key not in (None, ""):
            keys[_type_index(group_type, types, event.where)] = _group_key(group_type, key, event.where)
    return cast(GroupKeys, tuple(keys))


def _type_index(group_type: str, types: dict[str, int], where: str) -> int:
    if group_type not in types:
        free = [index for index in range(GROUP_TYPE_LIMIT) if index not in types.values()]
        if not free:
            problem = f"no free group type index for {group_type!r}: at most {GROUP_TYPE_LIMIT} group types"
            raise FixtureError.at(where, "properties.$groups", problem)
        types[group_type] = free[0]
    return types[group_type]


def _group_key(group_type: str, key: Any, where: str) -> str:
    if not isinstance(key, str):
        raise FixtureError.at(where, f"properties.$groups.{group_type}", f"not a string: {key!r}")
    return key


def _group_first_seen(events: list[EventInput], keys: list[GroupKeys]) -> dict[tuple[int, str], datetime]:
    first: dict[tuple[int, str], datetime] = {}
    for event, event_keys in zip(events, keys, strict=True):
        for index, key in enumerate(event_keys):
            if key and ((index, key) not in first or event.timestamp < first[(index, key)]):
                first[(index, key)] = event.timestamp
    return first


def _group(group: GroupInput, first_seen: dict[tuple[int, str], datetime], now: datetime) -> Group:
    seen = first_seen.get((group.group_type_index, group.group_key), now)
    created_at = group.created_at or seen
    return Group(group.group_type_index, group.group_key, created_at, compact_json(group.properties))


# --- persons ------------------------------------------------------------------------------------------------


def _people(events: list[EventInput], persons: list[PersonInput], now: datetime) -> list[Person]:
    """The given persons, then one new person per unclaimed distinct id in order of first appearance."""
    owners = claim_distinct_ids(persons)
    first_seen = _first_seen(events)
    given = [_person(person, first_seen, now) for person in persons]
    unclaimed = [distinct_id for distinct_id in first_seen if distinct_id not in owners]
    return given + [_new_person(distinct_id, first_seen[distinct_id]) for distinct_id in unclaimed]


def claim_distinct_ids(persons: list[PersonInput]) -> dict[str, PersonInput]:
    """Distinct id → the person claiming it; a second claim (or a repeated person id) names both rows."""
    owners: dict[str, PersonInput] = {}
    ids: dict[str, PersonInput] = {}
    for person in persons:
        if person.id in ids:
            problem = f"{person.id!r} is already the id at {ids[person.id].where}"
            raise FixtureError.at(person.where, "id", problem)
        ids[person.id] = person
        for distinct_id in person.distinct_ids:
            if distinct_id in owners:
                problem = f"{distinct_id!r} already belongs to the person at {owners[distinct_id].where}"
                raise FixtureError.at(person.where, "distinct_ids", problem)
            owners[distinct_id] = person
    return owners


def _first_seen(events: list[EventInput]) -> dict[str, datetime]:
    """Each distinct id's earliest event, keyed in order of first appearance in the file."""
    first: dict[str, datetime] = {}
    for event in events:
        if event.distinct_id not in first or event.timestamp < first[event.distinct_id]:
            first[event.distinct_id] = event.timestamp
    return first


def _person(person: PersonInput, first_seen: dict[str, datetime], now: datetime) -> Person:
    seen = min((first_seen[d] for d in person.distinct_ids if d in first_seen), default=now)
    properties = compact_json(person.properties)
    return Person(person.id, person.created_at or seen, properties, person.is_identified, person.distinct_ids)


def _new_person(distinct_id: str, first_event: datetime) -> Person:
    # PostHog creates a person at ingestion for a distinct id it has never seen.
    person_id = str(uuid.uuid5(uuid.NAMESPACE_URL, distinct_id))
    return Person(person_id, first_event, "{}", False, (distinct_id,))


# --- events -------------------------------------------------------------------------------------------------


def _event(event: EventInput, person: Person, keys: GroupKeys) -> Event:
    assert event.uuid is not None, "default_uuids() runs before derive_dataset()"
    return Event(
        uuid=event.uuid,
        event=event.event,
        distinct_id=event.distinct_id,
        properties=compact_json(event.properties),
        timestamp=event.timestamp,
        created_at=event.created_at or event.timestamp,
        elements_chain=event.elements_chain,
        session_id=_text_property(event.properties, "$session_id"),
        window_id=_text_property(event.properties, "$window_id"),
        person_id=person.id,
        person_properties=person.properties,
        person_created_at=person.created_at,
        group_keys=keys,
    )


def _text_property(properties: dict[str, Any], key: str) -> str:
    """A materialized ClickHouse column: the property's text, or '' when it is missing."""
    value = properties.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else compact_json(value)
