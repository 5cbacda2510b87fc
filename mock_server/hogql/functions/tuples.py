"""Tuples: ``tuple(a, b)`` (also written ``(a, b)``) and ``tupleElement(t, n)`` (also ``t.n``).

ClickHouse tuples become DuckDB unnamed structs (``row(…)``), whose fields DuckDB indexes 1-based as
ClickHouse does. Types are ClickHouse's ``Tuple(A, B)`` (``posthog/hogql/functions/mapping.py``: tuple,
tupleElement).
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import Function, Types


def tuple_items(ch_type: str) -> list[str]:
    """The element types of ``Tuple(A, B, …)``, split at top-level commas."""
    items, depth, current = [], 0, ""
    for char in T.unwrap(ch_type)[len("Tuple(") : -1]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [*items, current.strip()] if current.strip() else items


def _tuple_type(types: Types, ctx: TranslationContext) -> str:
    return f"Tuple({', '.join(types)})"


def element(tuple_sql: exp.Expr, tuple_type: str, index: int) -> tuple[exp.Expr, str]:
    """Field ``index`` (1-based) of a tuple, and its type."""
    items = tuple_items(tuple_type)
    if index == 0:
        raise HogQLQueryError("SQL indexes start from one, not from zero. E.g: array.1")
    if not -len(items) <= index <= len(items):
        raise HogQLQueryError(f"Tuple index {index} is out of range for {tuple_type}")
    position = index if index > 0 else len(items) + index + 1
    return exp.Bracket(this=tuple_sql, expressions=[exp.Literal.number(position)], offset=1), items[position - 1]


FUNCTIONS: dict[str, Function] = {
    "tuple": Function(1, None, lambda args, types, ctx: exp.Anonymous(this="row", expressions=list(args)), _tuple_type),
}
# ``tupleElement(t, n)``'s type depends on the constant ``n``, so the printer handles it (``_tuple_element_sql``).
