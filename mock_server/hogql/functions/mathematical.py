"""Arithmetic and mathematical functions (``posthog/hogql/functions/clickhouse/mathematical.py``)."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Types,
    arg_type,
    call,
    common,
    constant_int,
    propagating,
    sql,
)


def _round(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    if T.int_parts(types[0]) is not None and (len(args) == 1 or constant_int(args[1]) >= 0):
        return args[0]
    # ClickHouse rounds floats half to even (hogql.md §3.1).
    digits = args[1] if len(args) > 1 else exp.Literal.number(0)
    return exp.Anonymous(this="round_even", expressions=[T.cast(args[0], "DOUBLE"), digits])


FUNCTIONS: dict[str, Function] = {
    "round": Function(1, 2, _round, arg_type(0)),
    "abs": Function(1, 1, call("abs"), arg_type(0)),
    "floor": Function(1, 1, call("floor"), arg_type(0)),
    "ceil": Function(1, 1, call("ceil"), arg_type(0)),
    "intDiv": Function(2, 2, sql("CAST(trunc({0} / {1}) AS BIGINT)"), propagating("Int64")),
    "greatest": Function(1, None, call("greatest"), common),
    "least": Function(1, None, call("least"), common),
}
