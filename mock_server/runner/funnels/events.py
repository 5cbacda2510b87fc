"""The HogQL a funnel reads: one row per relevant event with its person, time, breakdown value and a 0/1 column
per step, after ``FunnelEventQuery`` and ``FunnelBase._get_inner_event_query_for_udf``
(``posthog/hogql_queries/insights/funnels/``). Strict funnels read every event in the range (PostHog skips the
step filter for them), so that an unrelated event breaks the sequence.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mock_server.errors import ValidationError
from mock_server.hogql import TranslationContext
from mock_server.runner.trends.breakdown import SCOPES
from mock_server.runner.trends.date_range import DateRange, hogql_time
from mock_server.runner.trends.insight import (
    filter_text,
    property_field,
    property_list,
    quoted,
    test_account_properties,
)


# utils.py get_breakdown_expr: a missing value is the empty string.
def breakdown_property(node: dict[str, Any]) -> str | None:
    breakdown = (node.get("breakdownFilter") or {}).get("breakdown")
    if isinstance(breakdown, list):
        if len(breakdown) != 1:
            raise ValidationError("hogmock does not implement funnel breakdowns by several properties yet.")
        breakdown = breakdown[0]
    return None if breakdown in (None, "") else str(breakdown)


def _breakdown_expr(node: dict[str, Any]) -> str:
    key = breakdown_property(node)
    if key is None:
        return "''"
    kind = (node.get("breakdownFilter") or {}).get("breakdown_type") or "event"
    scope = SCOPES.get(kind)
    if scope is None:
        raise ValidationError(f"hogmock does not implement '{kind}' breakdowns in funnels yet.")
    return f"ifNull(toString({property_field(key, scope)}), '')"


def step_condition(series: dict[str, Any], ctx: TranslationContext) -> str:
    if series.get("kind") != "EventsNode":
        raise ValidationError(f"hogmock does not implement {series.get('kind')} steps in funnels yet.")
    event = series.get("event")
    properties = [*(series.get("properties") or []), *(series.get("fixedProperties") or [])]
    return f"({'1' if event is None else f'event = {quoted(str(event))}'} AND {filter_text(properties, ctx)})"


def events_hogql(node: dict[str, Any], date_range: DateRange, ctx: TranslationContext) -> str:
    conditions = [step_condition(series, ctx) for series in node.get("series") or []]
    steps = ", ".join(f"if({condition}, 1, 0) AS step_{i}" for i, condition in enumerate(conditions))
    until = date_range.date_to + timedelta(microseconds=1)
    where = [
        f"timestamp >= {hogql_time(date_range.date_from)}",
        f"timestamp < {hogql_time(until)}",
        filter_text([*property_list(node.get("properties")), *test_account_properties(node, ctx)], ctx),
    ]
    if (node.get("funnelsFilter") or {}).get("funnelOrderType") != "strict":
        where.append("(" + " OR ".join(conditions) + ")")
    return (
        f"SELECT person_id AS aggregation_target, timestamp AS time, "
        f"{_breakdown_expr(node)} AS prop, {steps} FROM events WHERE {' AND '.join(where)} "
        f"ORDER BY aggregation_target, timestamp LIMIT {ctx.max_limit}"
    )
