"""Trends breakdowns: the breakdown value's HogQL, and the top-N / Other grouping of breakdown series.

After ``posthog/hogql_queries/insights/trends/breakdown.py``: an event or person property, as text, with empty and
missing values as ``$$_posthog_breakdown_null_$$``. Values beyond ``breakdown_limit`` (default 25,
``BREAKDOWN_VALUES_LIMIT``), ranked by their total then by value, are summed into
``$$_posthog_breakdown_other_$$``, which sets the response's ``hasMore``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_server.errors import HogQLNotImplemented
from mock_server.runner.trends.insight import property_field

NULL_LABEL = "$$_posthog_breakdown_null_$$"
OTHER_LABEL = "$$_posthog_breakdown_other_$$"
DEFAULT_LIMIT = 25

# breakdown_type → the properties the value is read from.
SCOPES = {"event": "properties", "person": "person.properties"}


def breakdown_key(node: dict[str, Any]) -> str | None:
    """The property a query breaks down by, or None without a breakdown."""
    breakdown = (node.get("breakdownFilter") or {}).get("breakdown")
    if breakdown is None or breakdown == []:
        return None
    if isinstance(breakdown, list):
        raise HogQLNotImplemented("hogmock does not implement multiple-property breakdowns yet")
    return str(breakdown)


def breakdown_expr(node: dict[str, Any]) -> str | None:
    key = breakdown_key(node)
    if key is None:
        return None
    kind = (node.get("breakdownFilter") or {}).get("breakdown_type") or "event"
    scope = SCOPES.get(kind)
    if scope is None:
        raise HogQLNotImplemented(f"hogmock does not implement '{kind}' breakdowns yet")
    return f"ifNull(nullIf(toString({property_field(key, scope)}), ''), '{NULL_LABEL}')"


def breakdown_limit(node: dict[str, Any]) -> int:
    """``breakdown_limit`` (a validated int, ``runner/request.py``), 25 when unset or 0."""
    limit: int = (node.get("breakdownFilter") or {}).get("breakdown_limit") or DEFAULT_LIMIT
    return limit


@dataclass
class Line:
    """One breakdown value's values, per bucket (or a single total)."""

    value: str | None
    data: list[Any]

    @property
    def total(self) -> Any:
        return sum(self.data)


def _rank(line: Line) -> tuple[Any, ...]:
    special = {NULL_LABEL: 1, OTHER_LABEL: 2}.get(str(line.value), 0)
    return (special, -line.total, str(line.value))


def limited(lines: list[Line], limit: int) -> list[Line]:
    """The top ``limit`` lines, the rest summed into Other; regular values first, then null, then Other."""
    ordered = sorted(lines, key=lambda line: (-line.total, str(line.value)))
    kept, rest = ordered[:limit], ordered[limit:]
    if rest:
        summed = [sum(values) for values in zip(*(line.data for line in rest), strict=True)]
        kept.append(Line(OTHER_LABEL, summed))
    return sorted(kept, key=_rank)
