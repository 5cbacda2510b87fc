"""ClickHouse type names, as PostHog reports them in a HogQL response's ``types``.

Types are carried as ClickHouse's own spelling (``UInt64``, ``Nullable(String)``,
``DateTime64(6, 'UTC')``) because that is what the response shows. This module holds the few rules that
compute them: literal types, nullability, and arithmetic promotion; and the values the printer and the SELECT
translation share: a typed expression (``Typed``), a translated query (``Printed``), and the boolean↔number
conversions between DuckDB's BOOLEAN and ClickHouse's UInt8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

NOTHING = "Nullable(Nothing)"
BOOL = "UInt8"  # ClickHouse comparison and logic functions return UInt8.
_INT_SIZES = (8, 16, 32, 64)
_INT_RE = re.compile(r"^(U?)Int(8|16|32|64)$")
_WRAPPER_RE = re.compile(r"^(Nullable|LowCardinality)\((.*)\)$")
_NEVER_NULLABLE = ("Array(", "Tuple(", "Map(", "Nullable(")


def nullable(ch_type: str) -> str:
    """``Nullable(T)``, for the types ClickHouse lets be nullable."""
    return ch_type if ch_type.startswith(_NEVER_NULLABLE) else f"Nullable({ch_type})"


def is_nullable(ch_type: str) -> bool:
    return ch_type.startswith("Nullable(")


def unwrap(ch_type: str) -> str:
    """The type inside ``Nullable(...)``."""
    match = _WRAPPER_RE.match(ch_type)
    return unwrap(match.group(2)) if match else ch_type


def like_nullable(ch_type: str, *sources: str) -> str:
    """``ch_type``, made nullable when any source is (ClickHouse's default for functions)."""
    return nullable(ch_type) if any(is_nullable(s) for s in sources) else ch_type


def integer_type(value: int) -> str:
    """The type ClickHouse gives an integer literal: the smallest UInt, or Int when negative."""
    signed = value < 0
    for bits in _INT_SIZES:
        if (-(2 ** (bits - 1)) <= value < 2 ** (bits - 1)) if signed else value < 2**bits:
            return f"{'Int' if signed else 'UInt'}{bits}"
    return "Float64"


def int_parts(ch_type: str) -> tuple[bool, int] | None:
    """(signed, bits) for an integer type, else None."""
    match = _INT_RE.match(unwrap(ch_type))
    return (match.group(1) == "", int(match.group(2))) if match else None


def is_numeric(ch_type: str) -> bool:
    base = unwrap(ch_type)
    return int_parts(base) is not None or base.startswith(("Float", "Decimal"))


def is_datetime(ch_type: str) -> bool:
    return unwrap(ch_type).startswith(("DateTime", "Date"))


def _wider(bits: int) -> int:
    return min(bits * 2, 64)


def arithmetic(op: str, left: str, right: str) -> str:
    """Result type of ``plus``/``minus``/``multiply`` as ClickHouse promotes integers."""
    a, b = int_parts(left), int_parts(right)
    if a is None or b is None:
        base = "Float64" if is_numeric(left) and is_numeric(right) else unwrap(left)
        return like_nullable(base, left, right)
    signed = a[0] or b[0] or op == "minus"
    base = f"{'Int' if signed else 'UInt'}{_wider(max(a[1], b[1]))}"
    return like_nullable(base, left, right)


def datetime_type(timezone: str, precision: int | None = 6) -> str:
    if precision is None:
        return f"DateTime('{timezone}')"
    return f"DateTime64({precision}, '{timezone}')"


def timezone_of(ch_type: str) -> str | None:
    """The zone in ``DateTime('tz')`` or ``DateTime64(6, 'tz')``."""
    match = re.search(r"'([^']+)'\)$", unwrap(ch_type))
    return match.group(1) if match else None


@dataclass(frozen=True)
class Typed:
    """A translated expression: its DuckDB SQL, its ClickHouse type, and whether DuckDB sees a BOOLEAN.

    ClickHouse has no boolean in comparisons (they return ``UInt8``) but DuckDB does, so the printer tracks
    which side of that line each expression is on and converts where the two disagree.
    """

    sql: exp.Expr
    type: str
    boolean: bool = False
    name: str | None = None  # set for fields and properties: their response column name


def cast(node: exp.Expr, duck_type: str) -> exp.Expr:
    """``CAST(node AS duck_type)``, with the type spelled as DuckDB spells it."""
    return exp.cast(node, duck_type, dialect="duckdb")


@dataclass(frozen=True)
class Printed:
    """A translated query: its DuckDB tree and its output columns as (name, ClickHouse type)."""

    sql: exp.Expr
    columns: list[tuple[str, str]]


# ---- boolean <-> number -----------------------------------------------------------------------------


def condition(typed: Typed) -> exp.Expr:
    """The expression as a DuckDB BOOLEAN (ClickHouse treats any non-zero number as true)."""
    if typed.boolean:
        return typed.sql
    if unwrap(typed.type) == NOTHING[len("Nullable(") : -1]:
        return cast(typed.sql, "BOOLEAN")
    return exp.NEQ(this=exp.paren(typed.sql, copy=False), expression=exp.Literal.number(0))


def value(typed: Typed) -> exp.Expr:
    """The expression as a number when DuckDB holds it as BOOLEAN (ClickHouse's UInt8)."""
    return cast(typed.sql, "UTINYINT") if typed.boolean else typed.sql
