"""Type conversions and NULL handling (``posthog/hogql/functions/clickhouse/conversions.py``).

HogQL renames several of these before ClickHouse sees them: ``toInt``/``toFloat``/``toUUID``/``toDecimal`` are
``accurateCastOrNull`` (NULL instead of an error or a rounded value), ``toIntOrZero`` is ``toInt64OrZero``,
``toDate``/``toDateTime`` live with the other dates in ``dates.py``.
Each renderer here reproduces what the renamed ClickHouse function returns, as chdb reports it.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    call,
    common,
    constant_int,
    fixed,
    not_null_arg_type,
    nullable_like,
    nullable_type,
    propagating,
    sql,
)

# ---- toString ------------------------------------------------------------------------------------------------

_DATE_FORMATS = {"Date": "%Y-%m-%d", "DateTime": "%Y-%m-%d %H:%M:%S"}
_FRACTIONS = {0: "", 3: ".%g", 6: ".%f", 9: ".%n"}

# ClickHouse prints floats as their shortest round-trip digits, in positional notation for magnitudes in
# [1e-6, 1e21) and as `1.25e-7` / `1e21` outside it (chdb: toString(1e20) = '100000000000000000000').
# DuckDB's format('{}') gives the same digits in Python's notation, switched over to positional here.
_FLOAT_TEXT = (
    "CASE WHEN isnan({0}) THEN 'nan' WHEN isinf({0}) THEN CASE WHEN {0} > 0 THEN 'inf' ELSE '-inf' END "
    "WHEN {0} = trunc({0}) AND abs({0}) < 1e21 THEN CAST(CAST({0} AS HUGEINT) AS VARCHAR) "
    "WHEN abs({0}) >= 1e-6 AND abs({0}) < 1e-4 THEN "
    "CASE WHEN {0} < 0 THEN '-' ELSE '' END || '0.' "
    "|| repeat('0', -CAST(regexp_extract(format('{{}}', {0}), 'e(-[0-9]+)$', 1) AS INTEGER) - 1) "
    "|| replace(regexp_extract(format('{{}}', {0}), '([0-9.]+)e', 1), '.', '') "
    "ELSE regexp_replace(regexp_replace(format('{{}}', {0}), 'e\\+?(-?)0*([0-9])', 'e\\1\\2'), '\\.0$', '') END"
)


def _datetime_format(base: str) -> str | None:
    kind = base.split("(")[0]
    if kind == "DateTime64":
        precision = int(base[len("DateTime64(") :].split(",")[0].rstrip(")"))
        return _DATE_FORMATS["DateTime"] + _FRACTIONS.get(precision, ".%f")
    return _DATE_FORMATS.get(kind)


def to_string(arg: exp.Expr, ch_type: str) -> exp.Expr:
    """ClickHouse's ``toString``: shortest float text without ``.0``, DateTime64 with its fraction, Bool as word."""
    base = T.unwrap(ch_type)
    date_format = _datetime_format(base)
    if date_format is not None:
        return exp.Anonymous(this="strftime", expressions=[arg, exp.Literal.string(date_format)])
    if base.startswith("Float"):
        return exp.maybe_parse(_FLOAT_TEXT.format(f"({T.cast(arg, 'DOUBLE').sql('duckdb')})"), dialect="duckdb")
    if base == "Bool":
        return exp.Case(ifs=[exp.If(this=arg, true=exp.Literal.string("true"))], default=exp.Literal.string("false"))
    return T.cast(arg, "VARCHAR")


def _to_string(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return to_string(args[0], types[0])


# ---- numbers ------------------------------------------------------------------------------------------------

_INT_TEXT = "[+-]?[0-9]+"
# accurateCastOrNull(s, 'Float64') takes decimal, exponent and inf/nan notation, but no spaces (chdb).
_FLOAT_TEXT_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|nan)"


