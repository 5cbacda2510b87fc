"""Trends results as PostHog shapes them (``TrendsQueryRunner.build_series_response``): one object per series
and breakdown value with ``data``, ``labels``, ``days``, ``count``, ``label``, ``filter``, ``action``, and
``aggregated_value`` (total-value displays), ``breakdown_value`` and ``compare``/``compare_label`` where they apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from mock_server.runner.trends.breakdown import Line, breakdown_key, breakdown_limit, limited
from mock_server.runner.trends.date_range import DateRange, day, label
from mock_server.runner.trends.insight import Ran

# ChartDisplayType values TrendsDisplay.is_total_value() answers true for (display.py).
TOTAL_VALUE_DISPLAYS = frozenset({"BoldNumber", "ActionsPie", "ActionsBarValue", "ActionsTable", "WorldMap"})
CUMULATIVE = "ActionsLineGraphCumulative"
# The TrendsFilter fields with a default (posthog/schema.py), which _query_to_filter copies from __dict__.
TRENDS_FILTER_DEFAULTS: dict[str, Any] = {
    "aggregationAxisFormat": "numeric",
    "display": "ActionsLineGraph",
    "hideWeekends": False,
    "resultCustomizationBy": "value",
    "showAlertThresholdLines": False,
    "showLegend": False,
    "showMultipleYAxes": False,
    "showPercentStackView": False,
    "showValuesOnSeries": False,
    "smoothingIntervals": 1,
}
BREAKDOWN_FILTER_DEFAULTS: dict[str, Any] = {"breakdown_type": "event"}


def display(node: dict[str, Any]) -> str:
    return str((node.get("trendsFilter") or {}).get("display") or "ActionsLineGraph")


@dataclass(frozen=True)
class SeriesShape:
    """One series as it is shaped: the query, its entity and order, and the ranges it is read over."""

    node: dict[str, Any]
    series: dict[str, Any]
    order: int
    range: DateRange
    current: DateRange
    previous: bool | None
    whole: bool

    @property
    def total_value(self) -> bool:
        return display(self.node) in TOTAL_VALUE_DISPLAYS


def lines_of(ran: Ran, shape: SeriesShape) -> list[Line]:
    """Rows ``(bucket[, breakdown_value], total)`` as one line per breakdown value, empty buckets as zero."""
    zero: Any = 0 if shape.whole else 0.0
    index = {name: i for i, name in enumerate(ran.columns)}
    has_breakdown = "breakdown_value" in index
    if shape.total_value:
        lines = [Line(row[index["breakdown_value"]] if has_breakdown else None, [_number(row[index["total"]], zero)])
                 for row in ran.rows]  # fmt: skip
        return lines or ([] if has_breakdown else [Line(None, [zero])])
    buckets = shape.range.buckets()
    values: dict[Any, dict[Any, Any]] = {} if has_breakdown else {None: {}}
    for row in ran.rows:
        key = row[index["breakdown_value"]] if has_breakdown else None
        values.setdefault(key, {})[shape.range.bucket_of(row[index["bucket"]])] = _number(row[index["total"]], zero)
    return [Line(key, [found.get(bucket, zero) for bucket in buckets]) for key, found in values.items()]


def _number(value: Any, zero: Any) -> Any:
    return zero if value is None else value


def shaped(lines: list[Line], shape: SeriesShape, series_count: int) -> list[dict[str, Any]]:
    if breakdown_key(shape.node) is not None:
        lines = limited(lines, breakdown_limit(shape.node))
    return [_object(line, shape, series_count) for line in lines]


def _object(line: Line, shape: SeriesShape, series_count: int) -> dict[str, Any]:
    event = shape.series.get("event")
    base = "All events" if event is None else str(event)
    body = _aggregated(line) if shape.total_value else _over_time(line, shape)
    body.update({"label": base, "filter": _filter(shape), "action": _action(shape)})
    if shape.previous is not None:
        body.update({"compare": True, "compare_label": "previous" if shape.previous else "current"})
    if breakdown_key(shape.node) is not None:
        body["label"] = f"{base} - {line.value}" if series_count > 1 else line.value
        body["breakdown_value"] = line.value
    return body


def _aggregated(line: Line) -> dict[str, Any]:
    return {"data": [], "days": [], "count": 0, "aggregated_value": line.data[0]}


def _over_time(line: Line, shape: SeriesShape) -> dict[str, Any]:
    buckets = shape.range.buckets()
    cumulative = display(shape.node) == CUMULATIVE
    data = list(accumulate(line.data)) if cumulative else line.data
    count = (data[-1] if data else 0) if cumulative else float(sum(data))
    return {
        "data": data,
        "labels": [label(bucket, shape.range.interval) for bucket in buckets],
        "days": [day(bucket, shape.range.interval) for bucket in buckets],
        "count": count,
    }


def _action(shape: SeriesShape) -> dict[str, Any]:
    event = shape.series.get("event")
    return {
        "days": shape.current.buckets(),
        "id": event,
        "type": "events",
        "order": shape.order,
        "name": event or "All events",
        "custom_name": shape.series.get("custom_name"),
        "math": shape.series.get("math"),
        "math_property": shape.series.get("math_property"),
        "math_hogql": shape.series.get("math_hogql"),
        "math_group_type_index": shape.series.get("math_group_type_index"),
        "properties": {},
    }


def _filter(shape: SeriesShape) -> dict[str, Any]:
    """``_query_to_filter``: the legacy filter of the query, without None values."""
    node = shape.node
    found: dict[str, Any] = {
        "insight": "TRENDS",
        "properties": node.get("properties") or [],
        "filter_test_accounts": bool(node.get("filterTestAccounts")),
        "date_to": shape.current.date_to,
        "date_from": shape.current.date_from,
        "entity_type": "events",
        "sampling_factor": node.get("samplingFactor"),
        "aggregation_group_type_index": node.get("aggregation_group_type_index"),
        "interval": node.get("interval") or "day",
    }
    if node.get("trendsFilter") is not None:
        found.update({**TRENDS_FILTER_DEFAULTS, **node["trendsFilter"]})
    if node.get("breakdownFilter") is not None:
        found.update({**BREAKDOWN_FILTER_DEFAULTS, **node["breakdownFilter"]})
    return {key: value for key, value in found.items() if value is not None}
