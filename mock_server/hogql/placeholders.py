"""HogQL placeholders: the ``{…}`` node, JSON values as constants, and ``values`` / ``variables`` substitution.

PostHog replaces placeholders on its AST before it resolves anything (``posthog/hogql_queries/hogql_query_runner.py``
``to_query``, then ``posthog/hogql/query.py`` ``_process_placeholders``). ``translate`` runs the same steps in the
same order: ``values`` first (which evaluates every placeholder), else ``{filters…}`` (``filters.py``), then
``{variables.…}``, then whatever is left, which PostHog's HogVM looks up as a global variable and fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from difflib import get_close_matches
from typing import Any, ClassVar

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError, ServerError, ValidationError

Chain = list[str]


class HogQLPlaceholder(exp.Expression):
    """``{expr}``: ``this`` is the expression between the braces (``ast.Placeholder`` in PostHog)."""

    arg_types: ClassVar[dict[str, bool]] = {"this": True}


class DateTimeConstant(exp.Expression, exp.Func):
    """A datetime constant: ``this`` is its wall-clock text in the team's timezone.

    PostHog's HogQL printer writes a datetime ``ast.Constant`` as ``toDateTime('2020-02-02 00:00:00.000000')``
    (``posthog/hogql/test/test_filters.py``); ClickHouse gets ``toDateTime64(…, 6, tz)``.
    """

    arg_types: ClassVar[dict[str, bool]] = {"this": True}
    _sql_names: ClassVar[list[str]] = ["toDateTime"]


class Grouped(exp.Paren):
    """Parentheses the substitution adds around a built AND/OR: kept for DuckDB, not shown in the ``hogql`` text."""


class RegexMatch(exp.Expression, exp.Func):
    """``match(s, pattern)`` as property filters build it; translated as the ``=~`` operator it is equal to."""

    arg_types: ClassVar[dict[str, bool]] = {"this": True, "expression": True}
    _sql_names: ClassVar[list[str]] = ["match"]


def placeholders(tree: exp.Expr) -> Iterator[HogQLPlaceholder]:
    """The placeholders still in ``tree``, in query order (each checked to be attached when reached)."""
    for node in list(tree.find_all(HogQLPlaceholder, bfs=False)):
        if node.root() is tree:
            yield node


def chain(node: HogQLPlaceholder) -> Chain | None:
    """``{a.b.c}`` → ``['a', 'b', 'c']``; None for an expression placeholder such as ``{1 + 2}``."""
    inner = node.this
    if isinstance(inner, exp.Column) and not isinstance(inner.this, exp.Star):
        return [part.name for part in inner.parts]
    if isinstance(inner, exp.Dot):
        base = chain(HogQLPlaceholder(this=inner.this))
        return None if base is None else [*base, inner.expression.name]
    return None


# ---- constants ---------------------------------------------------------------------------------------------


def _float(value: float) -> exp.Expr:
    # repr(inf) is 'inf', which DuckDB would read as a name: a non-finite float is toFloat of its text.
    if math.isfinite(value):
        return exp.Literal.number(repr(value))
    return exp.Anonymous(this="toFloat", expressions=[exp.Literal.string(repr(value))])


def _unsupported_value(value: Any) -> exp.Expr:
    raise HogQLNotImplemented(f"hogmock does not support {type(value).__name__} values in placeholders yet")


# An ast.Constant as ClickHouse receives it (posthog/hogql/printer: numbers, booleans and NULL inline, strings
# and lists as query parameters): lists become arrays, tuples become tuples.
_CONSTANTS: dict[type, Callable[[Any], exp.Expr]] = {
    type(None): lambda _: exp.null(),
    bool: lambda value: exp.Boolean(this=value),
    int: exp.Literal.number,
    float: lambda value: _float(value),
    str: exp.Literal.string,
    list: lambda value: exp.Array(expressions=[constant(v) for v in value]),
    tuple: lambda value: exp.Tuple(expressions=[constant(v) for v in value]),
}


def constant(value: Any) -> exp.Expr:
    """A JSON value as the HogQL constant PostHog's ``ast.Constant(value=…)`` is."""
    return _CONSTANTS.get(type(value), _unsupported_value)(value)


