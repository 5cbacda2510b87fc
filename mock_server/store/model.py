"""The loaded dataset: validated, derived rows ready to insert into the tables of ``ddl.py``.

Timestamps are naive UTC datetimes; JSON columns are compact JSON text with keys in source order.
"""

from __future__ import annotations

from dataclasses import dataclass
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


class ProjectFile(TypedDict, total=False):
    """The keys ``project.json`` gave; absent keys are left to ``config.Project``'s defaults."""

    id: int
    name: str
    timezone: str
    week_start_day: int
    api_token: str


@dataclass(frozen=True)
class Dataset:
    """Everything one data directory holds. ``group_types`` maps each group type to its index."""

    events: list[Event]
    persons: list[Person]
    groups: list[Group]
    group_types: dict[str, int]
    project: ProjectFile
