"""Prints a parsed HogQL query as DuckDB SQL with ClickHouse semantics, and types every column.

The walk is a table, ``TRANSFORMS``: sqlglot node class → a small ``_*_sql`` function returning ``Typed``.
A node class that is not in the table is refused, so only known constructs, tables and functions ever
reach DuckDB. Semantics follow PostHog's ClickHouse printer (``posthog/hogql/printer.py``): null-safe
comparisons, the property wrapper, team-timezone datetimes, and the default and maximum LIMIT.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError
from mock_server.hogql import functions as F
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions import dates as D
from mock_server.hogql.functions import tuples
from mock_server.hogql.functions import window as W
from mock_server.hogql.functions.aggregates import outermost_aggregates
from mock_server.hogql.functions.core import constant_int, default_value
from mock_server.hogql.placeholders import DateTimeConstant, Grouped, RegexMatch
from mock_server.hogql.resolver import Chain, Scope, raw_json_text
from mock_server.hogql.select import ordered, print_query
from mock_server.hogql.types import Printed, Typed, condition, value


def _bool(sql: exp.Expr) -> Typed:
    return Typed(sql, T.BOOL, boolean=True)


# ---- leaves ---------------------------------------------------------------------------------------------


def _literal_sql(p: Printer, node: exp.Literal, scope: Scope) -> Typed:
    if node.is_string:
        return Typed(exp.Literal.string(node.this), "String")
    return _number(str(node.this))


# A number as HogQL's lexer reads one. Anything else must never reach DuckDB as raw SQL text.
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _number(text: str) -> Typed:
    if not _NUMBER.fullmatch(text):
        raise HogQLQueryError(f"Invalid number: {text!r}")
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
    """``-x`` is ``minus(0, x)`` in PostHog's parser (visitColumnExprNegate), so it has minus's type: ``-(1)`` and
    ``-(-2)`` are Int16 (chdb); only a number literal such as ``-1`` stays a constant."""
    if isinstance(node.this, exp.Literal) and not node.this.is_string:
        return _number(f"-{node.this.this}")
    inner = p.expr(node.this, scope)
    ch_type = T.arithmetic("minus", "UInt8", inner.type) if T.is_numeric(inner.type) else inner.type
    # DuckDB would overflow negating an unsigned value, so integers are negated as BIGINT.
    negated = T.cast(value(inner), "BIGINT") if T.int_parts(inner.type) else value(inner)
    return Typed(exp.Neg(this=negated), ch_type)


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
    if len(chain) > 1 and isinstance(chain[-1], int):
        holder = scope.type_of(chain[:-1])
        if holder is not None and T.unwrap(holder).startswith(("Tuple(", "Array(")):
            return _element(scope.resolve(chain[:-1]), chain[-1])
    return scope.resolve(chain)


def _dot_sql(p: Printer, node: exp.Dot, scope: Scope) -> Typed:
    """``(1, 2).2``, ``f(x).1``: tuple access on an expression; other dots are field chains."""
    index = node.expression
    if isinstance(index, exp.Literal) and not index.is_string and chain_of(node.this) is None:
        return _element(p.expr(node.this, scope), int(index.this))
    return _field_sql(p, node, scope)


def _element(base: Typed, index: int) -> Typed:
    """``t.N``: 1-based; ``.0`` is PostHog's error (posthog/hogql/parser.py visitColumnExprTupleAccess)."""
    if index == 0:
        raise HogQLQueryError("SQL indexes start from one, not from zero. E.g: array.1")
    if T.unwrap(base.type).startswith("Array("):
        return _array_item(base, exp.Literal.number(index), T.unwrap(base.type)[len("Array(") : -1])
    sql, item = tuples.element(base.sql, base.type, index)
    return Typed(sql, item)


def _tuple_element_sql(p: Printer, args: list[exp.Expr], scope: Scope) -> Typed:
    if len(args) != 2:
        raise HogQLQueryError(f"Function 'tupleElement' expects 2 arguments, found {len(args)}")
    return _element(p.expr(args[0], scope), constant_int(args[1]))


