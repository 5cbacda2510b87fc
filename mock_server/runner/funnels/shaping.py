"""Funnel results as PostHog shapes them (``FunnelBase._format_results`` / ``_serialize_step``,
``posthog/hogql_queries/insights/funnels/base.py``): a list of step objects, or one list per breakdown value.

A step's ``count`` is the people who reached it or a later step; its conversion times are the mean and median of
the positive seconds from the previous step (``groupArrayIf(timings[i], timings[i] > 0)`` in ``funnel_udf.py``).
Breakdown values are ranked by the people who reached the last step, then the step before, and so on; past
``breakdown_limit`` (default 25) they are grouped as ``Other``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any

from mock_server.runner.funnels.aggregate import Reached

DEFAULT_BREAKDOWN_LIMIT = 25
OTHER = "Other"


@dataclass
class Tally:
    """The people of one breakdown value by furthest step, and the positive conversion times per step."""

    value: Any
    exact: list[int]
    times: list[list[float]] = field(default_factory=list)

    @classmethod
    def empty(cls, value: Any, steps: int) -> Tally:
        return cls(value, [0] * steps, [[] for _ in range(steps)])

    def add(self, reached: Reached) -> None:
        self.exact[reached.step] += 1
        for index, seconds in enumerate(reached.timings, start=1):
            if seconds > 0:
                self.times[index].append(seconds)

    def merge(self, other: Tally) -> None:
        self.exact = [a + b for a, b in zip(self.exact, other.exact, strict=True)]
        self.times = [a + b for a, b in zip(self.times, other.times, strict=True)]

    @property
    def rank(self) -> tuple[Any, ...]:
        return (*(-count for count in reversed(self.exact)), str(self.value))


def limited(tallies: list[Tally], limit: int, other: Any) -> list[Tally]:
    ordered = sorted(tallies, key=lambda tally: tally.rank)
    kept, rest = ordered[:limit], ordered[limit:]
    if rest:
        grouped = Tally.empty(other, len(rest[0].exact))
        for tally in rest:
            grouped.merge(tally)
        kept.append(grouped)
    return kept


def _step(series: dict[str, Any], index: int, unordered: bool) -> dict[str, Any]:
    if unordered:
        name: Any = f"Completed {index + 1} step{'s' if index != 0 else ''}"
        return {"action_id": None, "name": name, "custom_name": None, "order": index}
    event = series.get("event")
    return {"action_id": event, "name": event, "custom_name": series.get("custom_name"), "order": index}


def _times(values: list[float]) -> tuple[float | None, float | None]:
    return (float(mean(values)), float(median(values))) if values else (None, None)


def steps_of(tally: Tally, series: list[dict[str, Any]], unordered: bool, breakdown: bool) -> list[dict[str, Any]]:
    found = []
    for index, node in enumerate(series):
        average, middle = _times(tally.times[index]) if index > 0 else (None, None)
        step = {
            **_step(node, index, unordered),
            "people": [],
            "count": sum(tally.exact[index:]),
            "type": "events",
            "average_conversion_time": average,
            "median_conversion_time": middle,
        }
        if breakdown:
            step.update({"breakdown": tally.value, "breakdown_value": tally.value})
        found.append(step)
    return found
