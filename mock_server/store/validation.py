"""The keys each data file may hold, the check for each key, and the typed records rows validate into.

Validation is table-driven: a schema maps every allowed key to a ``Key`` (its check, and whether it is
required); ``validate`` applies it to one ``SourceRow`` and the result constructs the table's input record.
Checks take a JSON (or Parquet) value and return it converted (timestamps to naive UTC) or raise ``Invalid``.
"""

from __future__ import annotations

import re
import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from .errors import FixtureError
from .model import GROUP_TYPE_LIMIT, ProjectFile
from .sources import SourceRow

# fromisoformat also takes bare dates and "2026-11-20T10"; a date-time needs at least hours and minutes.
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class Invalid(Exception):
    """A value's problem, before it is placed at a file, row and key."""


def _require(ok: bool, what: str, value: Any) -> None:
    if not ok:
        raise Invalid(f"not {what}: {value!r}")


def text(value: Any) -> str:
    _require(isinstance(value, str), "a string", value)
    return cast(str, value)


def name(value: Any) -> str:
    _require(isinstance(value, str) and value != "", "a non-empty string", value)
    return cast(str, value)


def json_object(value: Any) -> dict[str, Any]:
    _require(isinstance(value, dict), "a JSON object", value)
    return cast(dict[str, Any], value)


def boolean(value: Any) -> bool:
    _require(isinstance(value, bool), "a boolean", value)
    return cast(bool, value)


def instant(value: Any) -> datetime:
    """An ISO 8601 date-time (a Parquet TIMESTAMP too) as naive UTC; no zone means UTC."""
    parsed = value if isinstance(value, datetime) else _parse_date_time(value)
    if parsed is None:
        raise Invalid(f"not an ISO 8601 date-time: {value!r}")
    return naive_utc(parsed)


def naive_utc(value: datetime) -> datetime:
    """How timestamps are stored: UTC without a zone (a naive value is taken to be UTC already)."""
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def _parse_date_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def uuid_text(value: Any) -> str:
    """A UUID in canonical lowercase form (a Parquet UUID cell too)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        raise Invalid(f"not a UUID: {value!r}") from None


def distinct_ids(value: Any) -> tuple[str, ...]:
    ok = isinstance(value, list) and value != [] and all(isinstance(v, str) and v for v in value)
    _require(ok, "a non-empty list of non-empty strings", value)
    duplicates = sorted({v for v in value if value.count(v) > 1})
    if duplicates:
        raise Invalid(f"{duplicates[0]!r} is listed twice")
    return tuple(value)


def group_type_index(value: Any) -> int:
    # bool is an int subclass in Python, but `true` is not an index.
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < GROUP_TYPE_LIMIT
    _require(ok, f"an integer from 0 to {GROUP_TYPE_LIMIT - 1}", value)
    return cast(int, value)


def project_id(value: Any) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    _require(ok, "a positive integer", value)
    return cast(int, value)


def timezone_name(value: Any) -> str:
    _require(isinstance(value, str) and value in zoneinfo.available_timezones(), "an IANA time zone", value)
    return cast(str, value)


def week_start_day(value: Any) -> int:
    # PostHog's WeekStartDay: 0 = Sunday, 1 = Monday.
    _require(value in (0, 1) and not isinstance(value, bool), "0 (Sunday) or 1 (Monday)", value)
    return cast(int, value)


@dataclass(frozen=True)
class Key:
    """How one key is checked, and whether a row must have it."""

    check: Callable[[Any], Any]
    required: bool = False


Schema = dict[str, Key]

EVENT_KEYS: Schema = {
    "event": Key(name, required=True),
    "distinct_id": Key(name, required=True),
    "timestamp": Key(instant, required=True),
    "properties": Key(json_object),
    "uuid": Key(uuid_text),
    "elements_chain": Key(text),
    "created_at": Key(instant),
}

PERSON_KEYS: Schema = {
    "id": Key(uuid_text, required=True),
    "distinct_ids": Key(distinct_ids, required=True),
    "properties": Key(json_object),
    "created_at": Key(instant),
    "is_identified": Key(boolean),
}

GROUP_KEYS: Schema = {
    "group_type": Key(name, required=True),
    "group_type_index": Key(group_type_index, required=True),
    "group_key": Key(name, required=True),
    "properties": Key(json_object),
    "created_at": Key(instant),
}


def count(value: Any) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    _require(ok, "a non-negative integer", value)
    return cast(int, value)


def urls(value: Any) -> tuple[str, ...]:
    _require(isinstance(value, list) and all(isinstance(v, str) for v in value), "a list of strings", value)
    return tuple(value)


# posthog/hogql/database/schema/session_replay_events.py: the recording metadata columns.
REPLAY_KEYS: Schema = {
    "session_id": Key(name, required=True),
    "distinct_id": Key(name, required=True),
    "min_first_timestamp": Key(instant, required=True),
    "max_last_timestamp": Key(instant, required=True),
    "first_url": Key(text),
    "all_urls": Key(urls),
    **{
        key: Key(count)
        for key in (
            "click_count",
            "keypress_count",
            "mouse_activity_count",
            "active_milliseconds",
            "console_log_count",
            "console_warn_count",
            "console_error_count",
            "size",
            "event_count",
            "message_count",
        )
    },
    "snapshot_source": Key(text),
}

PROJECT_KEYS: Schema = {
    "id": Key(project_id),
    "name": Key(text),
    "timezone": Key(timezone_name),
    "week_start_day": Key(week_start_day),
    "api_token": Key(name),
}


def validate(row: SourceRow, schema: Schema) -> dict[str, Any]:
    """The row's values, checked and converted; the first unknown, missing or bad key raises."""
    unknown = [key for key in row.values if key not in schema]
    if unknown:
        raise FixtureError.at(row.where, unknown[0], "unknown key")
    missing = [key for key, spec in schema.items() if spec.required and key not in row.values]
    if missing:
        raise FixtureError.at(row.where, missing[0], "missing required key")
    return {key: _checked(row.where, key, schema[key], value) for key, value in row.values.items()}


