"""The loaded dataset: validated, derived rows ready to insert into the tables of ``ddl.py``.

Timestamps are naive UTC datetimes; JSON columns are compact JSON text with keys in source order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

GROUP_TYPE_LIMIT = 5  # PostHog has $group_0 … $group_4.

GroupKeys = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Event:
    """One ``events`` row, with its person ("persons on events") and group keys filled in."""

    uuid: str
    event: str
    distinct_id: str
    properties: str
    timestamp: datetime
    created_at: datetime
    elements_chain: str
    session_id: str
    window_id: str
    person_id: str
    person_properties: str
    person_created_at: datetime
    group_keys: GroupKeys


@dataclass(frozen=True)
class Person:
    """One ``persons`` row and the distinct ids that point at it."""

    id: str
    created_at: datetime
    properties: str
    is_identified: bool
    distinct_ids: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """One ``groups`` row; ``index`` is its group type's index."""

    index: int
    key: str
    created_at: datetime
    properties: str


@dataclass(frozen=True)
class Replay:
    """One ``session_replay_events`` row (PostHog's ``posthog/hogql/database/schema/session_replay_events.py``)."""

    session_id: str
    distinct_id: str
    min_first_timestamp: datetime
    max_last_timestamp: datetime
    first_url: str | None
    all_urls: tuple[str, ...]
    click_count: int
    keypress_count: int
    mouse_activity_count: int
    active_milliseconds: int
    console_log_count: int
    console_warn_count: int
    console_error_count: int
    size: int
    event_count: int
    message_count: int
    snapshot_source: str | None


class ProjectFile(TypedDict, total=False):
    """The keys ``project.json`` gave; absent keys are left to ``config.Project``'s defaults."""

    id: int
    name: str
    timezone: str
    week_start_day: int
    api_token: str


@dataclass(frozen=True)
class Dataset:
    """Everything one data directory holds. ``group_types`` maps each group type to its index;
    ``property_definitions`` maps a scope (``event``, ``person``, ``group_<index>``) to property types
    (``property_definitions.py``); ``replays`` are the rows of ``session_replay_events`` when the directory
    supplies them (``None``: derive them from the events' sessions)."""

    events: list[Event]
    persons: list[Person]
    groups: list[Group]
    group_types: dict[str, int]
    project: ProjectFile
    property_definitions: dict[str, dict[str, str]] = field(default_factory=dict)
    replays: list[Replay] | None = None
