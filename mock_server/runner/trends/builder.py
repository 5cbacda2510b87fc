"""The HogQL of one trends series, after ``TrendsQueryBuilder``
(``posthog/hogql_queries/insights/trends/trends_query_builder.py``).

Each series becomes one query over ``events``: its event, the query's and the series' property filters and the
test-account filters, the date range, and its math grouped by the interval's bucket (and the breakdown value).
Active-user maths join a list of buckets to the events of each bucket's window, as PostHog's
``_get_active_user_query`` does. Empty buckets are filled with zeros when the result is shaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mock_server.hogql import TranslationContext
from mock_server.runner.trends.aggregation import Math, math_of
from mock_server.runner.trends.breakdown import breakdown_expr
from mock_server.runner.trends.date_range import DateRange, hogql_time
from mock_server.runner.trends.insight import filter_text, property_list, quoted, test_account_properties

# trends_query_runner.py to_queries: an insight query without a LIMIT gets MAX_SELECT_RETURNED_ROWS.
ROW_LIMIT = 50_000


@dataclass(frozen=True)
class SeriesQuery:
    """What a series query is built from."""

    node: dict[str, Any]
    series: dict[str, Any]
    range: DateRange
    total_value: bool

    @property
    def math(self) -> Math:
        return math_of(self.series, self.range.interval)


def _where(q: SeriesQuery, ctx: TranslationContext, since: datetime, until: datetime) -> str:
    event = q.series.get("event")
    properties = [
        *property_list(q.node.get("properties")),
        *(q.series.get("properties") or []),
        *(q.series.get("fixedProperties") or []),
        *test_account_properties(q.node, ctx),
    ]
    parts = [
        f"event = {quoted(str(event))}" if event is not None else "1",
        filter_text(properties, ctx),
        f"timestamp >= {hogql_time(since)}",
        f"timestamp < {hogql_time(until)}",
    ]
    return " AND ".join(parts)


def _until(q: SeriesQuery) -> datetime:
    return q.range.date_to + timedelta(microseconds=1)


def _breakdown_columns(q: SeriesQuery, prefix: str = "") -> tuple[str, str]:
    expr = breakdown_expr(q.node)
    if expr is None:
        return "", ""
    return f", {expr} AS breakdown_value", f", {prefix}breakdown_value"


def series_hogql(q: SeriesQuery, ctx: TranslationContext) -> str:
    if q.math.window_days:
        return _active_total(q, ctx) if q.total_value else _active(q, ctx)
    return _total(q, ctx) if q.total_value else _plain(q, ctx)


def _plain(q: SeriesQuery, ctx: TranslationContext) -> str:
    select, group = _breakdown_columns(q)
    bucket = q.range.spec.hogql("timestamp", q.range.week_start_day)
    return (
        f"SELECT {bucket} AS bucket{select}, {q.math.aggregate(q.series)} AS total FROM events "
        f"WHERE {_where(q, ctx, q.range.date_from, _until(q))} GROUP BY bucket{group} LIMIT {ROW_LIMIT}"
    )


def _total(q: SeriesQuery, ctx: TranslationContext, since: datetime | None = None) -> str:
    select, group = _breakdown_columns(q)
    grouping = f" GROUP BY {group[2:]}" if group else ""
    return (
        f"SELECT {q.math.aggregate(q.series)} AS total{select} FROM events "
        f"WHERE {_where(q, ctx, since or q.range.date_from, _until(q))}{grouping} LIMIT {ROW_LIMIT}"
    )


def _active(q: SeriesQuery, ctx: TranslationContext) -> str:
    buckets = q.range.buckets()
    unit, days = q.range.spec.unit, q.math.window_days
    select, group = _breakdown_columns(q)
    since = q.range.spec.step(buckets[0]) - timedelta(days=days) if buckets else q.range.date_from
    events = f"SELECT timestamp, person_id{select} FROM events WHERE {_where(q, ctx, since, _until(q))}"
    window_end = f"d.bucket + toInterval{unit}(1)"
    return (
        f"SELECT d.bucket AS bucket{group.replace(', ', ', e.')}, count(DISTINCT e.person_id) AS total "
        f"FROM (SELECT {hogql_time(buckets[0] if buckets else q.range.date_from)} + toInterval{unit}(number) "
        f"AS bucket FROM numbers({len(buckets)})) AS d CROSS JOIN ({events}) AS e "
        f"WHERE e.timestamp >= {window_end} - toIntervalDay({days}) AND e.timestamp < {window_end} "
        f"GROUP BY bucket{group} LIMIT {ROW_LIMIT}"
    )


def _active_total(q: SeriesQuery, ctx: TranslationContext) -> str:
    """A total value of active users: distinct persons in the window that ends with the range."""
    since = _until(q) - timedelta(days=q.math.window_days)
    return _total(SeriesQuery(q.node, {**q.series, "math": "dau"}, q.range, True), ctx, since)
