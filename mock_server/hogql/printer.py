"""Prints a parsed HogQL query as DuckDB SQL with ClickHouse semantics, and types every column.

The walk is a table, ``TRANSFORMS``: sqlglot node class → a small ``_*_sql`` function returning ``Typed``.
A node class that is not in the table is refused, so only known constructs, tables and functions ever
reach DuckDB. Semantics follow PostHog's ClickHouse printer (``posthog/hogql/printer.py``): null-safe
comparisons, the property wrapper, team-timezone datetimes, and the default and maximum LIMIT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError
from mock_server.hogql import functions as F
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.resolver import Chain, Scope
from mock_server.hogql.types import Typed


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
    if T.unwrap(typed.type) == T.NOTHING[len("Nullable(") : -1]:
        return T.cast(typed.sql, "BOOLEAN")
    return exp.NEQ(this=exp.paren(typed.sql, copy=False), expression=exp.Literal.number(0))


def value(typed: Typed) -> exp.Expr:
    """The expression as a number when DuckDB holds it as BOOLEAN (ClickHouse's UInt8)."""
    return T.cast(typed.sql, "UTINYINT") if typed.boolean else typed.sql


def _bool(sql: exp.Expr, *sources: Typed) -> Typed:
    return Typed(sql, T.BOOL, boolean=True)


# ---- leaves ---------------------------------------------------------------------------------------------


def _literal_sql(p: Printer, node: exp.Literal, scope: Scope) -> Typed:
    if node.is_string:
        return Typed(exp.Literal.string(node.this), "String")
    return _number(str(node.this))


def _number(text: str) -> Typed:
    if text.lstrip("-").isdigit():
        number = int(text)
        return Typed(exp.Literal.number(number), T.integer_type(number))
    # ClickHouse reads 2.5 as Float64; DuckDB would make it a DECIMAL.
    return Typed(T.cast(exp.Literal.number(text), "DOUBLE"), "Float64")


def _null_sql(p: Printer, node: exp.Null, scope: Scope) -> Typed:
    return Typed(exp.null(), T.NOTHING)


def _boolean_sql(p: Printer, node: exp.Boolean, scope: Scope) -> Typed:
    return Typed(exp.Boolean(this=node.this), "Bool", boolean=True)


def _neg_sql(p: Printer, node: exp.Neg, scope: Scope) -> Typed:
    if isinstance(node.this, exp.Literal) and not node.this.is_string:
        return _number(f"-{node.this.this}")
    inner = p.expr(node.this, scope)
    parts = T.int_parts(inner.type)
    result = inner.type if parts is None or parts[0] else T.like_nullable(f"Int{min(parts[1] * 2, 64)}", inner.type)
    return Typed(exp.Neg(this=value(inner)), result)


def _paren_sql(p: Printer, node: exp.Paren, scope: Scope) -> Typed:
    inner = p.expr(node.this, scope)
    return Typed(exp.paren(inner.sql, copy=False), inner.type, inner.boolean)


def chain_of(node: exp.Expr) -> Chain | None:
    """The field chain a Column/Dot/Bracket node spells, or None when it is not a plain chain."""
    if isinstance(node, exp.Column):
        parts = [node.args.get(k) for k in ("catalog", "db", "table")] + [node.this]
        return (
            [_part(x) for x in parts if x is not None and x.name != ""] if not isinstance(node.this, exp.Star) else None
        )
    if isinstance(node, exp.Dot):
        base = chain_of(node.this)
        return None if base is None else [*base, node.expression.name]
    if isinstance(node, exp.Bracket) and len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Literal):
        base = chain_of(node.this)
        return None if base is None else [*base, _part(node.expressions[0])]
    return None


def _part(node: exp.Expr) -> str | int:
    if isinstance(node, exp.Literal) and not node.is_string:
        return int(node.this)
    return str(node.name)


def _field_sql(p: Printer, node: exp.Expr, scope: Scope) -> Typed:
    chain = chain_of(node)
    if chain is None:
        raise HogQLNotImplemented(f"hogmock does not support this expression yet: {node.sql()}")
    return scope.resolve(chain)


