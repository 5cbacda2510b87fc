"""An insight's date range and its intervals, as PostHog's ``QueryDateRange`` resolves them
(``posthog/hogql_queries/utils/query_date_range.py``), plus the compare ranges
(``query_previous_period_date_range.py``, ``query_compare_to_date_range.py``).

Bounds are parsed with ``mock_server.hogql.dates`` (PostHog's ``relative_date_parse``) in the team's timezone.
Unless ``explicitDate`` is set, ``date_from`` is rounded down to the start of its hour (hourly) or day, and
``date_to`` up to the end of its hour or day. Buckets start at the interval's start of ``date_from`` and step
by the interval while not after ``date_to`` (``all_values``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mock_server.hogql.dates import delta_for, subtract
from mock_server.hogql.dates import relative_date_parse as parse_date

DEFAULT_DATE_FROM = "-7d"


def _hour_start(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _hour_end(moment: datetime) -> datetime:
    return moment.replace(minute=59, second=59, microsecond=999999)


def _day_start(moment: datetime) -> datetime:
    return _hour_start(moment).replace(hour=0)


def _day_end(moment: datetime) -> datetime:
    return _hour_end(moment).replace(hour=23)


_RELATIVE_UNITS = {"h": "hours", "d": "days", "w": "weeks", "m": "months", "y": "years", "q": "weeks"}


def _month_start(moment: datetime, week_start: int) -> datetime:
    return _day_start(moment).replace(day=1)


def _week_start(moment: datetime, week_start: int) -> datetime:
    # week_start_day 0 is Sunday (toStartOfWeek mode 0), 1 is Monday (mode 3).
    back = (moment.isoweekday() % 7) if week_start == 0 else moment.weekday()
    return _day_start(moment) - timedelta(days=back)


def _next_month(moment: datetime) -> datetime:
    return moment.replace(year=moment.year + moment.month // 12, month=moment.month % 12 + 1)


@dataclass(frozen=True)
class Interval:
    """One ``IntervalType``: where its buckets start, the next bucket, and the HogQL that buckets a timestamp."""

    start: Callable[[datetime, int], datetime]
    step: Callable[[datetime], datetime]
    hogql: Callable[[str, int], str]
    unit: str  # toInterval<unit>
    hourly: bool = False


INTERVALS: dict[str, Interval] = {
    "hour": Interval(
        lambda m, w: _hour_start(m),
        lambda m: m + timedelta(hours=1),
        lambda f, w: f"toStartOfHour({f})",
        "Hour",
        hourly=True,
    ),
    "day": Interval(
        lambda m, w: _day_start(m), lambda m: m + timedelta(days=1), lambda f, w: f"toStartOfDay({f})", "Day"
    ),
    "week": Interval(
        _week_start,
        lambda m: m + timedelta(days=7),
        lambda f, w: f"toStartOfWeek({f}, {0 if w == 0 else 3})",
        "Week",
    ),
    "month": Interval(_month_start, _next_month, lambda f, w: f"toStartOfMonth({f})", "Month"),
}


@dataclass(frozen=True)
class DateRange:
    """Resolved bounds (aware, in the team's timezone; ``date_to`` inclusive) and the interval."""

    date_from: datetime
    date_to: datetime
    interval: str
    week_start_day: int = 0

    @property
    def spec(self) -> Interval:
        return INTERVALS[self.interval]

    def buckets(self) -> list[datetime]:
        """``all_values``: each interval start from ``date_from``'s bucket to ``date_to``."""
        current, found = self.spec.start(self.date_from, self.week_start_day), []
        while current <= self.date_to:
            found.append(current)
            current = self.spec.step(current)
        return found

    def bucket_of(self, value: Any) -> datetime:
        """A bucket value from DuckDB (date, naive or aware datetime) as a wall-clock time in the team's zone."""
        zone = self.date_from.tzinfo
        if isinstance(value, datetime):
            wall = value.astimezone(zone).replace(tzinfo=None) if value.tzinfo else value
        else:
            wall = datetime.combine(
                value if isinstance(value, date) else date.fromisoformat(str(value)), datetime.min.time()
            )
        return wall.replace(tzinfo=zone)

    def shifted(self, date_from: datetime, date_to: datetime) -> DateRange:
        return replace(self, date_from=date_from, date_to=date_to)


def hogql_time(moment: datetime) -> str:
    """A wall-clock time in the team's zone as the HogQL constant ``toDateTime('…')``."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S") + (f".{moment.microsecond:06d}" if moment.microsecond else "")
    return f"toDateTime('{text}')"


def resolve(
    date_range: dict[str, Any] | None,
    interval: str,
    zone: ZoneInfo,
    now: datetime,
    week_start_day: int,
    earliest: Callable[[], datetime],
) -> DateRange:
    """``QueryDateRange.date_from()``/``date_to()`` for a query's ``dateRange``; ``earliest`` answers ``"all"``."""
    given = date_range or {}
    text_from = given.get("date_from") or DEFAULT_DATE_FROM
    explicit = bool(given.get("explicitDate"))
    hourly = INTERVALS[interval].hourly
    start = earliest().astimezone(zone) if text_from == "all" else parse_date(text_from, zone, now).astimezone(zone)
    end = parse_date(given["date_to"], zone, now).astimezone(zone) if given.get("date_to") else now.astimezone(zone)
    if not explicit:
        start = _hour_start(start) if hourly else _day_start(start)
        end = _hour_end(end) if hourly else _day_end(end)
    return DateRange(start, end, interval, week_start_day)


def previous_period(current: DateRange) -> DateRange:
    """The period of the same length just before ``current`` (compare without ``compare_to``)."""
    length = current.date_to - current.date_from
    date_to = current.date_from - timedelta(microseconds=1)
    return current.shifted(date_to - length, date_to)


def compare_to(current: DateRange, relative: str) -> DateRange:
    """``compare_to`` (e.g. ``-1w``, ``-14d``): both bounds moved back by that amount."""
    number, unit = relative.lstrip("-")[:-1], relative[-1:]
    if unit not in _RELATIVE_UNITS:
        raise ValueError(relative)
    delta = delta_for(unit, number or "1", None)
    return current.shifted(subtract(current.date_from, delta), subtract(current.date_to, delta))


def label(moment: datetime, interval: str) -> str:
    """``posthog.utils.format_label_date``: ``20-Nov-2026``, with `` 14:00`` for hours."""
    text = f"{moment.day}-{moment.strftime('%b-%Y')}"
    return text + moment.strftime(" %H:%M") if INTERVALS[interval].hourly else text


def day(moment: datetime, interval: str) -> str:
    """The ``days`` entries: ``2026-11-20``, with `` 14:00:00`` for hours."""
    return moment.strftime("%Y-%m-%d %H:%M:%S" if INTERVALS[interval].hourly else "%Y-%m-%d")