def _array_item(base: Typed, index: exp.Expr, element: str) -> Typed:
    """``arr[i]``: past either end ClickHouse gives the element type's default, DuckDB NULL."""
    item: exp.Expr = exp.Bracket(this=base.sql, expressions=[index], offset=1)
    if not T.is_nullable(element):
        item = exp.func("coalesce", item, default_value(element))
    return Typed(item, T.like_nullable(element, base.type))


def _bracket_sql(p: Printer, node: exp.Bracket, scope: Scope) -> Typed:
    chain = chain_of(node)
    holder = scope.type_of(chain[:-1]) if chain is not None else None
    if chain is not None and holder is not None and not T.unwrap(holder).startswith(("Array(", "Tuple(")):
        return scope.resolve(chain)  # a property or field path: properties['a'], person.properties['$browser']
    base = p.expr(node.this, scope)
    index = p.expr(node.expressions[0], scope)
    if isinstance(node.expressions[0], exp.Literal) and node.expressions[0].this == "0":
        raise HogQLQueryError("SQL indexes start from one, not from zero. E.g: array[1]")
    if T.unwrap(base.type).startswith("Tuple(") and isinstance(node.expressions[0], exp.Literal):
        return _element(base, int(node.expressions[0].this))
    if T.unwrap(base.type) == "String" and chain_of(node.this) and isinstance(node.expressions[0], exp.Neg):
        return _json_from_end(base, node.expressions[0])
    return _array_item(base, value(index), F.array_element([base.type], p.ctx))


def _json_from_end(base: Typed, index: exp.Neg) -> Typed:
    """``properties.tags[-1]``: PostHog passes the index into JSONExtractRaw's path, where a negative position
    counts from the end (NULL when there is none). DuckDB's JSON pointers have no negative index, its JSONPath
    does (``$[#-1]``); text that is not JSON has no elements."""
    position = constant_int(index.this)
    path = exp.Literal.string(f"$[#-{position}]")
    extracted = raw_json_text(base.sql, path)
    valid = exp.Anonymous(this="json_valid", expressions=[base.sql.copy()])
    name = f"{base.name}__-{position}" if base.name else None  # the resolver names a property by its path
    return Typed(exp.Case(ifs=[exp.If(this=valid, true=extracted)]), "Nullable(String)", name=name)


# ---- operators --------------------------------------------------------------------------------------------

_ARITHMETIC: dict[type[exp.Expr], str] = {exp.Add: "plus", exp.Sub: "minus", exp.Mul: "multiply"}


