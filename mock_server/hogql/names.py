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

from mock_server.hogql.functions.window import resolve_window
from mock_server.hogql.placeholders import Grouped

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
}


def _as_call(name: str) -> Callable[[ClickHouseGenerator, Any], str]:
    return lambda gen, node: gen.func(name, node.this, node.expression)


def _connective(name: str) -> Callable[[ClickHouseGenerator, Any], str]:
    """``a AND (b AND c)`` prints flat, ``and(a, b, c)``: PostHog's parser merges nested And/Or (visitColumnExprAnd)."""
    return lambda gen, node: gen.func(name, *_operands(node))


def _operands(node: exp.Expr) -> list[exp.Expr]:
    """The operands of a chain of one operator, through the parentheses a user wrote but not through a group the
    ``{filters}`` substitution built: PostHog's filters nest ``ast.And`` nodes (``and(and(a, b), c)``)."""
    parts: list[exp.Expr] = []
    for part in (node.this, node.expression):
        inner = part
        while isinstance(inner, exp.Paren) and not isinstance(inner, Grouped):
            inner = inner.this
        parts += _operands(inner) if type(inner) is type(node) else [part]
    return parts


def _neg_sql(gen: ClickHouseGenerator, node: exp.Neg) -> str:
    """``-x`` is ``minus(0, x)`` in PostHog's parser; only a negative number literal stays a constant."""
    inner = node.this
    if isinstance(inner, exp.Literal) and not inner.is_string:
        return f"-{inner.this}"
    return gen.func("minus", exp.Literal.number(0), inner)


def _case_sql(gen: ClickHouseGenerator, node: exp.Case) -> str:
    """PostHog's parser turns CASE into calls (visitColumnExprCase): ``if`` for one WHEN, else ``multiIf``, and
    ``_caseWithExpression(x, …)`` for ``CASE x WHEN``; a missing ELSE is NULL."""
    args: list[exp.Expr] = []
    for branch in node.args.get("ifs") or []:
        args += [branch.this, branch.args["true"]]
    args.append(node.args.get("default") or exp.null())
    if node.this is not None:
        return gen.func("_caseWithExpression", node.this, *args)
    return gen.func("if" if len(args) == 3 else "multiIf", *args)


def _concat_sql(gen: ClickHouseGenerator, node: exp.DPipe) -> str:
    """``a || b || c`` is ``concat(a, b, c)`` (visitColumnExprConcat)."""
    return gen.func("concat", *_operands(node))


# (case-insensitive, negated) → the HogQL function PostHog prints (posthog/hogql/printer/base.py).
_LIKE_NAMES = {(False, False): "like", (True, False): "ilike", (False, True): "notLike", (True, True): "notILike"}


def _like_sql(gen: ClickHouseGenerator, node: exp.Like | exp.ILike) -> str:
    name = _LIKE_NAMES[(isinstance(node, exp.ILike), bool(node.args.get("negate")))]
    return gen.func(name, node.this, node.expression)


def _interval_sql(gen: ClickHouseGenerator, node: exp.Interval) -> str:
    unit = node.unit.name.lower().rstrip("s").title() if node.unit else "Second"
    amount = node.this.this if isinstance(node.this, exp.Literal) else gen.sql(node.this)
    return f"toInterval{unit}({amount})"


def _is_sql(gen: ClickHouseGenerator, node: exp.Is) -> str:
    # PostHog's parser turns ``x IS NULL`` into ``x = NULL`` (visitColumnExprIsNull).
    return gen.func("equals", node.this, exp.null())


def _not_sql(gen: ClickHouseGenerator, node: exp.Not) -> str:
    inner = node.this
    if isinstance(inner, exp.Is):
        return gen.func("notEquals", inner.this, exp.null())
    if isinstance(inner, exp.Between):
        return _between_text(gen, inner, " NOT")
    if isinstance(inner, exp.In):
        return "notIn" + _in_sql(gen, inner)[len("in") :]
    return gen.func("not", inner)


def _between_text(gen: ClickHouseGenerator, node: exp.Between, negation: str = "") -> str:
    parts = [gen.sql(node.args[key]) for key in ("this", "low", "high")]
    return f"{parts[0]}{negation} BETWEEN {parts[1]} AND {parts[2]}"


