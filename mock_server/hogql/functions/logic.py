"""Conditionals and pattern matching: ``if``, ``multiIf``, ``like`` and friends."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    common,
    first_arg,
    fixed,
)
from mock_server.hogql.types import Typed


def _multi_if_type(types: Types, ctx: TranslationContext) -> str:
    return common([*types[1:-1:2], types[-1]], ctx)


def _if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=args[0], true=args[1])], default=args[2])


def _multi_if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    pairs = [exp.If(this=args[i], true=args[i + 1]) for i in range(0, len(args) - 1, 2)]
    return exp.Case(ifs=pairs, default=args[-1])


def _like(negate: bool, insensitive: bool) -> Render:
    """``like(a, b)`` is the ``a LIKE b`` comparison (``HOGQL_COMPARISON_MAPPING``), so it is null-safe the same way."""
    node = exp.ILike if insensitive else exp.Like

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        # Imported here: the printer imports this package, and owns the one null-safe rule for operators and calls.
        from mock_server.hogql.printer import null_safe_like

        return null_safe_like(node, negate, Typed(args[0], types[0]), Typed(args[1], types[1]))

    return render


def _multi_if_conditions(index: int, count: int) -> bool:
    return index % 2 == 0 and index < count - 1


FUNCTIONS: dict[str, Function] = {
    "if": Function(3, 3, _if, lambda types, ctx: common(types[1:], ctx), is_condition=first_arg),
    "multiIf": Function(3, None, _multi_if, _multi_if_type, is_condition=_multi_if_conditions),
    "like": Function(2, 2, _like(False, False), fixed(T.BOOL), boolean=True),
    "ilike": Function(2, 2, _like(False, True), fixed(T.BOOL), boolean=True),
    "notLike": Function(2, 2, _like(True, False), fixed(T.BOOL), boolean=True),
    "notILike": Function(2, 2, _like(True, True), fixed(T.BOOL), boolean=True),
}
