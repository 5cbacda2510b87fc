"""Running a TrendsQuery: PostHog's ``TrendsQueryRunner`` (``posthog/hogql_queries/insights/trends/``) for hogmock.

Each series (and, with ``compareFilter``, each series again over the previous period) becomes one HogQL query
(``builder``) run through hogmock's translator; the rows are shaped into PostHog's series objects (``shaping``).
The body is ``CachedTrendsQueryResponse`` with every key present, as pydantic dumps it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from math import ceil
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from mock_server.errors import ValidationError
from mock_server.hogql import TranslationContext
from mock_server.runner.caching import cache_target
from mock_server.runner.hogql_query import Timings
from mock_server.runner.jobs import Execution
from mock_server.runner.trends.aggregation import effective_math, math_of
from mock_server.runner.trends.breakdown import OTHER_LABEL, breakdown_key
from mock_server.runner.trends.builder import SeriesQuery, series_hogql
from mock_server.runner.trends.date_range import INTERVALS, DateRange, compare_to, previous_period, resolve
from mock_server.runner.trends.insight import cached_fields, insight_body, insight_context, run_hogql
from mock_server.runner.trends.shaping import TOTAL_VALUE_DISPLAYS, SeriesShape, display, lines_of, shaped

if TYPE_CHECKING:
    from mock_server.backend import ServedProject

RUNNER_NAME = "TrendsQueryRunner"
# posthog/caching/insights_api.py: how soon a client may refresh an insight (UNCONFIRMED values).
BASE_REFRESH = timedelta(minutes=15)
REDUCED_REFRESH = timedelta(minutes=1)

trends_cache_target = cache_target(RUNNER_NAME)


def earliest_event(ctx: TranslationContext, served: ServedProject, execution: Execution) -> Callable[[], datetime]:
    """``date_from: "all"``: the first event's time (now when there are none)."""

    def first() -> datetime:
        rows = run_hogql("SELECT min(timestamp) FROM events", ctx, served, execution).rows
        found = rows[0][0] if rows else None
        return found if isinstance(found, datetime) else ctx.now

    return first


def date_range_of(node: dict[str, Any], ctx: TranslationContext, first: Callable[[], datetime]) -> DateRange:
    # A total-value display is calculated by day whatever the interval (query_date_range).
    interval = "day" if display(node) in TOTAL_VALUE_DISPLAYS else node.get("interval") or "day"
    if interval not in INTERVALS:
        # IntervalType also has "second" and "minute": PostHog accepts them, hogmock cannot bucket by them yet.
        raise ValidationError(
            f"hogmock does not support the interval '{interval}' yet; it supports: {', '.join(INTERVALS)}."
        )
    return resolve(node.get("dateRange"), interval, ZoneInfo(ctx.timezone), ctx.now, ctx.week_start_day, first)


def _previous(node: dict[str, Any], current: DateRange) -> DateRange | None:
    compare = node.get("compareFilter") or {}
    if not compare.get("compare"):
        return None
    relative = compare.get("compare_to")
    if not isinstance(relative, str):
        return previous_period(current)
    try:
        return compare_to(current, relative)
    except ValueError:
        raise ValidationError(f"Invalid compare_to value: {relative}") from None


def _series(node: dict[str, Any], interval: str) -> list[dict[str, Any]]:
    """The EventsNode series, with ``math`` as ``convert_active_user_math_based_on_interval`` leaves it."""
    found = []
    for series in node.get("series") or []:
        if series.get("kind") != "EventsNode":
            raise ValidationError(f"hogmock does not implement {series.get('kind')} series in trends yet.")
        math = effective_math(series, interval)
        found.append({**series, "math": math} if series.get("math") not in (None, math) else series)
    return found


def shapes_of(node: dict[str, Any], current: DateRange) -> list[SeriesShape]:
    """SeriesWithExtras: every series over the current range, then (compare) every series over the previous."""
    previous = _previous(node, current)
    ranges = [(current, False if previous else None)] + ([(previous, True)] if previous else [])
    return [
        SeriesShape(node, series, order, period, current, flag, math_of(series, current.interval).whole)
        for period, flag in ranges
        for order, series in enumerate(_series(node, current.interval))
    ]


def _refresh(current: DateRange) -> timedelta:
    """``TrendsQueryRunner._refresh_frequency``: sooner for hourly or at most 7-day insights."""
    days = ceil((current.date_to - current.date_from) / timedelta(days=1))
    return REDUCED_REFRESH if current.interval == "hour" or days <= 7 else BASE_REFRESH


def calculate_trends_query(
    node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution
) -> dict[str, Any]:
    """The fresh ``CachedTrendsQueryResponse`` body of a validated TrendsQuery node."""
    timings = Timings()
    ctx = insight_context(served, now)
    current = date_range_of(node, ctx, earliest_event(ctx, served, execution))
    shapes = shapes_of(node, current)
    real_count = len(node.get("series") or [])
    results: list[dict[str, Any]] = []
    hogql: list[str] = []
    for shape in shapes:
        query = series_hogql(SeriesQuery(node, shape.series, shape.range, shape.total_value), ctx)
        ran = run_hogql(query, ctx, served, execution)
        hogql.append(ran.hogql)
        results.extend(shaped(lines_of(ran, shape), shape, real_count))
    timings.mark("./execute_queries")
    target = trends_cache_target(node)
    fields = cached_fields(target, served, now, current.interval, _refresh(current))
    has_more = breakdown_key(node) is not None and any(r.get("breakdown_value") == OTHER_LABEL for r in results)
    # calculate joins the debug errors of its queries into ``error``: there are none.
    extra = {"boxplot_data": None, "error": "", "hasMore": has_more}
    return insight_body(fields, node, current, " UNION ALL ".join(hogql), results, timings, **extra)