def _to_int(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL's toInt is accurateCastOrNull(x, 'Int64'): '3.9' and 3.9 are NULL, not 4 (hogql.md §3.1).
    base = T.unwrap(types[0])
    if base == "String":
        return sql(f"CASE WHEN regexp_full_match({{0}}, '{_INT_TEXT}') THEN TRY_CAST({{0}} AS BIGINT) END")(
            args, types, ctx
        )
    if base.startswith("Float"):
        return sql("CASE WHEN {0} = trunc({0}) THEN TRY_CAST({0} AS BIGINT) END")(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("BIGINT"))


def _to_float(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    if T.unwrap(types[0]) == "String":
        template = f"CASE WHEN regexp_full_match({{0}}, '{_FLOAT_TEXT_PATTERN}') THEN TRY_CAST({{0}} AS DOUBLE) END"
        return sql(template)(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("DOUBLE"))


def _or_zero(render: Render) -> Render:
    """toInt64OrZero/toFloat64OrZero: 0 for text that does not parse, NULL only for NULL."""

    def wrapped(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        parsed = exp.func("coalesce", render(args, types, ctx), exp.Literal.number(0))
        return exp.Case(
            ifs=[exp.If(this=exp.Is(this=args[0].copy(), expression=exp.null()), true=exp.null())], default=parsed
        )

    return wrapped


def _to_decimal(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # accurateCastOrNull(x, 'Decimal64(s)') truncates extra digits ('1.239' → 1.23), where DuckDB would round.
    scale = constant_int(args[1])
    wide = exp.TryCast(this=args[0], to=exp.DataType.build("DECIMAL(38, 18)"))
    truncated = exp.Anonymous(this="trunc", expressions=[wide, exp.Literal.number(scale)])
    return exp.TryCast(this=truncated, to=exp.DataType.build(f"DECIMAL(18, {scale})"))


def _decimal_type(args: Args, types: Types, ctx: TranslationContext) -> str:
    return f"Nullable(Decimal(18, {constant_int(args[1])}))"


def _to_bool(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse reads 'true'/'false'/'1'/'0' (any case) and any non-zero number as true.
    if T.unwrap(types[0]) == "String":
        return exp.TryCast(this=args[0], to=exp.DataType.build("BOOLEAN"))
    return exp.NEQ(this=exp.paren(args[0]), expression=exp.Literal.number(0))


# ---- NULL handling ----------------------------------------------------------------------------------------------


def _coalesce_type(types: Types, ctx: TranslationContext) -> str:
    """ClickHouse drops every argument after the first non-Nullable one; the rest share a supertype."""
    cut = next((i for i, t in enumerate(types) if not T.is_nullable(t)), None)
    if cut is None:
        return common(types, ctx)
    return T.unwrap(common(types[: cut + 1], ctx))


def _type_name(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Literal.string(types[0])


FUNCTIONS: dict[str, Function] = {
    "toString": Function(1, 1, _to_string, propagating("String")),
    "toInt": Function(1, 1, _to_int, nullable_type("Int64")),
    "toFloat": Function(1, 1, _to_float, nullable_type("Float64")),
    "toIntOrZero": Function(1, 1, _or_zero(_to_int), propagating("Int64")),
    "toFloatOrZero": Function(1, 1, _or_zero(_to_float), propagating("Float64")),
    "toDecimal": Function(2, 2, _to_decimal, fixed("Decimal"), returns_for=_decimal_type),
    "toBool": Function(1, 1, _to_bool, nullable_like("Bool"), boolean=True),  # toBool(NULL): Nullable(Bool)
    # posthog/hogql/functions/clickhouse/conversions.py prints toUUID as accurateCastOrNull(x, 'UUID').
    "toUUID": Function(
        1, 1, lambda a, t, c: exp.TryCast(this=a[0], to=exp.DataType.build("UUID")), nullable_type("UUID")
    ),
    "toTypeName": Function(1, 1, _type_name, fixed("String")),
    "toNullable": Function(1, 1, lambda a, t, c: a[0], lambda types, ctx: T.nullable(types[0])),
    "isNull": Function(1, 1, sql("{0} IS NULL"), fixed(T.BOOL), boolean=True),
    "isNotNull": Function(1, 1, sql("{0} IS NOT NULL"), fixed(T.BOOL), boolean=True),
    "coalesce": Function(1, None, call("coalesce"), _coalesce_type),
    "ifNull": Function(2, 2, call("coalesce"), _coalesce_type),
    "nullIf": Function(2, 2, call("nullif"), lambda types, ctx: T.nullable(types[0])),
    "assumeNotNull": Function(1, 1, lambda a, t, c: a[0], not_null_arg_type(0)),
}
