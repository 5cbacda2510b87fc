"""HogQL's function table: each HogQL name → its arity, its DuckDB rendering, and its ClickHouse return type.

Names and semantics follow ``posthog/hogql/functions/mapping.py`` and ClickHouse (hogql.md §3, §3.1); each
category lives in its own module and contributes a ``FUNCTIONS`` table. Lookup is case-sensitive, except for
the names PostHog registers with ``case_sensitive=False``. Aggregates accept ClickHouse's ``If`` combinator
(``sumIf(x, cond)``), derived from the aggregate's own entry.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions import (
    aggregates,
    arrays,
    comparison,
    conversions,
    dates,
    logic,
    mathematical,
    strings,
    tuples,
    urls,
    window,
)
from mock_server.hogql.functions import json as json_functions
from mock_server.hogql.functions.conversions import to_string
from mock_server.hogql.functions.core import Args, Function, Render, Typer, Types, array_element, common, last_arg

__all__ = ["FUNCTIONS", "Function", "array_element", "check_arity", "common", "lookup", "parametrized", "to_string"]

FUNCTIONS: dict[str, Function] = {
    **aggregates.FUNCTIONS,
    **arrays.FUNCTIONS,
    **comparison.FUNCTIONS,
    **conversions.FUNCTIONS,
    **dates.FUNCTIONS,
    **logic.FUNCTIONS,
    **mathematical.FUNCTIONS,
    **strings.FUNCTIONS,
    **urls.FUNCTIONS,
    **json_functions.FUNCTIONS,
    **tuples.FUNCTIONS,
    **window.FUNCTIONS,
}


CASE_INSENSITIVE = {
    name.lower(): name
    for name in (
        "count", "min", "max", "sum", "avg", "if", "coalesce", "ifNull", "nullIf", "isNull", "lower",
        "upper", "concat", "substring", "length", "trim", "abs", "round", "floor", "ceil",
        "trunc", "pow", "power", "exp", "log", "ln", "log2", "log10", "sqrt", "sign", "max2", "min2",
        "least", "greatest", "not",
    )
}  # fmt: skip

# Functions PostHog has that hogmock does not translate yet: refused as not implemented, not as unknown.
KNOWN_UNSUPPORTED = frozenset({"matchesAction"})


def _if_combinator(name: str) -> Function | None:
    """``fooIf(args…, cond)`` from aggregate ``foo``: the condition filters the rows the aggregate sees."""
    base = name[:-2] if name.endswith("If") else ""
    return _with_if(base) if base in aggregates.AGGREGATES else None


@cache  # keyed by the aggregate's name, so bounded by the table (not by the names queries make up)
def _with_if(name: str) -> Function:
    base = aggregates.AGGREGATES[name]
    max_args = None if base.max_args is None else base.max_args + 1
    returns: Typer = lambda types, ctx: base.returns(types[:-1], ctx)  # noqa: E731
    with_params = base.with_params
    return replace(
        base,
        min_args=base.min_args + 1,
        max_args=max_args,
        render=_with_condition(base.render),
        returns=returns,
        is_condition=last_arg,
        with_params=None if with_params is None else lambda params: _with_condition(with_params(params)),
    )


def _with_condition(render: Render) -> Render:
    def conditional(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return filtered(render(args[:-1], types[:-1], ctx), args[-1])

    return conditional


def filtered(aggregate: exp.Expr, condition: exp.Expr) -> exp.Expr:
    """Attach ``FILTER (WHERE condition)`` to every outermost DuckDB aggregate inside ``aggregate``."""
    holder = exp.Paren(this=aggregate)  # so that ``aggregate`` itself can be replaced
    for target in aggregates.outermost_aggregates(aggregate):
        if isinstance(target, exp.Filter):
            where = target.expression
            where.set("this", exp.and_(where.this, condition.copy()))
        else:
            target.replace(exp.Filter(this=target.copy(), expression=exp.Where(this=condition.copy())))
    result: exp.Expr = holder.args["this"]
    return result


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
    term = "Aggregation" if function.aggregate else "Function"
    _check_count(name, term, "argument", (function.min_args, function.max_args), count)


def _check_count(name: str, term: str, noun: str, bounds: tuple[int, int | None], count: int) -> None:
    low, high = bounds
    if low == high and count != low:
        raise HogQLQueryError(f"{term} '{name}' expects {low} {noun}{_plural(low)}, found {count}")
    if count < low:
        raise HogQLQueryError(f"{term} '{name}' expects at least {low} {noun}{_plural(low)}, found {count}")
    if high is not None and count > high:
        raise HogQLQueryError(f"{term} '{name}' expects at most {high} {noun}{_plural(high)}, found {count}")


def parametrized(name: str, function: Function, params: list[exp.Expr] | None) -> Render:
    """The renderer for ``name(params)(args)``, after PostHog's parameter checks (``posthog/hogql/printer.py``)."""
    if params is None:
        if function.min_params:
            raise HogQLQueryError(f"Aggregation '{name}' requires parameters in addition to arguments")
        return function.render
    if function.with_params is None:
        raise HogQLQueryError(f"Function '{name}' does not accept parameters")
    _check_count(name, "Aggregation", "parameter", (function.min_params, function.max_params), len(params))
    return function.with_params([_constant(p) for p in params])


def _constant(param: exp.Expr) -> exp.Expr:
    if isinstance(param, exp.Literal) and not param.is_string:
        return param.copy()  # the rendering must not adopt a node of the query itself
    if isinstance(param, exp.Neg) and isinstance(param.this, exp.Literal) and not param.this.is_string:
        return exp.Literal.number(f"-{param.this.this}")
    raise HogQLQueryError("Parameters of an aggregation must be constant numbers")


def _plural(count: int) -> str:
    return "" if count == 1 else "s"