def _bracket_sql(p: Printer, node: exp.Bracket, scope: Scope) -> Typed:
    chain = chain_of(node)
    if chain is not None and _is_property_chain(chain, scope):
        return scope.resolve(chain)
    base = p.expr(node.this, scope)
    index = p.expr(node.expressions[0], scope)
    if isinstance(node.expressions[0], exp.Literal) and node.expressions[0].this == "0":
        raise HogQLQueryError("SQL indexes start from one, not from zero. E.g: array[1]")
    element = F.array_element([base.type], p.ctx)
    return Typed(exp.Bracket(this=base.sql, expressions=[index.sql]), element)


def _is_property_chain(chain: Chain, scope: Scope) -> bool:
    try:
        scope.resolve(chain[:-1])
    except HogQLQueryError:
        return False
    return True


# ---- operators --------------------------------------------------------------------------------------------

_ARITHMETIC: dict[type[exp.Expr], str] = {exp.Add: "plus", exp.Sub: "minus", exp.Mul: "multiply"}


def _arithmetic_sql(p: Printer, node: exp.Binary, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    sql = type(node)(this=value(left), expression=value(right))
    if T.is_datetime(left.type):
        return Typed(sql, left.type)
    return Typed(sql, T.arithmetic(_ARITHMETIC[type(node)], left.type, right.type))


def _div_sql(p: Printer, node: exp.Div, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    divided = exp.Div(this=T.cast(value(left), "DOUBLE"), expression=T.cast(value(right), "DOUBLE"))
    return Typed(divided, T.like_nullable("Float64", left.type, right.type))


def _mod_sql(p: Printer, node: exp.Mod, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    return Typed(
        exp.Mod(this=value(left), expression=value(right)),
        T.like_nullable(T.unwrap(left.type), left.type, right.type),
    )


_COMPARISONS: dict[type[exp.Expr], type[exp.Expr]] = {
    exp.EQ: exp.EQ,
    exp.NEQ: exp.NEQ,
    exp.GT: exp.GT,
    exp.GTE: exp.GTE,
    exp.LT: exp.LT,
    exp.LTE: exp.LTE,
}


def _compare_sql(p: Printer, node: exp.Binary, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    return _bool(null_safe(type(node), left, right))


def null_safe(op: type[exp.Expr], left: Typed, right: Typed) -> exp.Expr:
    """PostHog's null-safe comparison printing (``posthog/hogql/printer.py`` visit_compare_operation).

    ``a = b`` is ``ifNull(equals(a, b), 0)`` when a side is nullable, and NULL equals NULL when both are;
    ``!=`` mirrors it; ordering comparisons with a NULL side are false. Comparisons never return NULL.
    """
    lnull, rnull = T.is_nullable(left.type), T.is_nullable(right.type)
    compared = op(this=value(left), expression=value(right))
    if op in (exp.EQ, exp.NEQ) and lnull and rnull:
        distinct: type[exp.Expr] = exp.NullSafeEQ if op is exp.EQ else exp.NullSafeNEQ
        return distinct(this=value(left), expression=value(right))
    if not (lnull or rnull):
        return compared
    return exp.func("coalesce", compared, exp.true() if op is exp.NEQ else exp.false())


def _logic_sql(p: Printer, node: exp.Connector, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    return _bool(type(node)(this=condition(left), expression=condition(right)))


def _not_sql(p: Printer, node: exp.Not, scope: Scope) -> Typed:
    inner = p.expr(node.this, scope)
    return _bool(exp.Not(this=exp.paren(condition(inner), copy=False)))


def _like_sql(p: Printer, node: exp.Like | exp.ILike, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    matched: exp.Expr = type(node)(this=left.sql, expression=right.sql)
    if node.args.get("negate"):
        matched = exp.Not(this=matched)
    nullable = T.is_nullable(left.type) or T.is_nullable(right.type)
    return _bool(exp.func("coalesce", matched, exp.false()) if nullable else matched)


def _is_sql(p: Printer, node: exp.Is, scope: Scope) -> Typed:
    inner = p.expr(node.this, scope)
    if not isinstance(node.expression, exp.Null):
        raise HogQLNotImplemented("hogmock supports IS only with NULL")
    return _bool(exp.Is(this=inner.sql, expression=exp.null()))


def _in_sql(p: Printer, node: exp.In, scope: Scope) -> Typed:
    needle = p.expr(node.this, scope)
    query = node.args.get("query")
    if query is not None:
        printed = p.subquery(query.this if isinstance(query, exp.Subquery) else query, scope)
        sql: exp.Expr = exp.In(this=value(needle), query=exp.Subquery(this=printed.sql))
    else:
        items = [value(p.expr(e, scope)) for e in node.expressions]
        sql = exp.In(this=value(needle), expressions=items)
    # ClickHouse runs HogQL with transform_null_in=1, so IN never yields NULL.
    return _bool(exp.func("coalesce", sql, exp.false()))


def _between_sql(p: Printer, node: exp.Between, scope: Scope) -> Typed:
    subject, low, high = (p.expr(node.args[k], scope) for k in ("this", "low", "high"))
    both = exp.and_(null_safe(exp.GTE, subject, low), null_safe(exp.LTE, subject, high))
    return _bool(exp.paren(both, copy=False))


def _if_sql(p: Printer, node: exp.If, scope: Scope) -> Typed:
    args = [node.this, node.args.get("true"), node.args.get("false") or exp.null()]
    return p.call("if", args, scope)


def _case_sql(p: Printer, node: exp.Case, scope: Scope) -> Typed:
    if node.this is not None:
        raise HogQLNotImplemented("hogmock does not support CASE <expr> WHEN yet")
    args: list[exp.Expr] = []
    for branch in node.args.get("ifs") or []:
        args += [branch.this, branch.args["true"]]
    return p.call("multiIf", [*args, node.args.get("default") or exp.null()], scope)


def _interval_sql(p: Printer, node: exp.Interval, scope: Scope) -> Typed:
    unit = node.unit.name.lower() if node.unit else "second"
    name = f"toInterval{unit.rstrip('s').title()}"
    amount = node.this
    if isinstance(amount, exp.Literal) and amount.is_string:
        amount = exp.Literal.number(amount.this)
    return p.call(name, [amount], scope)


def _array_sql(p: Printer, node: exp.Array, scope: Scope) -> Typed:
    items = [p.expr(e, scope) for e in node.expressions]
    inner = F.common([i.type for i in items], p.ctx) if items else "Nothing"
    return Typed(exp.Array(expressions=[value(i) for i in items]), f"Array({inner})")


def _tuple_sql(p: Printer, node: exp.Tuple, scope: Scope) -> Typed:
    items = [p.expr(e, scope) for e in node.expressions]
    return Typed(exp.Tuple(expressions=[value(i) for i in items]), f"Tuple({', '.join(i.type for i in items)})")


def _subquery_sql(p: Printer, node: exp.Subquery, scope: Scope) -> Typed:
    printed = p.subquery(node.this, scope)
    return Typed(exp.Subquery(this=printed.sql), T.nullable(printed.columns[0][1]) if printed.columns else T.NOTHING)


_CAST_TYPES: dict[str, tuple[str, str]] = {
    "TEXT": ("VARCHAR", "String"),
    "VARCHAR": ("VARCHAR", "String"),
    "BIGINT": ("BIGINT", "Int64"),
    "INT": ("INTEGER", "Int32"),
    "DOUBLE": ("DOUBLE", "Float64"),
    "FLOAT": ("FLOAT", "Float32"),
    "DATE": ("DATE", "Date"),
    "DATETIME": ("TIMESTAMP", "DateTime"),
    "BOOLEAN": ("BOOLEAN", "Bool"),
    "UUID": ("UUID", "UUID"),
}


def _cast_sql(p: Printer, node: exp.Cast, scope: Scope) -> Typed:
    inner = p.expr(node.this, scope)
    target = node.to.this.name if node.to.this else ""
    if target not in _CAST_TYPES:
        raise HogQLNotImplemented(f"hogmock does not support casts to {node.to.sql('clickhouse')} yet")
    duck, ch = _CAST_TYPES[target]
    if ch == "String":
        return Typed(F.to_string(value(inner), inner.type), T.like_nullable("String", inner.type))
    return Typed(T.cast(value(inner), duck), T.like_nullable(ch, inner.type))


def _function_sql(p: Printer, node: exp.Func, scope: Scope) -> Typed:
    if isinstance(node, exp.ParameterizedAgg | exp.CombinedParameterizedAgg):
        raise HogQLNotImplemented(f"hogmock does not support the HogQL function '{node.name}' yet")
    return p.call(node.name, list(node.expressions), scope)


def _alias_sql(p: Printer, node: exp.Alias, scope: Scope) -> Typed:
    inner = p.expr(node.this, scope)
    scope.aliases[node.alias] = inner
    return inner


TRANSFORMS: dict[type[exp.Expr], Callable[[Printer, Any, Scope], Typed]] = {
    exp.Literal: _literal_sql,
    exp.Null: _null_sql,
    exp.Boolean: _boolean_sql,
    exp.Neg: _neg_sql,
    exp.Paren: _paren_sql,
    exp.Column: _field_sql,
    exp.Dot: _field_sql,
    exp.Bracket: _bracket_sql,
    exp.Add: _arithmetic_sql,
    exp.Sub: _arithmetic_sql,
    exp.Mul: _arithmetic_sql,
    exp.Div: _div_sql,
    exp.Mod: _mod_sql,
    **{op: _compare_sql for op in _COMPARISONS},
    exp.And: _logic_sql,
    exp.Or: _logic_sql,
    exp.Not: _not_sql,
    exp.Like: _like_sql,
    exp.ILike: _like_sql,
    exp.Is: _is_sql,
    exp.In: _in_sql,
    exp.Between: _between_sql,
    exp.If: _if_sql,
    exp.Case: _case_sql,
    exp.Interval: _interval_sql,
    exp.Array: _array_sql,
    exp.Tuple: _tuple_sql,
    exp.Subquery: _subquery_sql,
    exp.Cast: _cast_sql,
    exp.Anonymous: _function_sql,
    exp.AnonymousAggFunc: _function_sql,
    exp.ParameterizedAgg: _function_sql,
    exp.CombinedAggFunc: _function_sql,
    exp.CombinedParameterizedAgg: _function_sql,
    exp.Alias: _alias_sql,
}


class Printer:
    """Translates one query; holds the context every transform needs."""

    def __init__(self, ctx: TranslationContext) -> None:
        self.ctx = ctx

    def expr(self, node: exp.Expr, scope: Scope) -> Typed:
        transform = TRANSFORMS.get(type(node))
        if transform is None:
            raise HogQLNotImplemented(f"hogmock does not support this HogQL construct yet: {node.sql('clickhouse')}")
        return transform(self, node, scope)

    def call(self, name: str, args: list[exp.Expr], scope: Scope) -> Typed:
        function = F.lookup(name)
        F.check_arity(name, function, len(args))
        if len(args) == 1 and isinstance(args[0], exp.Star | exp.Distinct):
            return self._special_count(name, args[0], scope)
        typed = [self.expr(a, scope) for a in args]
        rendered = [condition(t) if function.is_condition(i, len(typed)) else value(t) for i, t in enumerate(typed)]
        types = [t.type for t in typed]
        returns = function.returns(types, self.ctx)
        sql = function.render(rendered, types, self.ctx)
        return Typed(sql, returns, boolean=function.boolean)

    def _special_count(self, name: str, arg: exp.Expr, scope: Scope) -> Typed:
        if F.lookup(name) is not F.lookup("count"):
            raise HogQLQueryError(f"{arg.sql()} is only allowed in count()")
        if isinstance(arg, exp.Star):
            return Typed(exp.Count(this=exp.Star()), "UInt64")
        inner = [value(self.expr(e, scope)) for e in arg.expressions]
        return Typed(exp.Count(this=exp.Distinct(expressions=inner)), "UInt64")

    def subquery(self, node: exp.Expr, scope: Scope) -> Printed:
        return self.query(node, scope.child(), top=False)

    def query(self, node: exp.Expr, scope: Scope, top: bool) -> Printed:
        from mock_server.hogql.select import print_query

        return print_query(self, node, scope, top)