def _checked(where: str, key: str, spec: Key, value: Any) -> Any:
    try:
        return spec.check(value)
    except Invalid as problem:
        raise FixtureError.at(where, key, str(problem)) from None


@dataclass(frozen=True)
class EventInput:
    """A validated ``events`` row; ``None`` means "derive it"."""

    where: str
    event: str
    distinct_id: str
    timestamp: datetime
    properties: dict[str, Any] = field(default_factory=dict)
    uuid: str | None = None
    elements_chain: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class PersonInput:
    """A validated ``persons`` row."""

    where: str
    id: str
    distinct_ids: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    is_identified: bool = False


@dataclass(frozen=True)
class GroupInput:
    """A validated ``groups`` row."""

    where: str
    group_type: str
    group_type_index: int
    group_key: str
    properties: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass(frozen=True)
class ReplayInput:
    """A validated ``session_replay_events`` row; counts default to 0, the source to ``web``."""

    where: str
    session_id: str
    distinct_id: str
    min_first_timestamp: datetime
    max_last_timestamp: datetime
    first_url: str | None = None
    all_urls: tuple[str, ...] = ()
    click_count: int = 0
    keypress_count: int = 0
    mouse_activity_count: int = 0
    active_milliseconds: int = 0
    console_log_count: int = 0
    console_warn_count: int = 0
    console_error_count: int = 0
    size: int = 0
    event_count: int = 0
    message_count: int = 0
    snapshot_source: str = "web"


def replay_input(row: SourceRow) -> ReplayInput:
    replay = ReplayInput(where=row.where, **validate(row, REPLAY_KEYS))
    if replay.max_last_timestamp < replay.min_first_timestamp:
        raise FixtureError.at(row.where, "max_last_timestamp", "earlier than min_first_timestamp")
    return replay


def event_input(row: SourceRow) -> EventInput:
    return EventInput(where=row.where, **validate(row, EVENT_KEYS))


def person_input(row: SourceRow) -> PersonInput:
    return PersonInput(where=row.where, **validate(row, PERSON_KEYS))


def group_input(row: SourceRow) -> GroupInput:
    return GroupInput(where=row.where, **validate(row, GROUP_KEYS))


def project_file(row: SourceRow | None) -> ProjectFile:
    return {} if row is None else cast(ProjectFile, validate(row, PROJECT_KEYS))
