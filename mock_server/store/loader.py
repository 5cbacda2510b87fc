"""Loading a data directory (fixtures.md) into a ``Dataset``: read, validate, optionally rebase, derive.

Every failure is a ``FixtureError`` raised before anything is built, so a bad directory never replaces the
data that is serving.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from . import property_definitions as defs
from .derive import default_uuids, derive_dataset
from .errors import FixtureError
from .model import Dataset, Group, Replay
from .sources import parse_json, read_json_object, read_table
from .validation import (
    EventInput,
    GroupInput,
    PersonInput,
    ReplayInput,
    event_input,
    group_input,
    naive_utc,
    person_input,
    project_file,
    replay_input,
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
    replays = _replays(path)
    definitions = read_json_object(path / defs.FILE_NAME)
    now = naive_utc(now)
    if rebase:
        shift = rebase_days(events, now) * DAY
        try:
            events, persons = _shift_events(events, shift), _shift_persons(persons, shift)
            groups = _shift_groups(groups, shift)
            replays = replays and [_shift_replay(replay, shift) for replay in replays]
        except OverflowError:
            # An event far in the future (year 9999) makes the rebase move every other date before year 1.
            raise FixtureError(
                f"{path}: cannot rebase the data by {shift.days} days so that its newest event falls before {now}: "
                "a date would leave the years 1-9999; the newest event is too far from now"
            ) from None
    dataset = derive_dataset(events, persons, groups, project, now)
    given = defs.overrides(definitions, dataset.group_types)
    stored_replays = None if replays is None else [_replay(replay) for replay in replays]
    return replace(
        dataset,
        property_definitions=defs.merged(_inferred(events, persons, dataset.groups), given),
        replays=stored_replays,
    )


def _replays(path: Path) -> list[ReplayInput] | None:
    """The optional ``session_replay_events`` rows; ``None`` when the directory has no such file."""
    present = any((path / f"session_replay_events.{suffix}").exists() for suffix in ("jsonl", "parquet"))
    rows = read_table(path, "session_replay_events", required=False)
    return [replay_input(row) for row in rows] if present else None


def _inferred(events: list[EventInput], persons: list[PersonInput], groups: list[Group]) -> defs.PropertyDefinitions:
    inferred = {"event": defs.infer(e.properties for e in events), "person": defs.infer(p.properties for p in persons)}
    for index in sorted({group.index for group in groups}):
        rows = (parse_json(group.properties) for group in groups if group.index == index)
        inferred[f"group_{index}"] = defs.infer(rows)
    return inferred


def _shift_replay(replay: ReplayInput, shift: timedelta) -> ReplayInput:
    first, last = replay.min_first_timestamp + shift, replay.max_last_timestamp + shift
    return replace(replay, min_first_timestamp=first, max_last_timestamp=last)


def _replay(replay: ReplayInput) -> Replay:
    values = {name: getattr(replay, name) for name in Replay.__dataclass_fields__}
    return Replay(**values)


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
