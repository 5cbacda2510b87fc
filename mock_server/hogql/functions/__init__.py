"""HogQL's function table: each HogQL name → its arity, its DuckDB rendering, and its ClickHouse return type.

Names and semantics follow ``posthog/hogql/functions/mapping.py`` and ClickHouse (hogql.md §3, §3.1); each
category lives in its own module and contributes a ``FUNCTIONS`` table. Lookup is case-sensitive, except for
the names PostHog registers with ``case_sensitive=False``. Aggregates accept ClickHouse's ``If`` combinator
(``sumIf(x, cond)``), derived from the aggregate's own entry.
"""

from __future__ import annotations

from dataclasses import replace

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions import aggregates, arrays, conversions, dates, logic, mathematical, strings, urls
from mock_server.hogql.functions.conversions import to_string
from mock_server.hogql.functions.core import Args, Function, Typer, Types, array_element, common, last_arg

__all__ = ["FUNCTIONS", "Function", "array_element", "check_arity", "common", "lookup", "to_string"]

FUNCTIONS: dict[str, Function] = {
    **aggregates.FUNCTIONS,
    **arrays.FUNCTIONS,
    **conversions.FUNCTIONS,
    **dates.FUNCTIONS,
    **logic.FUNCTIONS,
    **mathematical.FUNCTIONS,
    **strings.FUNCTIONS,
    **urls.FUNCTIONS,
}


CASE_INSENSITIVE = {
    name.lower(): name
    for name in (
        "count", "min", "max", "sum", "avg", "if", "coalesce", "ifNull", "nullIf", "isNull", "lower",
        "upper", "concat", "substring", "length", "trim", "abs", "round", "floor", "ceil",
    )
}  # fmt: skip

KNOWN_UNSUPPORTED = frozenset(
    {
        "quantile", "quantiles", "topK", "groupUniqArray", "stddevPop", "stddevSamp", "varPop", "varSamp",
        "corr", "anyLast", "formatDateTime", "toTimeZone", "toUnixTimestamp", "toStartOfInterval",
        "dateAdd", "dateSub", "dateTrunc", "addDays", "replaceRegexpAll", "splitByString", "position",
        "match", "extract", "arrayMap", "arrayFilter", "arrayExists", "arraySort", "arrayDistinct",
        "arrayStringConcat", "arraySum", "indexOf", "hasAny", "hasAll", "JSONExtractString", "JSONExtractInt",
        "JSONExtractFloat", "JSONExtractRaw", "JSONHas", "cutQueryString", "row_number", "rank",
        "dense_rank", "lag", "lead", "first_value", "last_value", "lagInFrame", "leadInFrame", "tuple",
        "toBool", "toDecimal", "parseDateTimeBestEffort", "modulo", "plus", "minus", "multiply", "divide",
        "equals", "notEquals", "less", "greater", "lessOrEquals", "greaterOrEquals", "and", "or", "not",
        "in", "notIn", "matchesAction", "sparkline", "toDayOfYear", "toQuarter", "toSecond", "yesterday",
    }
)  # fmt: skip


def _if_combinator(name: str) -> Function | None:
    """``fooIf(args…, cond)`` from aggregate ``foo``: the condition filters the rows the aggregate sees."""
    base = aggregates.AGGREGATES.get(name[:-2]) if name.endswith("If") else None
    if base is None:
        return None

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return filtered(base.render(args[:-1], types[:-1], ctx), args[-1])

    max_args = None if base.max_args is None else base.max_args + 1
    returns: Typer = lambda types, ctx: base.returns(types[:-1], ctx)  # noqa: E731
    return replace(
        base,
        min_args=base.min_args + 1,
        max_args=max_args,
        render=render,
        returns=returns,
        is_condition=last_arg,
    )


def filtered(aggregate: exp.Expr, condition: exp.Expr) -> exp.Expr:
    """Attach ``FILTER (WHERE condition)`` to the aggregate inside ``aggregate`` (under any coalesce)."""
    target = aggregate.this if isinstance(aggregate, exp.Coalesce) else aggregate
    if isinstance(target, exp.Filter):
        where = target.expression
        where.set("this", exp.and_(where.this, condition))
    else:
        target.replace(exp.Filter(this=target.copy(), expression=exp.Where(this=condition)))
    return aggregate


def lookup(name: str) -> Function:
    """The function named ``name``, or PostHog's error for it."""
    found = FUNCTIONS.get(name) or FUNCTIONS.get(CASE_INSENSITIVE.get(name.lower(), "")) or _if_combinator(name)
    if found is not None:
        return found
    if name in KNOWN_UNSUPPORTED:
        raise HogQLNotImplemented(f"hogmock does not support the HogQL function '{name}' yet")
    raise HogQLQueryError(f"Unsupported function call '{name}(...)'")


def check_arity(name: str, function: Function, count: int) -> None:
    """PostHog's arity error (``validate_function_args`` in ``posthog/hogql/functions/core.py``)."""
    low, high = function.min_args, function.max_args
    term = "Aggregation" if function.aggregate else "Function"
    if low == high and count != low:
        raise HogQLQueryError(f"{term} '{name}' expects {low} argument{_plural(low)}, found {count}")
    if count < low:
        raise HogQLQueryError(f"{term} '{name}' expects at least {low} argument{_plural(low)}, found {count}")
    if high is not None and count > high:
        raise HogQLQueryError(f"{term} '{name}' expects at most {high} argument{_plural(high)}, found {count}")


def _plural(count: int) -> str:
    return "" if count == 1 else "s"
