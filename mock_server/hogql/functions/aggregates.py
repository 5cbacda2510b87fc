"""Aggregate functions (``posthog/hogql/functions/aggregations.py``), with ClickHouse's results over no rows.

Aggregates listed in ``AGGREGATES`` also get the ``If`` combinator (see the package's ``lookup``), parametric
ones included (``quantileIf(0.5)(x, cond)``). Over no rows ClickHouse answers with the type's default
(``min``/``max``/``any``/``argMax``), 0 (``sum``, ``count``), nan (``avg``, ``quantile``, ``stddevPop``…), or
NULL when the argument is Nullable (hogql.md §3.1); DuckDB answers NULL, so renderers add the default.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    NAN,
    Args,
    Function,
    Params,
    Render,
    Types,
    aggregate,
    arg_type,
    array_of,
    call,
    fixed,
    nan_default,
    parametric,
    propagating,
    sql,
    with_default,
)

# DuckDB aggregate names our renderers emit: the ``If`` combinator attaches its FILTER to these.
DUCK_AGGREGATES = frozenset(
    {
        "count", "sum", "min", "max", "any_value", "last", "arg_max", "arg_min", "list", "avg", "quantile_cont",
        "histogram", "stddev_pop", "stddev_samp", "var_pop", "var_samp", "covar_pop", "covar_samp", "corr",
    }
)  # fmt: skip


def is_duck_aggregate(node: exp.Expr) -> bool:
    """A DuckDB aggregate call, or one with its ``FILTER (WHERE …)`` (which stands for the aggregate)."""
    if isinstance(node, exp.Filter | exp.AggFunc):
        return True
    return isinstance(node, exp.Anonymous) and node.name.lower() in DUCK_AGGREGATES


def outermost_aggregates(node: exp.Expr) -> list[exp.Expr]:
    """The DuckDB aggregates in ``node`` (itself included) that no other aggregate encloses: where the ``If`` and
    ``DISTINCT`` combinators apply, since an aggregate's own inner aggregates are part of its rendering."""
    return [found for found in node.walk(prune=is_duck_aggregate) if is_duck_aggregate(found)]


def _sum_type(types: Types, ctx: TranslationContext) -> str:
    parts = T.int_parts(types[0])
    base = "Float64" if parts is None else ("Int64" if parts[0] else "UInt64")
    return T.like_nullable(base, types[0])


def _count(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Count(this=args[0] if args else exp.Star())


def _uniq(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's uniq is approximate; deterministic exact counting matches it on small data (hogql.md §3.1).
    target = args[0] if len(args) == 1 else exp.Tuple(expressions=list(args))
    return exp.Count(this=exp.Distinct(expressions=[target]))


def _not_null(node: exp.Expr) -> exp.Where:
    return exp.Where(this=exp.Not(this=exp.Is(this=node.copy(), expression=exp.null())))


def _skipping_nulls(name: str, distinct: bool = False) -> Render:
    """A DuckDB aggregate over the non-NULL values only, as every ClickHouse aggregate sees them."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        target: exp.Expr = exp.Distinct(expressions=[args[0]]) if distinct else args[0]
        return exp.Filter(this=exp.Anonymous(this=name, expressions=[target]), expression=_not_null(args[0]))

    return render


def _empty_array(render: Render) -> Render:
    """groupArray and friends give ``[]`` over no rows."""
    return lambda args, types, ctx: exp.func("coalesce", render(args, types, ctx), exp.Array(expressions=[]))


def _group_uniq_array(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse returns hash-set order; sorting gives a stable answer that is its order for small integers.
    return exp.Anonymous(this="list_sort", expressions=[_skipping_nulls("list", distinct=True)(args, types, ctx)])


def _quantile(params: Params) -> Render:
    # quantile is reservoir sampling with linear interpolation: exact quantile_cont on small data (hogql.md §3.1).
    return nan_default(lambda args, types, ctx: exp.Anonymous(this="quantile_cont", expressions=[args[0], params[0]]))


def _quantiles(params: Params) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        levels = exp.Array(expressions=list(params))
        computed = exp.Anonymous(this="quantile_cont", expressions=[args[0], levels])
        return exp.func("coalesce", computed, exp.Array(expressions=[NAN.copy() for _ in params]))

    return render


def _top_k(params: Params) -> Render:
    # Exact counts, most frequent first; ClickHouse's SpaceSaving order among equal counts is not reproducible,
    # so ties come smallest value first.
    slots = int(params[0].this)
    ranked = (
        "coalesce(list_transform(list_slice(list_sort(list_transform(map_entries(histogram({0})), "
        f"e -> {{{{'n': -CAST(e.value AS BIGINT), 'v': e.key}}}})), 1, {slots}), e -> e.v), [])"
    )
    return sql(ranked)


def _avg_weighted(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    weighted = exp.Anonymous(this="sum", expressions=[exp.Mul(this=args[0], expression=args[1])])
    weights = exp.Anonymous(this="sum", expressions=[args[1]])
    return exp.Div(this=T.cast(weighted, "DOUBLE"), expression=T.cast(weights, "DOUBLE"))


def _statistic(name: str, arity: int = 1) -> Function:
    """stddevPop, varSamp, corr…: Float64, nan over too few rows (NULL for a Nullable argument)."""
    return aggregate(nan_default(call(name)), propagating("Float64"), arity, arity)


AGGREGATES: dict[str, Function] = {
    "count": aggregate(_count, fixed("UInt64"), 0, 1),
    "uniq": aggregate(_uniq, fixed("UInt64"), 1, None),
    "uniqExact": aggregate(_uniq, fixed("UInt64"), 1, None),
    "countDistinct": aggregate(_uniq, fixed("UInt64")),
    "sum": aggregate(with_default(call("sum")), _sum_type),
    "avg": aggregate(nan_default(call("avg")), propagating("Float64")),
    "min": aggregate(with_default(call("min")), arg_type(0)),
    "max": aggregate(with_default(call("max")), arg_type(0)),
    "any": aggregate(with_default(call("any_value")), arg_type(0)),
    "anyLast": aggregate(with_default(_skipping_nulls("last")), arg_type(0)),
    "argMax": aggregate(with_default(call("arg_max")), arg_type(0), 2, 2),
    "argMin": aggregate(with_default(call("arg_min")), arg_type(0), 2, 2),
    "groupArray": aggregate(_empty_array(_skipping_nulls("list")), array_of),
    "groupUniqArray": aggregate(_empty_array(_group_uniq_array), array_of),
    "median": aggregate(_quantile([exp.Literal.number(0.5)]), propagating("Float64")),
    "quantile": parametric(_quantile, propagating("Float64")),
    "quantiles": parametric(_quantiles, fixed("Array(Float64)"), 1, None),
    "topK": parametric(_top_k, array_of),
    "avgWeighted": aggregate(nan_default(_avg_weighted), propagating("Float64"), 2, 2),
    "stddevPop": _statistic("stddev_pop"),
    "stddevSamp": _statistic("stddev_samp"),
    "varPop": _statistic("var_pop"),
    "varSamp": _statistic("var_samp"),
    "covarPop": _statistic("covar_pop", 2),
    "covarSamp": _statistic("covar_samp", 2),
    "corr": _statistic("corr", 2),
}

FUNCTIONS: dict[str, Function] = {
    **AGGREGATES,
    # PostgreSQL spelling (posthog/hogql/functions/aggregations.py).
    "array_agg": AGGREGATES["groupArray"],
}
