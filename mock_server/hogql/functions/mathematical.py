"""Arithmetic and mathematical functions (``posthog/hogql/functions/clickhouse/arithmetic.py``, ``mathematical.py``).

Result types follow ClickHouse's promotion rules (``ResultOfIntegerDivision``, ``ResultOfModulo``…), checked in
chdb: ``intDiv(-7, 2)`` is Int8, ``modulo(-7, 2)`` Int16, ``negate(3)`` Int16, ``abs(-3)`` UInt8. Floats are
Float64; maths on floats (``sqrt``, ``log``…) give nan/inf where ClickHouse does, never an error.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Typer,
    Types,
    arg_type,
    common,
    constant_int,
    fixed,
    propagating,
    sql,
)

# ---- types ------------------------------------------------------------------------------------------------


def _integer_typer(rule: Callable[[tuple[bool, int], tuple[bool, int]], str], on_float: str = "Float64") -> Typer:
    """A binary integer result type from ``rule(left parts, right parts)``; ``on_float`` when a side is a float."""

    def typer(types: Types, ctx: TranslationContext) -> str:
        left, right = T.int_parts(types[0]), T.int_parts(types[1])
        base = on_float if left is None or right is None else rule(left, right)
        return T.like_nullable(base, *types)

    return typer


def _int(signed: bool, bits: int) -> str:
    return f"{'Int' if signed else 'UInt'}{min(bits, 64)}"


# ClickHouse ResultOfIntegerDivision: signed when either side is, as wide as the dividend.
_INT_DIV_TYPE = _integer_typer(lambda a, b: _int(a[0] or b[0], a[1]), on_float="Int64")
# ResultOfModulo: the dividend's sign, the divisor's width (one size up when signed, to hold negatives).
_MODULO_TYPE = _integer_typer(lambda a, b: _int(a[0], b[1] * 2 if a[0] else b[1]))
# ResultOfPositiveModulo: unsigned, the divisor's width.
_POSITIVE_MODULO_TYPE = _integer_typer(lambda a, b: _int(False, b[1]))


def _unary_int_type(rule: Callable[[bool, int], str]) -> Typer:
    def typer(types: Types, ctx: TranslationContext) -> str:
        parts = T.int_parts(types[0])
        return T.like_nullable("Float64" if parts is None else rule(*parts), types[0])

    return typer


_NEGATE_TYPE = _unary_int_type(lambda signed, bits: _int(True, bits if signed else bits * 2))
_ABS_TYPE = _unary_int_type(lambda signed, bits: _int(False, bits))


def _arithmetic_type(op: str) -> Typer:
    def typer(types: Types, ctx: TranslationContext) -> str:
        moment = next((t for t in types if T.is_datetime(t)), None)  # plus(timestamp, interval) stays a DateTime
        return T.like_nullable(T.unwrap(moment), *types) if moment else T.arithmetic(op, types[0], types[1])

    return typer


# ---- renderers ----------------------------------------------------------------------------------------------


def _binary(node: type[exp.Binary]) -> Render:
    return lambda args, types, ctx: exp.paren(node(this=args[0], expression=args[1]), copy=False)


_DUCK_INTS = {
    "UInt8": "UTINYINT", "UInt16": "USMALLINT", "UInt32": "UINTEGER", "UInt64": "UBIGINT",
    "Int8": "TINYINT", "Int16": "SMALLINT", "Int32": "INTEGER", "Int64": "BIGINT",
}  # fmt: skip


def _promoted(node: type[exp.Binary], op: str) -> Render:
    """plus/minus/multiply computed in ClickHouse's result type: minus(number, 1) is Int64, never a UInt64 overflow."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        duck = _DUCK_INTS.get(T.unwrap(_arithmetic_type(op)(types, ctx)))
        operands = [T.cast(a, duck) for a in args] if duck else list(args)
        return exp.paren(node(this=operands[0], expression=operands[1]), copy=False)

    return render


def _doubles(name: str) -> Render:
    """A DuckDB maths function on DOUBLE arguments, as ClickHouse computes these in Float64."""
    return lambda args, types, ctx: exp.Anonymous(this=name, expressions=[T.cast(a, "DOUBLE") for a in args])


def _is_float(types: Types) -> bool:
    return any(T.int_parts(t) is None for t in types)


def _by_kind(on_int: Render, on_float: Render) -> Render:
    """One renderer for integer arguments, another when an argument is a float."""
    return lambda args, types, ctx: (on_float if _is_float(types) else on_int)(args, types, ctx)


def _or_zero(render: Render) -> Render:
    """``intDivOrZero``/``moduloOrZero``: 0 where the divisor is 0, instead of ClickHouse's error."""
    return sql_case("CASE WHEN {1} = 0 THEN 0 ELSE {r} END", render)


