"""Loading a data directory (fixtures.md) into a ``Dataset``: read, validate, optionally rebase, derive.

Every failure is a ``FixtureError`` raised before anything is built, so a bad directory never replaces the
data that is serving.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from .derive import default_uuids, derive_dataset
from .errors import FixtureError
from .model import Dataset
from .sources import read_json_object, read_table
from .validation import (
    EventInput,
    GroupInput,
    PersonInput,
    event_input,
    group_input,
    naive_utc,
    person_input,
    project_file,
)

DAY = timedelta(days=1)


def load_directory(path: Path, *, now: datetime, rebase: bool = False) -> Dataset:
    """The dataset in ``path``. ``now`` dates persons and groups no event dates; ``rebase`` moves all data by
    whole days so that the newest event falls in the day before ``now`` (for the bundled dataset)."""
    if not path.is_dir():
        raise FixtureError(f"{path}: not a directory")
    events = default_uuids([event_input(row) for row in read_table(path, "events", required=True)])
    persons = [person_input(row) for row in read_table(path, "persons", required=False)]
    groups = [group_input(row) for row in read_table(path, "groups", required=False)]
    project = project_file(read_json_object(path / "project.json"))
    now = naive_utc(now)
    if rebase:
        shift = rebase_days(events, now) * DAY
        events, persons = _shift_events(events, shift), _shift_persons(persons, shift)
        groups = _shift_groups(groups, shift)
    return derive_dataset(events, persons, groups, project, now)


def rebase_days(events: list[EventInput], now: datetime) -> int:
    """Whole days to add so that the newest event is at most ``now``: ``floor((now - newest) / 1 day)``."""
    newest = max((event.timestamp for event in events), default=now)
    return (now - newest) // DAY


def _shift_events(events: list[EventInput], shift: timedelta) -> list[EventInput]:
    return [replace(e, timestamp=e.timestamp + shift, created_at=_shifted(e.created_at, shift)) for e in events]


def _shift_persons(persons: list[PersonInput], shift: timedelta) -> list[PersonInput]:
    return [replace(person, created_at=_shifted(person.created_at, shift)) for person in persons]


def _shift_groups(groups: list[GroupInput], shift: timedelta) -> list[GroupInput]:
    return [replace(group, created_at=_shifted(group.created_at, shift)) for group in groups]


def _shifted(value: datetime | None, shift: timedelta) -> datetime | None:
    return None if value is None else value + shift
