"""The shape of a function-table entry, and the small builders every category module composes entries from.

An entry is a ``Function``: arity, a renderer ``(args, types, ctx) -> exp.Expr`` producing DuckDB SQL, and a
typer ``(types, ctx) -> str`` producing the ClickHouse return type. Builders are named after what they make:
``fixed("UInt64")`` is a typer, ``call("lower")`` a renderer, ``aggregate(...)`` an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext

Args = Sequence[exp.Expr]
Types = Sequence[str]
Render = Callable[[Args, Types, TranslationContext], exp.Expr]
Typer = Callable[[Types, TranslationContext], str]
Params = Sequence[exp.Expr]  # constant numbers: Literal, or Neg of one
ParamRender = Callable[[Params], Render]
ArgTyper = Callable[[Args, Types, TranslationContext], str]


@dataclass(frozen=True)
class Function:
    """One HogQL function: how many arguments, how it prints in DuckDB, and what ClickHouse type it returns."""

    min_args: int
    max_args: int | None
    render: Render
    returns: Typer
    aggregate: bool = False
    boolean: bool = False  # DuckDB computes it as BOOLEAN (ClickHouse says UInt8)
    # Which arguments DuckDB must see as BOOLEAN: (position, argument count) -> bool.
    is_condition: Callable[[int, int], bool] = lambda index, count: False
    # Parametric aggregates, ``quantile(0.9)(x)``: how many constant parameters, and the renderer they select.
    min_params: int = 0
    max_params: int | None = 0
    with_params: ParamRender | None = None
    # A return type that depends on constant arguments (``toDecimal(x, 2)``, ``toDateTime(s, 'tz')``).
    returns_for: ArgTyper | None = None


# ---- condition positions ---------------------------------------------------------------------------------


def first_arg(index: int, count: int) -> bool:
    return index == 0


def last_arg(index: int, count: int) -> bool:
    return index == count - 1


# ---- typers ------------------------------------------------------------------------------------------------


def fixed(ch_type: str) -> Typer:
    return lambda types, ctx: ch_type


def propagating(ch_type: str) -> Typer:
    """A fixed type, nullable when an argument is (ClickHouse's default null handling). A bare NULL argument
    (``Nullable(Nothing)``) makes the whole call ``Nullable(Nothing)``: ``lower(NULL)``, ``toString(NULL)``,
    ``avg(NULL)`` (checked in chdb)."""
    return lambda types, ctx: T.NOTHING if T.NOTHING in types else T.like_nullable(ch_type, *types)


def nullable_like(ch_type: str) -> Typer:
    """A fixed type, nullable when an argument is, even for a bare NULL: ``toBool(NULL)`` is ``Nullable(Bool)``."""
    return lambda types, ctx: T.like_nullable(ch_type, *types)


def arg_type(index: int) -> Typer:
    return lambda types, ctx: types[index]


def not_null_arg_type(index: int) -> Typer:
    return lambda types, ctx: T.unwrap(types[index])


def nullable_type(ch_type: str) -> Typer:
    return lambda types, ctx: T.nullable(ch_type)


def datetime_typer(precision: int | None) -> Typer:
    return lambda types, ctx: T.like_nullable(T.datetime_type(ctx.timezone, precision), *types)


def array_element(types: Types, ctx: TranslationContext) -> str:
    inner = T.unwrap(types[0])
    return inner[len("Array(") : -1] if inner.startswith("Array(") else "String"


def array_of(types: Types, ctx: TranslationContext) -> str:
    return f"Array({T.unwrap(types[0])})"


def common(types: Types, ctx: TranslationContext) -> str:
    known = [t for t in types if t != T.NOTHING] or [T.NOTHING]
    base = T.unwrap(known[0])
    if all(T.is_numeric(t) for t in known) and len({T.unwrap(t) for t in known}) > 1:
        base = "Float64" if any(T.int_parts(t) is None for t in known) else _int_supertype(known)
    return T.like_nullable(base, *types)


def _int_supertype(types: Types) -> str:
    """ClickHouse's least supertype of integers: signed wins, and must hold every unsigned (UInt8, Int8 → Int16)."""
    parts = [p for p in (T.int_parts(t) for t in types) if p is not None]
    signed_bits = max((bits for signed, bits in parts if signed), default=0)
    unsigned_bits = max((bits for signed, bits in parts if not signed), default=0)
    if not signed_bits:
        return f"UInt{unsigned_bits}"
    return f"Int{min(max(signed_bits, unsigned_bits * 2 if unsigned_bits else 0), 64)}"


def first_non_null(types: Types, ctx: TranslationContext) -> str:
    """coalesce/ifNull: not nullable as soon as one argument is not."""
    shared = common(types, ctx)
    return T.unwrap(shared) if any(not T.is_nullable(t) for t in types) else shared


# ---- renderers ---------------------------------------------------------------------------------------------


def call(name: str) -> Render:
    return lambda args, types, ctx: exp.Anonymous(this=name, expressions=list(args))


def cast_to(duck_type: str) -> Render:
    return lambda args, types, ctx: T.cast(args[0], duck_type)


def sql(template: str) -> Render:
    """DuckDB SQL with ``{0}``, ``{1}`` … standing for the arguments."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        parts = [f"({a.sql('duckdb')})" for a in args]
        return exp.maybe_parse(template.format(*parts), dialect="duckdb")

    return render


def typed_as(node: exp.Expr, ch_type: str) -> exp.Expr:
    """Mark a rendered expression with its ClickHouse type, for types that depend on a constant argument's value
    (``toTimeZone(x, 'tz')``, ``dateTrunc('month', x)``); the printer prefers it over the entry's typer."""
    node.meta["ch_type"] = ch_type
    return node


def constant_str(node: exp.Expr, what: str) -> str:
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    raise HogQLQueryError(f"Expected a constant string {what}")


def default_value(ch_type: str) -> exp.Expr:
    """ClickHouse's default for a type: what min/max/any return over no rows (hogql.md §3.1)."""
    base = T.unwrap(ch_type)
    if T.is_nullable(ch_type) or base.startswith("Array("):
        return exp.null() if T.is_nullable(ch_type) else exp.Array(expressions=[])
    if base.startswith("DateTime"):
        # The Unix epoch, shown in the type's zone (chdb: an empty min() in Europe/Berlin is 1970-01-01 01:00:00).
        epoch = datetime(1970, 1, 1, tzinfo=UTC).astimezone(ZoneInfo(T.timezone_of(base) or "UTC"))
        return T.cast(exp.Literal.string(epoch.replace(tzinfo=None).isoformat(sep=" ")), "TIMESTAMP")
    if base == "Date":
        return T.cast(exp.Literal.string("1970-01-01"), "DATE")
    if base == "UUID":
        return T.cast(exp.Literal.string("00000000-0000-0000-0000-000000000000"), "UUID")
    return exp.Literal.number(0) if T.is_numeric(base) else exp.Literal.string("")


def with_default(render: Render, value_arg: int = 0) -> Render:
    """An aggregate that yields its type's default (not NULL) over no rows, as ClickHouse does."""

    def wrapped(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        inner = render(args, types, ctx)
        return exp.func("coalesce", inner, default_value(types[value_arg]))

    return wrapped


def constant_int(node: exp.Expr) -> int:
    if isinstance(node, exp.Literal) and not node.is_string:
        return int(node.this)
    raise HogQLQueryError("Expected a constant integer argument")


def aggregate(render: Render, returns: Typer, min_args: int = 1, max_args: int | None = 1) -> Function:
    return Function(min_args, max_args, render, returns, aggregate=True)


def parametric(with_params: ParamRender, returns: Typer, min_params: int = 1, max_params: int | None = 1) -> Function:
    """A parametric aggregate of one argument, ``name(params)(x)``; its plain render is never reached."""
    return Function(
        1, 1, _without_params, returns, aggregate=True, min_params=min_params, max_params=max_params,
        with_params=with_params,
    )  # fmt: skip


def _without_params(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    raise HogQLQueryError("This aggregation requires parameters")  # the printer checks parameters first


def nan_default(render: Render) -> Render:
    """A Float64 aggregate that ClickHouse answers with nan over no rows (NULL when its argument is Nullable)."""

    def wrapped(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        inner = render(args, types, ctx)
        return inner if T.is_nullable(types[0]) else exp.func("coalesce", inner, NAN)

    return wrapped


NAN = exp.cast(exp.Literal.string("nan"), "DOUBLE", dialect="duckdb")