def sql_case(template: str, render: Render) -> Render:
    def wrapped(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        inner = f"({render(args, types, ctx).sql('duckdb')})"
        parts = [f"({a.sql('duckdb')})" for a in args]
        return exp.maybe_parse(template.format(*parts, r=inner), dialect="duckdb")

    return wrapped


# intDiv truncates toward zero; DuckDB's integer // does too (hogql.md §3.1).
_INT_DIV = _by_kind(_binary(exp.IntDiv), sql("CAST(trunc({0} / {1}) AS BIGINT)"))


def _digits(args: Args) -> int:
    if len(args) < 2:
        return 0
    node = args[1]
    return -constant_int(node.this) if isinstance(node, exp.Neg) else constant_int(node)


def _rounding(on_float: str, on_negative_int: str) -> Render:
    """round/floor/ceil/trunc(x[, n]): integers are unchanged unless n < 0; floats keep n decimal digits."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        digits = _digits(args)
        if not _is_float(types[:1]):
            return args[0] if digits >= 0 else _scaled(on_negative_int, args[0], digits, types[0])
        return _float_scaled(on_float, T.cast(args[0], "DOUBLE"), digits)

    return render


_TAKES_DIGITS = {"round", "round_even"}  # DuckDB functions that need the digits argument


def _float_scaled(name: str, value: exp.Expr, digits: int) -> exp.Expr:
    """ClickHouse's float rounding to ``digits`` (FunctionsRound.h): scale by a power of ten (multiply for
    digits > 0, divide for digits < 0), round to an integer, scale back. So round(2.675, 2) is 2.68, as
    2.675 * 100 is 267.5 in doubles, although the double nearest 2.675 lies below it (checked in chdb)."""
    extra = [exp.Literal.number(0)] if name in _TAKES_DIGITS else []

    def whole(v: exp.Expr) -> exp.Expr:
        return exp.Anonymous(this=name, expressions=[v, *extra])

    if digits == 0:
        return whole(value)
    scale = T.cast(exp.Literal.number(10 ** abs(digits)), "DOUBLE")
    up, down = (exp.Mul, exp.Div) if digits > 0 else (exp.Div, exp.Mul)
    return exp.paren(down(this=whole(exp.paren(up(this=value, expression=scale))), expression=scale.copy()))


def _scaled(name: str, value: exp.Expr, digits: int, ch_type: str) -> exp.Expr:
    if name in ("round", "round_even"):
        return exp.Anonymous(this=name, expressions=[value, exp.Literal.number(digits)])
    scale = exp.Literal.number(f"1e{digits}")
    scaled = exp.Anonymous(this=name, expressions=[exp.Mul(this=value, expression=scale)])
    result = exp.Div(this=scaled, expression=scale.copy())
    return result if _is_float([ch_type]) else T.cast(exp.Anonymous(this="round", expressions=[result]), "BIGINT")


def _float_divide(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.paren(exp.Div(this=T.cast(args[0], "DOUBLE"), expression=T.cast(args[1], "DOUBLE")), copy=False)


def _sign(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return T.cast(exp.Anonymous(this="sign", expressions=[args[0]]), "TINYINT")


def _constant(value: str) -> Function:
    return Function(0, 0, lambda args, types, ctx: exp.maybe_parse(value, dialect="duckdb"), fixed("Float64"))


def _unary_float(name: str) -> Function:
    return Function(1, 1, _doubles(name), propagating("Float64"))


_POW = Function(2, 2, _doubles("pow"), propagating("Float64"))

FUNCTIONS: dict[str, Function] = {
    "plus": Function(2, 2, _promoted(exp.Add, "plus"), _arithmetic_type("plus")),
    "minus": Function(2, 2, _promoted(exp.Sub, "minus"), _arithmetic_type("minus")),
    "multiply": Function(2, 2, _promoted(exp.Mul, "multiply"), _arithmetic_type("multiply")),
    # DuckDB's / on numbers is float division, like ClickHouse's (1/0 = inf, 0/0 = nan).
    "divide": Function(2, 2, _float_divide, propagating("Float64")),
    "intDiv": Function(2, 2, _INT_DIV, _INT_DIV_TYPE),
    "intDivOrZero": Function(2, 2, _or_zero(_INT_DIV), _INT_DIV_TYPE),
    "modulo": Function(2, 2, _binary(exp.Mod), _MODULO_TYPE),
    "moduloOrZero": Function(2, 2, _or_zero(_binary(exp.Mod)), _MODULO_TYPE),
    "positiveModulo": Function(2, 2, sql("((({0}) % ({1})) + ({1})) % ({1})"), _POSITIVE_MODULO_TYPE),
    "negate": Function(1, 1, lambda args, types, ctx: exp.Neg(this=exp.paren(args[0])), _NEGATE_TYPE),
    "abs": Function(1, 1, lambda args, types, ctx: exp.Abs(this=args[0]), _ABS_TYPE),
    # ClickHouse rounds floats half to even, integers (n < 0) half away from zero (hogql.md §3.1).
    "round": Function(1, 2, _rounding("round_even", "round"), arg_type(0)),
    "roundBankers": Function(1, 2, _rounding("round_even", "round_even"), arg_type(0)),
    "floor": Function(1, 2, _rounding("floor", "floor"), arg_type(0)),
    "ceil": Function(1, 2, _rounding("ceil", "ceil"), arg_type(0)),
    "trunc": Function(1, 2, _rounding("trunc", "trunc"), arg_type(0)),
    "greatest": Function(2, 2, lambda args, types, ctx: exp.Anonymous(this="greatest", expressions=list(args)), common),
    "least": Function(2, 2, lambda args, types, ctx: exp.Anonymous(this="least", expressions=list(args)), common),
    "max2": Function(2, 2, _doubles("greatest"), propagating("Float64")),
    "min2": Function(2, 2, _doubles("least"), propagating("Float64")),
    "pow": _POW,
    "power": _POW,
    "sqrt": _unary_float("sqrt"),
    "exp": _unary_float("exp"),
    "log": _unary_float("ln"),  # ClickHouse's log is natural; DuckDB's log is base 10.
    "ln": _unary_float("ln"),
    "log2": _unary_float("log2"),
    "log10": _unary_float("log10"),
    "sign": Function(1, 1, _sign, propagating("Int8")),
    "pi": _constant("pi()"),
    "e": _constant("exp(1)"),
}
