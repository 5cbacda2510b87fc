"""HogQL text, as PostHog's HogQL printer writes it: response column names and the ``hogql`` field.

PostHog prints operators as function calls (``equals(a, b)``, ``plus(1, 2)``), intervals as
``toIntervalDay(7)``, and hides the aliases its resolver adds (``posthog/hogql/printer/base.py``). A
column's name is its alias, the field's name, the property path joined by ``__`` for properties
(``posthog/hogql/resolver.py`` visit_field), or else the printed expression (``posthog/hogql/query.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp
from sqlglot.generators.clickhouse import ClickHouseGenerator

_CALLS: dict[type[exp.Expr], str] = {
    exp.EQ: "equals",
    exp.NEQ: "notEquals",
    exp.GT: "greater",
    exp.GTE: "greaterOrEquals",
    exp.LT: "less",
    exp.LTE: "lessOrEquals",
    exp.Add: "plus",
    exp.Sub: "minus",
    exp.Mul: "multiply",
    exp.Div: "divide",
    exp.Mod: "modulo",
    exp.And: "and",
    exp.Or: "or",
}


def _as_call(name: str) -> Callable[[ClickHouseGenerator, Any], str]:
    return lambda gen, node: gen.func(name, node.this, node.expression)


def _like_sql(gen: ClickHouseGenerator, node: exp.Like | exp.ILike) -> str:
    name = ("not" if node.args.get("negate") else "") + ("ILike" if isinstance(node, exp.ILike) else "Like")
    return gen.func(name[0].lower() + name[1:], node.this, node.expression)


def _interval_sql(gen: ClickHouseGenerator, node: exp.Interval) -> str:
    unit = node.unit.name.lower().rstrip("s").title() if node.unit else "Second"
    amount = node.this.this if isinstance(node.this, exp.Literal) else gen.sql(node.this)
    return f"toInterval{unit}({amount})"


def _is_sql(gen: ClickHouseGenerator, node: exp.Is) -> str:
    return gen.func("isNull", node.this)


def _column_sql(gen: ClickHouseGenerator, node: exp.Column) -> str:
    return ".".join(_identifier(p) for p in node.parts)


def _identifier(part: exp.Expr) -> str:
    text = part.name
    plain = text.replace("$", "").replace("_", "").isalnum() and not text[:1].isdigit()
    return text if plain or isinstance(part, exp.Star) else f"`{text}`"


def _string_sql(gen: ClickHouseGenerator, node: exp.Literal) -> str:
    if not node.is_string:
        return str(node.this)
    escaped = node.this.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def _ordered_sql(gen: ClickHouseGenerator, node: exp.Ordered) -> str:
    return f"{gen.sql(node.this)} {'DESC' if node.args.get('desc') else 'ASC'}"


class HogQLGenerator(ClickHouseGenerator):
    """sqlglot generator that prints HogQL's own spelling."""

    TRANSFORMS = {
        **ClickHouseGenerator.TRANSFORMS,
        **{node: _as_call(name) for node, name in _CALLS.items()},
        exp.Not: lambda gen, node: gen.func("not", node.this),
        exp.Like: _like_sql,
        exp.ILike: _like_sql,
        exp.Interval: _interval_sql,
        exp.Is: _is_sql,
        exp.Column: _column_sql,
        exp.Tuple: lambda gen, node: gen.func("tuple", *node.expressions),
        exp.If: lambda gen, node: gen.func("if", node.this, node.args.get("true"), node.args.get("false")),
        exp.Boolean: lambda gen, node: "true" if node.this else "false",
        exp.Literal: _string_sql,
        exp.Ordered: _ordered_sql,
    }


def hogql_text(node: exp.Expr) -> str:
    """``node`` printed as HogQL."""
    return HogQLGenerator(normalize_functions=False).generate(node, copy=True)


def column_name(node: exp.Expr, field_name: str | None) -> str:
    """The response column name of one select expression."""
    if isinstance(node, exp.Alias):
        return node.alias
    return field_name if field_name is not None else hogql_text(node)
