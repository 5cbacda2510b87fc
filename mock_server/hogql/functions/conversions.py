"""Type conversions and NULL handling (``posthog/hogql/functions/clickhouse/conversions.py``)."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Types,
    call,
    cast_to,
    datetime_typer,
    first_non_null,
    fixed,
    not_null_arg_type,
    nullable_type,
    propagating,
    sql,
)


def _to_string(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return to_string(args[0], types[0])


def to_string(arg: exp.Expr, ch_type: str) -> exp.Expr:
    """ClickHouse's ``toString``: shortest float text without ``.0``, DateTime64 with its fraction."""
    base = T.unwrap(ch_type)
    formats = {"Date": "%Y-%m-%d", "DateTime": "%Y-%m-%d %H:%M:%S", "DateTime64": "%Y-%m-%d %H:%M:%S.%f"}
    kind = base.split("(")[0]
    if kind in formats:
        return exp.Anonymous(this="strftime", expressions=[arg, exp.Literal.string(formats[kind])])
    if base.startswith("Float"):
        text = exp.Anonymous(this="format", expressions=[exp.Literal.string("{}"), arg])
        return exp.Anonymous(
            this="regexp_replace", expressions=[text, exp.Literal.string(r"\.0$"), exp.Literal.string("")]
        )
    if base == "Bool":
        return exp.Case(ifs=[exp.If(this=arg, true=exp.Literal.string("true"))], default=exp.Literal.string("false"))
    return T.cast(arg, "VARCHAR")


def _to_int(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL's toInt is accurateCastOrNull(x, 'Int64'): '3.9' and 3.9 are NULL, not 4 (hogql.md §3.1).
    if T.unwrap(types[0]) == "String":
        return sql("CASE WHEN regexp_full_match({0}, '[+-]?[0-9]+') THEN TRY_CAST({0} AS BIGINT) END")(args, types, ctx)
    if T.unwrap(types[0]).startswith("Float"):
        return sql("CASE WHEN {0} = trunc({0}) THEN TRY_CAST({0} AS BIGINT) END")(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("BIGINT"))


def _to_float(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    if T.unwrap(types[0]) == "String":
        pattern = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|nan)"
        template = f"CASE WHEN regexp_full_match({{0}}, '{pattern}') THEN TRY_CAST({{0}} AS DOUBLE) END"
        return sql(template)(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("DOUBLE"))


FUNCTIONS: dict[str, Function] = {
    "toString": Function(1, 1, _to_string, propagating("String")),
    "toInt": Function(1, 1, _to_int, nullable_type("Int64")),
    "toFloat": Function(1, 1, _to_float, nullable_type("Float64")),
    "toDate": Function(1, 1, cast_to("DATE"), propagating("Date")),
    "toDateTime": Function(1, 2, cast_to("TIMESTAMP"), datetime_typer(None)),
    "toUUID": Function(1, 1, cast_to("UUID"), propagating("UUID")),
    "isNull": Function(1, 1, sql("{0} IS NULL"), fixed(T.BOOL), boolean=True),
    "isNotNull": Function(1, 1, sql("{0} IS NOT NULL"), fixed(T.BOOL), boolean=True),
    "coalesce": Function(1, None, call("coalesce"), first_non_null),
    "ifNull": Function(2, 2, call("coalesce"), first_non_null),
    "nullIf": Function(2, 2, call("nullif"), lambda types, ctx: T.nullable(types[0])),
    "assumeNotNull": Function(1, 1, lambda a, t, c: a[0], not_null_arg_type(0)),
}