def _arithmetic_sql(p: Printer, node: exp.Binary, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    if T.is_datetime(left.type) and T.unwrap(right.type).startswith("Interval"):
        # ClickHouse's plus/minus with an interval is addDays & co.: wall clock for days and up, elapsed time below.
        unit, sign = T.unwrap(right.type).removeprefix("Interval").lower(), "+" if isinstance(node, exp.Add) else "-"
        return Typed(D.shift(value(left), left.type, value(right), unit, sign), D.shifted_type(left.type, unit))
    sql = type(node)(this=value(left), expression=value(right))
    if T.is_datetime(left.type):
        return Typed(sql, left.type)
    return Typed(sql, T.arithmetic(_ARITHMETIC[type(node)], left.type, right.type))


def _div_sql(p: Printer, node: exp.Div, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    divided = exp.Div(this=T.cast(value(left), "DOUBLE"), expression=T.cast(value(right), "DOUBLE"))
    return Typed(divided, T.like_nullable("Float64", left.type, right.type))


def _mod_sql(p: Printer, node: exp.Mod, scope: Scope) -> Typed:
    """``a % b`` is ``modulo(a, b)`` (posthog/hogql/printer: ArithmeticOperation Mod), with its type."""
    return p.call("modulo", [node.this, node.expression], scope)


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
    right = same_zone(left, right)
    lnull, rnull = T.is_nullable(left.type), T.is_nullable(right.type)
    compared = op(this=value(left), expression=value(right))
    if op in (exp.EQ, exp.NEQ) and lnull and rnull:
        distinct: type[exp.Expr] = exp.NullSafeEQ if op is exp.EQ else exp.NullSafeNEQ
        return distinct(this=value(left), expression=value(right))
    if not (lnull or rnull):
        return compared
    return exp.func("coalesce", compared, exp.true() if op is exp.NEQ else exp.false())


def same_zone(left: Typed, right: Typed) -> Typed:
    """``right`` shown in ``left``'s time zone when both are datetimes of different zones: ClickHouse compares
    instants, and hogmock holds datetimes as wall-clock time in their zone."""
    left_zone, right_zone = T.timezone_of(left.type), T.timezone_of(right.type)
    if left_zone is None or right_zone is None or left_zone == right_zone:
        return right
    instant = exp.AtTimeZone(this=right.sql, zone=exp.Literal.string(right_zone))
    moved = exp.Anonymous(this="timezone", expressions=[exp.Literal.string(left_zone), instant])
    return Typed(moved, right.type.replace(f"'{right_zone}'", f"'{left_zone}'"), right.boolean, right.name)


_LOGIC: dict[type[exp.Expr], str] = {exp.And: "and", exp.Or: "or"}


def _logic_sql(p: Printer, node: exp.Connector, scope: Scope) -> Typed:
    """``a AND b AND c`` is PostHog's flat ``and(a, b, c)``: the function's semantics and type (Bool when an
    operand is Bool, ``true and false`` is Bool in ClickHouse)."""
    return p.call(_LOGIC[type(node)], [_unparenthesized(n) for n in node.flatten()], scope)


def _unparenthesized(operand: exp.Expr) -> exp.Expr:
    """An operand without its parentheses: sqlglot's ``flatten`` drops a plain Paren (``type(x) is Paren``) but
    keeps a substitution's ``Grouped``, which must print alike."""
    while isinstance(operand, Grouped):
        operand = operand.this.unnest()
    return operand


def _not_sql(p: Printer, node: exp.Not, scope: Scope) -> Typed:
    if isinstance(node.this, exp.Between):
        return _not_between_sql(p, node.this, scope)
    return p.call("not", [node.this], scope)


def _like_sql(p: Printer, node: exp.Like | exp.ILike, scope: Scope) -> Typed:
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    return _bool(null_safe_like(type(node), bool(node.args.get("negate")), left, right))


def null_safe_like(op: type[exp.Like | exp.ILike], negate: bool, left: Typed, right: Typed) -> exp.Expr:
    """``like``/``not like`` as PostHog prints them (posthog/hogql/printer/clickhouse.py visit_compare_operation):
    with one nullable side ``ifNull(like(a, b), 0)`` and ``ifNull(notLike(a, b), 1)``; with both, NULL matches
    NULL (``ifNull(like(a, b), isNull(a) and isNull(b))``). Never NULL."""
    matched: exp.Expr = op(this=left.sql, expression=right.sql)
    matched = exp.Not(this=matched) if negate else matched
    lnull, rnull = T.is_nullable(left.type), T.is_nullable(right.type)
    if not (lnull or rnull):
        return matched
    fallback: exp.Expr = exp.false()
    if lnull and rnull:
        fallback = exp.paren(exp.and_(*(exp.Is(this=s.sql.copy(), expression=exp.null()) for s in (left, right))))
    return exp.func("coalesce", matched, exp.not_(fallback) if negate else fallback)


# The regex nodes, by whether they match case-insensitively: ``=~`` and a property filter's ``match`` are case
# sensitive, ``=~*`` is not.
_REGEX_IGNORES_CASE: dict[type[exp.Expr], bool] = {exp.RegexpLike: False, RegexMatch: False, exp.RegexpILike: True}


def _regex_sql(p: Printer, node: exp.RegexpLike | exp.RegexpILike | RegexMatch, scope: Scope) -> Typed:
    """``=~`` / ``=~*``: ClickHouse ``match`` (RE2, as DuckDB's), null-safe as ``like`` is
    (``posthog/hogql/printer/clickhouse.py``: Regex → ``ifNull(match(a, b), 0)``)."""
    left, right = p.expr(node.this, scope), p.expr(node.expression, scope)
    pattern = right.sql
    if _REGEX_IGNORES_CASE[type(node)]:
        pattern = exp.DPipe(this=exp.Literal.string("(?i)"), expression=pattern)
    matched: exp.Expr = exp.Anonymous(this="regexp_matches", expressions=[left.sql, pattern])
    nullable = T.is_nullable(left.type) or T.is_nullable(right.type)
    return _bool(exp.func("coalesce", matched, exp.false()) if nullable else matched)


def _nullish_sql(p: Printer, node: exp.Coalesce, scope: Scope) -> Typed:
    """``a ?? b`` is ``ifNull(a, b)`` (PostHog's parser)."""
    return p.call("ifNull", [node.this, *node.expressions], scope)


def _not_between_sql(p: Printer, node: exp.Between, scope: Scope) -> Typed:
    """``x NOT BETWEEN a AND b``: false, not true, when a side is NULL (``ifNull(…, 0)`` in PostHog's printer)."""
    subject, low, high = (p.expr(node.args[k], scope) for k in ("this", "low", "high"))
    outside = exp.or_(null_safe(exp.LT, subject, low), null_safe(exp.GT, subject, high))
    return _bool(exp.paren(outside, copy=False))


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
        sql: exp.Expr = _in_subquery(value(needle), printed)
    else:
        # transform_null_in=1: NULL IN (NULL, …) is true, so list items compare with IS NOT DISTINCT FROM.
        items = [value(p.expr(e, scope)) for e in node.expressions]
        sql = exp.or_(*[exp.NullSafeEQ(this=value(needle), expression=item) for item in items])
    # ClickHouse runs HogQL with transform_null_in=1, so IN never yields NULL.
    return _bool(exp.func("coalesce", sql, exp.false()))


def _in_subquery(needle: exp.Expr, printed: Printed) -> exp.Expr:
    """``x IN (SELECT v …)`` with transform_null_in=1 (chdb: a NULL ``x`` is in a set holding NULL): an EXISTS
    that compares with IS NOT DISTINCT FROM. A multi-column subquery keeps DuckDB's plain IN."""
    if len(printed.columns) != 1:
        return exp.In(this=needle, query=exp.Subquery(this=printed.sql))
    found = exp.column(printed.columns[0][0], table="__in", quoted=True)
    rows = exp.Subquery(this=printed.sql, alias=exp.TableAlias(this=exp.to_identifier("__in", quoted=True)))
    matching = exp.select(exp.Literal.number(1)).from_(rows).where(exp.NullSafeEQ(this=found, expression=needle))
    return exp.Exists(this=matching)


def _between_sql(p: Printer, node: exp.Between, scope: Scope) -> Typed:
    subject, low, high = (p.expr(node.args[k], scope) for k in ("this", "low", "high"))
    both = exp.and_(null_safe(exp.GTE, subject, low), null_safe(exp.LTE, subject, high))
    return _bool(exp.paren(both, copy=False))


def _if_sql(p: Printer, node: exp.If, scope: Scope) -> Typed:
    args = [node.this, node.args.get("true"), node.args.get("false") or exp.null()]
    return p.call("if", args, scope)


def _case_sql(p: Printer, node: exp.Case, scope: Scope) -> Typed:
    """``CASE WHEN c THEN r … END`` is ``multiIf``. ``CASE x WHEN v THEN r … END`` is ClickHouse's
    ``caseWithExpression`` (PostHog's parser: ``_caseWithExpression``), where a NULL ``x`` matches a NULL ``v``
    (chdb): each branch is HogQL's null-safe ``equals(x, v)``."""
    subject = node.this
    args: list[exp.Expr] = []
    for branch in node.args.get("ifs") or []:
        test = branch.this if subject is None else exp.func("equals", subject.copy(), branch.this)
        args += [test, branch.args["true"]]
    return p.call("multiIf", [*args, node.args.get("default") or exp.null()], scope)


def _concat_sql(p: Printer, node: exp.DPipe, scope: Scope) -> Typed:
    """``a || b || c`` is ``concat(a, b, c)`` (PostHog's parser, visitColumnExprConcat), NULLs printed as ''."""
    return p.call("concat", _concat_parts(node), scope)


def _concat_parts(node: exp.Expr) -> list[exp.Expr]:
    if isinstance(node, exp.DPipe):
        return [*_concat_parts(node.this), *_concat_parts(node.expression)]
    return [node]


def _arrow_sql(p: Printer, node: exp.JSONExtract, scope: Scope) -> Typed:
    """``x -> body`` outside a function's arguments (sqlglot reads it as a JSON arrow, which HogQL lacks). PostHog
    prints it as is and ClickHouse refuses it with this message."""
    lambda_text = f"{node.this.sql('clickhouse')} -> {node.expression.sql('clickhouse')}"
    raise HogQLQueryError(f"Lambda {lambda_text} is not allowed in expression context")


def _interval_sql(p: Printer, node: exp.Interval, scope: Scope) -> Typed:
    unit = node.unit.name.lower() if node.unit else "second"
    name = f"toInterval{unit.rstrip('s').title()}"
    amount = node.this
    if isinstance(amount, exp.Literal) and amount.is_string:
        # INTERVAL '7' DAY: the amount is a whole number, never SQL text.
        if not re.fullmatch(r"\s*-?\d+\s*", amount.this):
            raise HogQLQueryError(f"Invalid interval amount: {amount.this!r}")
        amount = exp.Literal.number(int(amount.this))
    return p.call(name, [amount], scope)


def _array_sql(p: Printer, node: exp.Array, scope: Scope) -> Typed:
    items = [p.expr(e, scope) for e in node.expressions]
    inner = F.common([i.type for i in items], p.ctx) if items else "Nothing"
    return Typed(exp.Array(expressions=[value(i) for i in items]), f"Array({inner})")


def _tuple_sql(p: Printer, node: exp.Tuple, scope: Scope) -> Typed:
    return p.call("tuple", list(node.expressions), scope)


def _subquery_sql(p: Printer, node: exp.Subquery, scope: Scope) -> Typed:
    printed = p.subquery(node.this, scope)
    return Typed(exp.Subquery(this=printed.sql), T.nullable(printed.columns[0][1]) if printed.columns else T.NOTHING)


def _cast_int(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    # toInt64: floats truncate toward zero (3.7 → 3); text must be a whole number ('3.7' fails in both engines).
    number = exp.Anonymous(this="trunc", expressions=[value(inner)]) if T.is_numeric(inner.type) else value(inner)
    return Typed(T.cast(number, "BIGINT"), T.like_nullable("Int64", inner.type))


def _cast_float(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    return Typed(T.cast(value(inner), "DOUBLE"), T.like_nullable("Float64", inner.type))


def _cast_string(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    return Typed(F.to_string(value(inner), inner.type), T.like_nullable("String", inner.type))


def _cast_date(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    # toDate(x): strict, so text that is not a date fails (DuckDB's CAST fails as ClickHouse's toDate does).
    return Typed(T.cast(value(inner), "DATE"), T.like_nullable("Date", inner.type))


def _cast_datetime(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    # toDateTime(x, team tz): text is read strictly, as wall-clock time in the team's zone unless it names one.
    tz = p.ctx.timezone
    if T.unwrap(inner.type) != "String":
        return p.call("toDateTime", [node.this, exp.Literal.string(tz)], scope)
    text = node.this
    if isinstance(text, exp.Literal) and text.is_string:
        return Typed(D.constant_datetime(str(text.this), tz), f"DateTime('{tz}')")
    parsed = D.wall_clock(T.cast(value(inner), "TIMESTAMP"), tz)
    return Typed(parsed, T.like_nullable(f"DateTime('{tz}')", inner.type))


def _cast_bool(p: Printer, inner: Typed, node: exp.Cast, scope: Scope) -> Typed:
    # posthog/hogql/printer/base.py prints ::Bool as toBoolean(x), which ClickHouse does not have.
    raise HogQLQueryError("Function with name `toBoolean` does not exist. Maybe you meant: ['toBool']")


# posthog/hogql/printer/base.py visit_type_cast: the cast types HogQL accepts and what each prints as; any other
# (Int64, UUID, …) is "Unsupported type cast to '…'". sqlglot folds some spellings together before we see them
# (Int32 is INT like Int, Float32 is FLOAT like Float, Float64 is DOUBLE like Double), so those pass too.
_CAST_TYPES: dict[str, Callable[[Printer, Typed, exp.Cast, Scope], Typed]] = {
    "INT": _cast_int,
    **dict.fromkeys(("FLOAT", "DOUBLE"), _cast_float),
    **dict.fromkeys(("TEXT", "VARCHAR", "CHAR"), _cast_string),
    "DATE": _cast_date,
    **dict.fromkeys(("DATETIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMPLTZ"), _cast_datetime),
    "BOOLEAN": _cast_bool,
}


def _cast_sql(p: Printer, node: exp.Cast, scope: Scope) -> Typed:
    target = node.to.this.name if node.to.this else ""
    if target not in _CAST_TYPES:
        raise HogQLQueryError(f"Unsupported type cast to '{node.to.sql('clickhouse')}'")
    return _CAST_TYPES[target](p, p.expr(node.this, scope), node, scope)


def _function_sql(p: Printer, node: exp.Func, scope: Scope) -> Typed:
    if isinstance(node, exp.ParameterizedAgg | exp.CombinedParameterizedAgg):
        # sqlglot keeps ``quantile(0.9)(x)``'s parameters in ``expressions`` and its arguments in ``params``.
        return p.call(node.name, list(node.args.get("params") or []), scope, params=list(node.expressions))
    if node.name in _TYPED_BY_VALUE:
        return _TYPED_BY_VALUE[node.name](p, list(node.expressions), scope)
    return p.call(node.name, list(node.expressions), scope)


# Functions whose ClickHouse type depends on a constant argument's value, not only on argument types.
_TYPED_BY_VALUE: dict[str, Callable[[Printer, list[exp.Expr], Scope], Typed]] = {"tupleElement": _tuple_element_sql}


def _window_sql(p: Printer, node: exp.Window, scope: Scope) -> Typed:
    """``f(…) OVER (…)`` / ``OVER w``: named windows are inlined, lag/lead rewritten as PostHog prints them."""
    if node.alias and node.alias not in scope.windows:
        raise HogQLQueryError(f"Window '{node.alias}' is not defined")
    window = W.resolve_window(node, scope.windows)
    call = window.this
    if not isinstance(call, exp.Anonymous | exp.AnonymousAggFunc):
        raise HogQLNotImplemented(f"hogmock does not support this window function yet: {call.sql('clickhouse')}")
    typed = p.call(call.name, list(call.expressions), scope)
    target = W.over_target(typed.sql)
    if target is None:
        raise HogQLQueryError(f"Function '{call.name}' can not be used as a window function")
    over = exp.Window(this=target.copy(), **_over_clause(p, window, scope))
    if target is typed.sql:
        return Typed(over, typed.type)
    target.replace(over)
    return Typed(typed.sql, typed.type)


def _over_clause(p: Printer, window: exp.Window, scope: Scope) -> dict[str, Any]:
    partition = [value(p.expr(e, scope)) for e in window.args.get("partition_by") or []]
    order = window.args.get("order")
    spec = window.args.get("spec")
    return {
        "partition_by": partition or None,
        "order": exp.Order(expressions=[ordered(p, o, scope) for o in order.expressions]) if order else None,
        "spec": _frame(spec) if spec is not None else None,
    }


def _frame(spec: exp.WindowSpec) -> exp.WindowSpec:
    """A frame's bounds are words or constant numbers only (HogQL's grammar: winFrameBound)."""
    for key in ("start", "end"):
        bound = spec.args.get(key)
        if isinstance(bound, exp.Expr) and not (isinstance(bound, exp.Literal) and bound.this.isdigit()):
            raise HogQLQueryError("Window frame bounds must be constant numbers")
    return spec.copy()


def _lambda_sql(p: Printer, node: exp.Lambda, scope: Scope) -> Typed:
    """``x -> body`` inside ``arrayMap(x -> body, arr)``: each parameter stands for an element of the call's
    array arguments, in order. Parameters resolve as single-name fields that shadow columns and aliases (bound
    in a copy of the scope's aliases), under generated names, so user text never names a DuckDB variable.
    The Typed's type is the body's; the body is a value (UInt8, not BOOLEAN) that array functions reshape."""
    params = [e.name for e in node.expressions]
    bound = _lambda_params(p, node, params, scope)
    body = _unwrap_lambda_identifiers(node.this.copy(), set(params))
    typed = p.expr(body, replace(scope, aliases={**scope.aliases, **dict(bound)}))
    names = [exp.to_identifier(variable.sql.name) for _, variable in bound]
    return Typed(exp.Lambda(this=value(typed), expressions=names), typed.type)


def _lambda_params(p: Printer, node: exp.Lambda, params: list[str], scope: Scope) -> list[tuple[str, Typed]]:
    """Each parameter with the DuckDB lambda variable it stands for, typed as an element of its array argument."""
    call = node.parent
    arrays = [p.expr(a, scope).type for a in call.expressions if a is not node] if call else []
    if len(params) > len(arrays):
        raise HogQLQueryError(f"Lambda has {len(params)} arguments but is applied to {len(arrays)} arrays")
    names = [f"_l{len(scope.aliases)}_{i}" for i in range(len(params))]
    return [
        (param, Typed(exp.column(name), F.array_element([ch_type], p.ctx)))
        for param, name, ch_type in zip(params, names, arrays, strict=False)
    ]


def _unwrap_lambda_identifiers(body: exp.Expr, params: set[str]) -> exp.Expr:
    """sqlglot turns the parameters in a lambda body into bare identifiers; make them fields again."""
    if isinstance(body, exp.Identifier):
        return exp.Column(this=body)
    for ident in list(body.find_all(exp.Identifier)):
        if ident.name in params and not isinstance(ident.parent, exp.Column | exp.Alias | exp.TableAlias | exp.Table):
            ident.replace(exp.Column(this=ident.copy()))
    return body


def _datetime_constant_sql(p: Printer, node: DateTimeConstant, scope: Scope) -> Typed:
    """A datetime constant from ``{filters}``: wall-clock time in the team's timezone, ``DateTime64(6, tz)``."""
    return Typed(T.cast(node.this.copy(), "TIMESTAMP"), T.datetime_type(p.ctx.timezone, 6))


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
    Grouped: _paren_sql,  # the parentheses a placeholder's substitution adds
    exp.Column: _field_sql,
    exp.Dot: _dot_sql,
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
    exp.DPipe: _concat_sql,
    exp.JSONExtract: _arrow_sql,
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
    exp.Lambda: _lambda_sql,
    exp.Window: _window_sql,
    exp.RegexpLike: _regex_sql,
    exp.RegexpILike: _regex_sql,
    RegexMatch: _regex_sql,  # a property filter's match(s, pattern), which is =~
    exp.Coalesce: _nullish_sql,
    DateTimeConstant: _datetime_constant_sql,
}


def _distinct(sql: exp.Expr) -> exp.Expr:
    """``f(DISTINCT x)`` for any aggregation (PostHog prints the DISTINCT, ClickHouse applies its ``-Distinct``
    combinator: ``sum(DISTINCT x)`` is ``sumDistinct``): DISTINCT on the first argument of each outermost DuckDB
    aggregate of the rendering (inside its FILTER, for the ``If`` combinator)."""
    for found in outermost_aggregates(sql):
        target = found.this if isinstance(found, exp.Filter) else found
        key = "this" if isinstance(target, exp.AggFunc) else "expressions"
        first = target.this if key == "this" else (target.expressions or [None])[0]
        if isinstance(first, exp.Expr) and not isinstance(first, exp.Distinct):
            first.replace(exp.Distinct(expressions=[first.copy()]))
    return sql


_COUNT = F.lookup("count")  # count(*) and count(DISTINCT a, b) print as DuckDB's own COUNT


def _is_star_or_distinct(args: list[exp.Expr]) -> bool:
    return len(args) == 1 and isinstance(args[0], exp.Star | exp.Distinct)


def _unpacked(args: list[exp.Expr], function: F.Function) -> tuple[list[exp.Expr], bool]:
    """The call's arguments, and whether they were written ``f(DISTINCT …)``, which only an aggregation takes;
    ``f(*)`` is count's alone."""
    if not _is_star_or_distinct(args):
        return args, False
    if isinstance(args[0], exp.Distinct) and function.aggregate:
        return list(args[0].expressions), True
    raise HogQLQueryError(f"{args[0].sql()} is only allowed in count() or an aggregation")


def _returns(function: F.Function, rendered: list[exp.Expr], types: list[str], ctx: TranslationContext) -> str:
    """The call's ClickHouse type: from the rendered arguments when it depends on a constant's value."""
    if function.returns_for is not None:
        return function.returns_for(rendered, types, ctx)
    return function.returns(types, ctx)


class Printer:
    """Translates one query; holds the context every transform needs."""

    def __init__(self, ctx: TranslationContext) -> None:
        self.ctx = ctx

    def expr(self, node: exp.Expr, scope: Scope) -> Typed:
        transform = TRANSFORMS.get(type(node))
        if transform is None:
            raise HogQLNotImplemented(f"hogmock does not support this HogQL construct yet: {node.sql('clickhouse')}")
        return transform(self, node, scope)

    def call(self, name: str, args: list[exp.Expr], scope: Scope, params: list[exp.Expr] | None = None) -> Typed:
        function = F.lookup(name)
        if function is _COUNT and _is_star_or_distinct(args):
            return self._special_count(args[0], scope)
        args, distinct = _unpacked(args, function)
        F.check_arity(name, function, len(args))
        render = F.parametrized(name, function, params)
        typed = [self.expr(a, scope) for a in args]
        rendered = [condition(t) if function.is_condition(i, len(typed)) else value(t) for i, t in enumerate(typed)]
        types = [t.type for t in typed]
        returns = _returns(function, rendered, types, self.ctx)
        sql = render(rendered, types, self.ctx)
        sql = _distinct(sql) if distinct else sql
        return Typed(sql, sql.meta.pop("ch_type", returns), boolean=function.boolean)

    def _special_count(self, arg: exp.Expr, scope: Scope) -> Typed:
        if isinstance(arg, exp.Star):
            return Typed(exp.Count(this=exp.Star()), "UInt64")
        inner = [value(self.expr(e, scope)) for e in arg.expressions]
        return Typed(exp.Count(this=exp.Distinct(expressions=inner)), "UInt64")

    def subquery(self, node: exp.Expr, scope: Scope) -> Printed:
        return self.query(node, scope.child(), top=False)

    def query(self, node: exp.Expr, scope: Scope, top: bool) -> Printed:
        return print_query(self, node, scope, top)