def _in_sql(gen: ClickHouseGenerator, node: exp.In) -> str:
    """``x IN (a, b)`` prints ``in(x, tuple(a, b))``, ``x IN (a)`` ``in(x, a)`` (PostHog's parser reads ``(a)`` as a
    grouping), and a subquery as itself (``_get_compare_op``). A list built by ``{filters}`` is always a tuple
    (``posthog/hogql/property.py`` builds ``ast.Tuple``): its node carries ``meta["tuple"]``."""
    query = node.args.get("query")
    items = node.expressions
    if query is not None:
        values = gen.sql(query)
    elif len(items) == 1 and not node.meta.get("tuple"):
        values = gen.sql(items[0])
    else:
        values = gen.func("tuple", *items)
    return gen.func("in", node.this, exp.var(values))


def _regex_sql(gen: ClickHouseGenerator, node: exp.RegexpLike | exp.RegexpILike) -> str:
    # posthog/hogql/printer/base.py _get_compare_op: Regex, IRegex.
    pattern = node.expression
    if isinstance(node, exp.RegexpILike):
        pattern = exp.Anonymous(this="concat", expressions=[exp.Literal.string("(?i)"), pattern])
    return gen.func("match", node.this, pattern)


def _window_sql(gen: ClickHouseGenerator, node: exp.Window) -> str:
    """``f(…) OVER (PARTITION BY … ORDER BY … ROWS …)`` or ``f(…) OVER w`` (visit_window_function)."""
    if node.alias and not (node.args.get("partition_by") or node.args.get("order") or node.args.get("spec")):
        return f"{gen.sql(node.this)} OVER {node.alias}"
    parts = []
    if node.args.get("partition_by"):
        parts.append("PARTITION BY " + ", ".join(gen.sql(e) for e in node.args["partition_by"]))
    if node.args.get("order"):
        parts.append("ORDER BY " + ", ".join(gen.sql(e) for e in node.args["order"].expressions))
    if node.args.get("spec"):
        parts.append(_frame_text(node.args["spec"]))
    return f"{gen.sql(node.this)} OVER ({' '.join(parts)})"


def _frame_text(spec: exp.WindowSpec) -> str:
    start = _bound(spec.args.get("start"), spec.args.get("start_side"))
    kind = str(spec.args.get("kind")).upper()
    if spec.args.get("end") is None:
        return f"{kind} {start}"
    return f"{kind} BETWEEN {start} AND {_bound(spec.args['end'], spec.args.get('end_side'))}"


def _bound(bound: object, side: object) -> str:
    text = bound.name if isinstance(bound, exp.Expr) else str(bound)
    return "CURRENT ROW" if text.upper() == "CURRENT ROW" else f"{text.upper()} {str(side).upper()}"


def _column_sql(gen: ClickHouseGenerator, node: exp.Column) -> str:
    return ".".join(_identifier(p) for p in node.parts)


def _identifier(part: exp.Expr) -> str:
    text = part.name
    # Tuple indexes (``t.1``) print bare (posthog/hogql/printer/base.py _print_hogql_identifier_or_index).
    plain = text.isdigit() or (text.replace("$", "").replace("_", "").isalnum() and not text[:1].isdigit())
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
        exp.And: _connective("and"),
        exp.Or: _connective("or"),
        exp.Neg: _neg_sql,
        exp.Case: _case_sql,
        exp.DPipe: _concat_sql,
        # PostHog's AST has no parentheses: ``(1 + 2) * 3`` prints ``multiply(plus(1, 2), 3)``.
        exp.Paren: lambda gen, node: gen.sql(node.this),
        Grouped: lambda gen, node: gen.sql(node.this),
        exp.Not: _not_sql,
        exp.Between: lambda gen, node: _between_text(gen, node),
        exp.RegexpLike: _regex_sql,
        exp.RegexpILike: _regex_sql,
        exp.Coalesce: lambda gen, node: gen.func("ifNull", node.this, *node.expressions),
        exp.Window: _window_sql,
        exp.In: _in_sql,
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
    return field_name if field_name is not None else hogql_text(_as_printed(node))


def _as_printed(node: exp.Expr) -> exp.Expr:
    """Window functions as PostHog prints them: named windows inlined for lag/lead, lag → lagInFrame."""
    if node.find(exp.Window) is None:
        return node
    select = node.find_ancestor(exp.Select)
    named = {w.name: w for w in (select.args.get("windows") or [])} if select else {}
    return node.copy().transform(lambda n: resolve_window(n, named) if _is_lag_lead(n) else n)


def _is_lag_lead(node: exp.Expr) -> bool:
    return isinstance(node, exp.Window) and node.this.name in ("lag", "lead")
