"""Comparison and boolean functions in call form: ``equals(a, b)``, ``notIn(x, (1, 2))``, ``and(a, b, c)``, ``xor``.

PostHog prints ``equals(a, b)`` exactly as ``a = b`` (``HOGQL_COMPARISON_MAPPING`` in
``posthog/hogql/functions/mapping.py``), so these reuse the printer's null-safe comparison: they never return
NULL. ``and``/``or``/``xor`` keep ClickHouse's three-valued logic (``and(1, NULL)`` is NULL).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import Args, Function, Render, Typer, Types, fixed, nullable_like, propagating
from mock_server.hogql.types import Typed


def _compare(op: type[exp.Expr]) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        # Imported here: the printer imports this package, and owns the one null-safe rule for operators and calls.
        from mock_server.hogql.printer import null_safe

        return null_safe(op, Typed(args[0], types[0]), Typed(args[1], types[1]))

    return render


def _in(negate: bool) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        haystack = args[1]
        listed = isinstance(haystack, exp.Tuple | exp.Array) or (
            isinstance(haystack, exp.Anonymous) and haystack.name == "row"
        )
        items = haystack.expressions if listed else [haystack]
        found = exp.func("coalesce", exp.In(this=args[0], expressions=list(items)), exp.false())
        return exp.Not(this=found) if negate else found

    return render


def _connective(node: type[exp.Connector]) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        combined = args[0]
        for arg in args[1:]:
            combined = node(this=combined, expression=arg)
        return exp.paren(combined, copy=False)

    return render


def _xor(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    combined = args[0]
    for arg in args[1:]:
        combined = exp.NEQ(this=exp.paren(combined, copy=False), expression=exp.paren(arg, copy=False))
    return combined


def _every_arg(index: int, count: int) -> bool:
    return True


def _logical(nulls: Callable[[str], Typer]) -> Typer:
    """UInt8, or Bool as soon as one operand is Bool (chdb: ``and(true, 1)`` and ``not(true)`` are Bool,
    ``and(1, 0)`` is UInt8), with the given null rule."""

    def returns(types: Types, ctx: TranslationContext) -> str:
        return nulls("Bool" if any(T.unwrap(t) == "Bool" for t in types) else T.BOOL)(types, ctx)

    return returns


# and/or are three-valued: and(1, NULL) is Nullable(UInt8), where xor/not of a bare NULL are Nullable(Nothing).
_THREE_VALUED = _logical(nullable_like)
_DEFAULT_NULLS = _logical(propagating)


def _logic(render: Render, min_args: int = 2, returns: Typer = _DEFAULT_NULLS) -> Function:
    max_args = 1 if min_args == 1 else None
    return Function(min_args, max_args, render, returns, boolean=True, is_condition=_every_arg)


def _comparison(op: type[exp.Expr]) -> Function:
    return Function(2, 2, _compare(op), fixed(T.BOOL), boolean=True)


FUNCTIONS: dict[str, Function] = {
    "equals": _comparison(exp.EQ),
    "notEquals": _comparison(exp.NEQ),
    "less": _comparison(exp.LT),
    "greater": _comparison(exp.GT),
    "lessOrEquals": _comparison(exp.LTE),
    "greaterOrEquals": _comparison(exp.GTE),
    # HogQL runs with transform_null_in=1, so IN is never NULL.
    "in": Function(2, 2, _in(False), fixed(T.BOOL), boolean=True),
    "notIn": Function(2, 2, _in(True), fixed(T.BOOL), boolean=True),
    "and": _logic(_connective(exp.And), returns=_THREE_VALUED),
    "or": _logic(_connective(exp.Or), returns=_THREE_VALUED),
    "xor": _logic(_xor),
    "not": _logic(lambda args, types, ctx: exp.Not(this=exp.paren(args[0], copy=False)), 1),
}
