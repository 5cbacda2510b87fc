"""Running a FunnelsQuery: PostHog's ``FunnelsQueryRunner`` (``posthog/hogql_queries/insights/funnels/``) with
the steps visualisation (``funnelVizType`` ``steps``) for hogmock.

The events of the date range become rows through hogmock's HogQL translator (``events``); each person's
events then go through the funnel as PostHog's ``aggregate_funnel`` UDF takes them (``aggregate``), with the
breakdown value of the person's first event (``first_touch``); the tallies become step objects (``shaping``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any

from mock_server.errors import ValidationError
from mock_server.runner.caching import cache_target
from mock_server.runner.funnels.aggregate import ORDER_TYPES, Event
from mock_server.runner.funnels.events import breakdown_property, events_hogql
from mock_server.runner.funnels.shaping import DEFAULT_BREAKDOWN_LIMIT, OTHER, Tally, limited, steps_of
from mock_server.runner.hogql_query import Timings
from mock_server.runner.jobs import Execution
from mock_server.runner.trends import date_range_of, earliest_event
from mock_server.runner.trends.insight import Ran, cached_fields, insight_body, insight_context, run_hogql

if TYPE_CHECKING:
    from mock_server.backend import ServedProject

RUNNER_NAME = "FunnelsQueryRunner"
# posthog/utils.py DATERANGE_MAP: a conversion window unit in seconds (a month is 31 days).
WINDOW_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400, "month": 31 * 86400}
MAX_WINDOW_SECONDS = 10**18
REFRESH = timedelta(minutes=15)  # BASE_MINIMUM_INSIGHT_REFRESH_INTERVAL (UNCONFIRMED)

funnels_cache_target = cache_target(RUNNER_NAME)


def window_seconds(funnels_filter: dict[str, Any]) -> float:
    """The conversion window; ``funnelWindowInterval`` is a validated int (``runner/request.py``)."""
    interval = funnels_filter.get("funnelWindowInterval") or 14
    unit = funnels_filter.get("funnelWindowIntervalUnit") or "day"
    # Capped so that an int too big for a float (the schema bounds none) stays a window longer than any data.
    return float(min(interval * WINDOW_UNITS[unit], MAX_WINDOW_SECONDS))


def _people(ran: Ran, steps: int) -> Iterator[tuple[Any, list[Event]]]:
    """Each person's breakdown value (first touch) and time-ordered events."""
    index = {name: i for i, name in enumerate(ran.columns)}
    for _, rows in groupby(ran.rows, key=lambda row: row[index["aggregation_target"]]):
        found = list(rows)
        events = [
            Event(row[index["time"]].timestamp(), frozenset(i for i in range(steps) if row[index[f"step_{i}"]]))
            for row in found
        ]
        first = next((row[index["prop"]] for row in found if any(row[index[f"step_{i}"]] for i in range(steps))), "")
        yield first, events


def tallies(ran: Ran, node: dict[str, Any]) -> list[Tally]:
    funnels_filter = node.get("funnelsFilter") or {}
    steps = len(node["series"])
    walk = ORDER_TYPES[funnels_filter.get("funnelOrderType") or "ordered"]
    window = window_seconds(funnels_filter)
    found: dict[Any, Tally] = {}
    for value, events in _people(ran, steps):
        reached = walk(events, steps, window)
        if reached.step >= 0:
            found.setdefault(value, Tally.empty(value, steps)).add(reached)
    return list(found.values())


def results_of(found: list[Tally], node: dict[str, Any]) -> list[Any]:
    series = node["series"]
    unordered = (node.get("funnelsFilter") or {}).get("funnelOrderType") == "unordered"
    key = breakdown_property(node)
    if key is None:
        return steps_of(found[0], series, unordered, False) if found else []
    as_list = isinstance((node.get("breakdownFilter") or {}).get("breakdown"), list)
    limit = (node.get("breakdownFilter") or {}).get("breakdown_limit") or DEFAULT_BREAKDOWN_LIMIT
    for tally in found:
        tally.value = [tally.value] if as_list else tally.value
    kept = limited(found, limit, [OTHER] if as_list else OTHER)
    return [steps_of(tally, series, unordered, True) for tally in kept]


def calculate_funnels_query(
    node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution
) -> dict[str, Any]:
    """The fresh ``CachedFunnelsQueryResponse`` body of a validated FunnelsQuery node."""
    timings = Timings()
    if (node.get("funnelsFilter") or {}).get("funnelVizType") not in (None, "steps"):
        raise ValidationError("hogmock implements only the steps visualisation of funnels (funnelVizType 'steps').")
    ctx = insight_context(served, now)
    current = date_range_of(node, ctx, earliest_event(ctx, served, execution))
    results: list[Any] = []
    hogql = ""
    if node.get("series"):
        ran = run_hogql(events_hogql(node, current, ctx), ctx, served, execution)
        hogql, results = ran.hogql, results_of(tallies(ran, node), node)
    timings.mark("./execute")
    fields = cached_fields(funnels_cache_target(node), served, now, current.interval, REFRESH)
    return insight_body(fields, node, current, hogql, results, timings, error=None)
