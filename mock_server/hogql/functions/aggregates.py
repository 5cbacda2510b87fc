"""Aggregate functions (``posthog/hogql/functions/aggregations.py``), with ClickHouse's results over no rows.

Aggregates listed in ``AGGREGATES`` also get the ``If`` combinator (see the package's ``lookup``).
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Types,
    aggregate,
    arg_type,
    array_of,
    call,
    first_arg,
    fixed,
    nullable_type,
    propagating,
    sql,
    with_default,
)


def _sum_type(types: Types, ctx: TranslationContext) -> str:
    parts = T.int_parts(types[0])
    base = "Float64" if parts is None else ("Int64" if parts[0] else "UInt64")
    return T.like_nullable(base, types[0])


def _count(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Count(this=args[0] if args else exp.Star())


def _count_if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=args[0]))


def _uniq(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's uniq is approximate; deterministic exact counting matches it on small data (hogql.md §3.1).
    target = args[0] if len(args) == 1 else exp.Tuple(expressions=list(args))
    return exp.Count(this=exp.Distinct(expressions=[target]))


def _group_array(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # groupArray skips NULLs and gives [] over no rows.
    listed = exp.Filter(
        this=exp.Anonymous(this="list", expressions=[args[0]]),
        expression=exp.Where(this=exp.Not(this=exp.Is(this=args[0].copy(), expression=exp.null()))),
    )
    return exp.func("coalesce", listed, exp.Array(expressions=[]))


AGGREGATES: dict[str, Function] = {
    "count": aggregate(_count, fixed("UInt64"), 0, 1),
    "uniq": aggregate(_uniq, fixed("UInt64"), 1, None),
    "uniqExact": aggregate(_uniq, fixed("UInt64"), 1, None),
    "sum": aggregate(with_default(call("sum")), _sum_type),
    "avg": aggregate(sql("coalesce(avg({0}), 'nan'::DOUBLE)"), propagating("Float64")),
    "min": aggregate(with_default(call("min")), arg_type(0)),
    "max": aggregate(with_default(call("max")), arg_type(0)),
    "any": aggregate(with_default(call("first")), arg_type(0)),
    "argMax": aggregate(with_default(call("arg_max")), arg_type(0), 2, 2),
    "argMin": aggregate(with_default(call("arg_min")), arg_type(0), 2, 2),
    "groupArray": aggregate(_group_array, array_of),
    "median": aggregate(sql("quantile_cont({0}, 0.5)"), nullable_type("Float64")),
}

FUNCTIONS: dict[str, Function] = {
    **AGGREGATES,
    "countIf": Function(1, 1, _count_if, fixed("UInt64"), aggregate=True, is_condition=first_arg),
}