# ---- HogVM lookups (common/hogvm/python/execute.py GET_GLOBAL) ------------------------------------------------

_LITERALS = (exp.Literal, exp.Boolean, exp.Null)


def _global(node: HogQLPlaceholder, globals_: Mapping[str, Any]) -> exp.Expr:
    """A placeholder evaluated as PostHog's HogVM evaluates it against ``globals_``."""
    found = chain(node)
    if found is None:
        if isinstance(node.this, _LITERALS):
            return node.this.copy()
        raise HogQLNotImplemented("hogmock does not evaluate placeholder expressions yet")
    if found[0] not in globals_:
        # A HogVMException, rendered by posthog/api/query.py as ValidationError(str(e)).
        raise ValidationError(f"Global variable not found: {found[0]}", code="invalid")
    if len(found) > 1:
        raise HogQLNotImplemented("hogmock does not support nested placeholder values yet")
    return constant(globals_[found[0]])


def replace_values(tree: exp.Expr, values: Mapping[str, Any]) -> exp.Expr:
    """``HogQLQuery.values``: the runner parses with them, so every placeholder, ``{filters}`` too, is looked up."""
    for node in placeholders(tree):
        node.replace(_global(node, values))
    return tree


def replace_remaining(tree: exp.Expr) -> exp.Expr:
    """Placeholders left after filters and variables: HogVM runs with no globals and fails on each."""
    for node in placeholders(tree):
        node.replace(_global(node, {}))
    return tree


# ---- {variables.code_name} (posthog/hogql/variables.py) -----------------------------------------------------


def replace_variables(
    tree: exp.Expr, variables: Mapping[str, Mapping[str, Any]], defined: Sequence[Mapping[str, Any]] | None
) -> exp.Expr:
    """``HogQLQuery.variables`` into ``{variables.code_name}``.

    ``defined`` is the project's insight variables (``id``, ``code_name``, ``default_value``); None means each
    request variable is one (the mock keeps no InsightVariable table).
    """
    requested = list(variables.values())
    known = _insight_variables(requested, defined)
    for node in placeholders(tree):
        found = chain(node)
        if found and found[0] == "variables":
            node.replace(_variable(found, requested, known))
    return tree


def _insight_variables(
    requested: list[Mapping[str, Any]], defined: Sequence[Mapping[str, Any]] | None
) -> list[Mapping[str, Any]]:
    if defined is None:
        return [{"code_name": v.get("code_name"), "default_value": None} for v in requested]
    ids = {str(v.get("variableId")) for v in requested}
    return [d for d in defined if str(d.get("id")) in ids]


def _variable(found: Chain, requested: list[Mapping[str, Any]], known: list[Mapping[str, Any]]) -> exp.Expr:
    if len(found) < 2:
        raise ServerError()  # PostHog indexes chain[1] and fails with an IndexError
    code_name = found[1]
    matching = [v for v in requested if v.get("code_name") == code_name]
    if not matching:
        raise _missing_variable(code_name, known)
    definition = next((d for d in known if d.get("code_name") == code_name), None)
    if definition is None:
        raise HogQLQueryError(f"Variable {code_name} does not exist")
    if matching[0].get("isNull"):
        return exp.null()
    value = matching[0].get("value")
    return constant(value if value is not None else definition.get("default_value"))


def _missing_variable(code_name: str, known: list[Mapping[str, Any]]) -> HogQLQueryError:
    names = [str(d.get("code_name")) for d in known]
    suggestions = get_close_matches(code_name, names, n=3, cutoff=0.6) if names else []
    if suggestions:
        return HogQLQueryError(f"Variable {code_name} is missing from query. Did you mean: {', '.join(suggestions)}?")
    return HogQLQueryError(f"Variable {code_name} is missing from query")
