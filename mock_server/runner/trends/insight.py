"""What the insight runners (trends, funnels) share: their translation context, property filters as HogQL text,
running a HogQL query through hogmock's translator, and the cached-response fields of an insight.

PostHog's insight runners build HogQL ASTs and hand them to ``execute_hogql_query``
(``posthog/hogql_queries/query_runner.py``); hogmock builds HogQL text and runs it through the same translator
(``mock_server.hogql.translate``) as a HogQLQuery.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented
from mock_server.hogql import TranslationContext, translate
from mock_server.hogql import placeholders as P
from mock_server.hogql.filters import property_to_expr
from mock_server.hogql.names import hogql_text
from mock_server.runner.caching import CacheTarget, fresh_fields
from mock_server.runner.hogql_query import Timings, execute, project_context
from mock_server.runner.jobs import Execution
from mock_server.runner.modifiers import resolve_modifiers
from mock_server.runner.trends.date_range import DateRange
from mock_server.runner.values import convert_rows

if TYPE_CHECKING:
    from mock_server.backend import ServedProject

# An insight reads every matching event: no paginator, no 50,000-row cap on hogmock's own queries.
UNCAPPED = 10**12
# posthog/caching/utils.py staleness_threshold_map[ThresholdMode.DEFAULT], by interval.
STALENESS = {
    "minute": timedelta(seconds=15),
    "hour": timedelta(minutes=15),
    "day": timedelta(hours=6),
    "week": timedelta(days=1),
    "month": timedelta(days=1),
}


def insight_context(served: ServedProject, now: datetime) -> TranslationContext:
    return project_context(served, now, max_limit=UNCAPPED)


def property_list(properties: Any) -> list[Mapping[str, Any]]:
    """``properties`` as a flat list: a list as is, a PropertyGroupFilter whose groups are all AND flattened."""
    if not properties:
        return []
    if isinstance(properties, list):
        return properties
    if properties.get("type", "AND") != "AND":
        raise HogQLNotImplemented("hogmock does not support OR property groups in insights yet")
    return [leaf for group in properties.get("values") or [] for leaf in _group_leaves(group)]


def _group_leaves(group: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if "values" not in group:
        return [group]
    return property_list(group)


def filter_text(properties: Sequence[Mapping[str, Any]], ctx: TranslationContext) -> str:
    """Property filters (``property_to_expr``, event scope) as HogQL text; ``1`` for none."""
    if not properties:
        return "1"
    node = property_to_expr(properties, "event", ctx).copy()
    return hogql_text(_printable(node))


def _printable(node: exp.Expr) -> exp.Expr:
    # Groupings become parentheses; a positive ILIKE is written as the function the table knows (``ilike``),
    # since the HogQL printer writes it as ``iLike``.
    wrapper = exp.Paren(this=node)
    for grouped in list(wrapper.find_all(P.Grouped)):
        grouped.replace(exp.Paren(this=grouped.this))
    for like in list(wrapper.find_all(exp.ILike)):
        if not like.args.get("negate"):
            like.replace(exp.Anonymous(this="ilike", expressions=[like.this, like.expression]))
    return wrapper


def test_account_properties(node: Mapping[str, Any], ctx: TranslationContext) -> list[Mapping[str, Any]]:
    return list(ctx.test_account_filters) if node.get("filterTestAccounts") else []


def quoted(text: str) -> str:
    """A HogQL string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def property_field(key: str, scope: str = "properties") -> str:
    return f"{scope}[{quoted(key)}]"


@dataclass(frozen=True)
class Ran:
    """One executed insight query: its rows (converted), column names and the HogQL as run."""

    rows: list[list[Any]]
    columns: list[str]
    hogql: str


def run_hogql(query: str, ctx: TranslationContext, served: ServedProject, execution: Execution) -> Ran:
    translation = translate(query, ctx)
    result = execute(translation.sql, served, execution)
    return Ran(convert_rows(result.rows, translation.types), translation.columns, translation.hogql)


def cached_fields(
    target: CacheTarget, served: ServedProject, now: datetime, interval: str, refresh: timedelta
) -> dict[str, Any]:
    """``GenericCachedQueryResponse`` fields of a fresh insight calculation."""
    fields = fresh_fields(target, served.project, now, STALENESS.get(interval, STALENESS["day"]))
    fields["next_allowed_client_refresh"] = now + refresh
    return fields


def insight_body(
    fields: dict[str, Any],
    node: dict[str, Any],
    current: DateRange,
    hogql: str,
    results: Any,
    timings: Timings,
    **extra: Any,
) -> dict[str, Any]:
    """An insight response: the cache fields, the keys every insight runner fills alike
    (``AnalyticsQueryResponseBase``), and the kind's own ``extra`` keys, in the schema's (ASCII) order."""
    modifiers = resolve_modifiers(node.get("modifiers"))
    fields["query_metadata"]["events"] = sorted({s["event"] for s in node.get("series") or [] if s.get("event")})
    body = {
        **fields,
        "hogql": hogql,
        "modifiers": modifiers,
        "query_status": None,
        "resolved_date_range": {"date_from": current.date_from, "date_to": current.date_to},
        "results": results,
        "timings": timings.reported(modifiers),
        **extra,
    }
    return dict(sorted(body.items()))
