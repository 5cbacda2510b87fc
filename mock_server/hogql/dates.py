"""Date-range bounds as PostHog reads them: ISO dates, datetimes, and relative strings such as ``-7d`` or ``mStart``.

``relative_date_parse`` reads ISO first, naive values in the team's timezone (``posthog/hogql/filters.py``), and
follows ``posthog/utils.py`` (``relative_date_parse_with_delta_mapping`` and
``get_delta_mapping_for``), with ``dateutil.relativedelta``'s arithmetic: absolute fields (``day=1``) are set
first, then months/years move with the day clamped to the month's length, then days/hours/minutes/seconds.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

Delta = dict[str, int]

_RELATIVE = re.compile(r"\-?(?P<number>[0-9]+)?(?P<kind>[hdwmqysHDWMQY])(?P<position>Start|End)?")
_START_OF_HOUR: Delta = {"minute": 0, "second": 0, "microsecond": 0}
_END_OF_HOUR: Delta = {"minute": 59, "second": 59, "microsecond": 999999}


def _amount(unit: str, factor: int = 1) -> Callable[[int], Delta]:
    return lambda number: {unit: number * factor}


# kind → (the relative amount for a number, the absolute fields for "Start", for "End").
_KINDS: dict[str, tuple[Callable[[int], Delta], Delta, Delta]] = {
    "h": (_amount("hours"), _START_OF_HOUR, _END_OF_HOUR),
    "d": (_amount("days"), {"hour": 0, **_START_OF_HOUR}, {"hour": 23, **_END_OF_HOUR}),
    "w": (_amount("weeks"), {}, {}),
    "m": (_amount("months"), {"day": 1}, {"day": 31}),
    "M": (_amount("minutes"), {}, {}),
    "s": (_amount("seconds"), {}, {}),
    "q": (_amount("weeks", 13), {}, {}),
    "y": (_amount("years"), {"month": 1, "day": 1}, {"day": 31}),
}
_NOTHING: tuple[Callable[[int], Delta], Delta, Delta] = (lambda number: {}, {}, {})


def delta_for(kind: str, number: str | None, position: str | None) -> Delta:
    """``get_delta_mapping_for``: relative amounts (plural keys) and absolute fields (singular keys)."""
    amount, start, end = _KINDS.get(kind, _NOTHING)
    delta = amount(int(number)) if number else {}
    return {**delta, **{"Start": start, "End": end}.get(position or "", {})}


def relative_date_parse(text: str, timezone: ZoneInfo, now: datetime) -> datetime:
    """A bound as ``posthog.utils.relative_date_parse`` reads it; text it cannot read means ``now``."""
    parsed = _iso(text, timezone)
    if parsed is not None:
        return parsed
    match = _RELATIVE.search(text)
    current = now.astimezone(timezone)
    if match is None:
        return current
    return subtract(current, delta_for(match["kind"], match["number"], match["position"]))


def _iso(text: str, timezone: ZoneInfo) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.strptime(text, "%Y-%m-%d")  # "2021-1-1": no zero padding
        except ValueError:
            return None
    return parsed.replace(tzinfo=timezone) if parsed.tzinfo is None else parsed.astimezone(timezone)


def subtract(moment: datetime, delta: Delta) -> datetime:
    """``moment - relativedelta(**delta)``: absolute fields kept, relative amounts negated."""
    year = delta.get("year", moment.year) - delta.get("years", 0)
    month = delta.get("month", moment.month) - delta.get("months", 0)
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    day = min(calendar.monthrange(year, month)[1], delta.get("day", moment.day))
    moved = moment.replace(
        year=year,
        month=month,
        day=day,
        hour=delta.get("hour", moment.hour),
        minute=delta.get("minute", moment.minute),
        second=delta.get("second", moment.second),
        microsecond=delta.get("microsecond", moment.microsecond),
    )
    days = delta.get("days", 0) + 7 * delta.get("weeks", 0)
    span = timedelta(days=days, hours=delta.get("hours", 0), minutes=delta.get("minutes", 0))
    return moved - span - timedelta(seconds=delta.get("seconds", 0))
