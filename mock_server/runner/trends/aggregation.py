"""A series' ``math`` as a HogQL aggregate, after PostHog's ``AggregationOperations``
(``posthog/hogql_queries/insights/trends/aggregation_operations.py``).

Counts are ``UInt64`` (whole numbers in the response), property maths are ``Float64`` over
``toFloat(properties.<math_property>)``. Weekly and monthly active users count distinct persons over the 7 or 30
days ending with each bucket; ``convert_active_user_math_based_on_interval``
(``posthog/hogql_queries/insights/utils/utils.py``) turns them into ``dau`` when the interval already spans the
window (WAU by week or month, MAU by month).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server.errors import ValidationError
from mock_server.runner.trends.insight import property_field

Series = dict[str, Any]


def _math_property(series: Series) -> str:
    key = series.get("math_property")
    if not key:
        raise ValidationError(f"The math '{series.get('math')}' needs a math_property.")
    scope = "person.properties" if series.get("math_property_type") == "person_properties" else "properties"
    return f"toFloat({property_field(str(key), scope)})"


def _of_property(function: str) -> Callable[[Series], str]:
    return lambda series: f"{function}({_math_property(series)})"


def _quantile(level: str) -> Callable[[Series], str]:
    return lambda series: f"quantile({level})({_math_property(series)})"


@dataclass(frozen=True)
class Math:
    """How a math aggregates, whether it yields whole numbers, and the active-user window in days (0: none)."""

    aggregate: Callable[[Series], str]
    whole: bool = True
    window_days: int = 0


_DISTINCT_PERSONS = "count(DISTINCT person_id)"

MATHS: dict[str, Math] = {
    "total": Math(lambda s: "count()"),
    "dau": Math(lambda s: _DISTINCT_PERSONS),
    "weekly_active": Math(lambda s: _DISTINCT_PERSONS, window_days=7),
    "monthly_active": Math(lambda s: _DISTINCT_PERSONS, window_days=30),
    "unique_session": Math(lambda s: "count(DISTINCT $session_id)"),
    "sum": Math(_of_property("sum"), whole=False),
    "avg": Math(_of_property("avg"), whole=False),
    "min": Math(_of_property("min"), whole=False),
    "max": Math(_of_property("max"), whole=False),
    "median": Math(_quantile("0.5"), whole=False),
    "p75": Math(_quantile("0.75"), whole=False),
    "p90": Math(_quantile("0.9"), whole=False),
    "p95": Math(_quantile("0.95"), whole=False),
    "p99": Math(_quantile("0.99"), whole=False),
}

# (math, interval) pairs PostHog runs as dau.
_AS_DAU = {("weekly_active", "week"), ("weekly_active", "month"), ("monthly_active", "month")}


def effective_math(series: Series, interval: str) -> str:
    name = str(series.get("math") or "total")
    return "dau" if (name, interval) in _AS_DAU else name


def math_of(series: Series, interval: str) -> Math:
    name = effective_math(series, interval)
    found = MATHS.get(name)
    if found is None:
        raise ValidationError(f"hogmock does not implement the trends math '{name}' yet.")
    return found
