"""Translation of SELECT queries and set operations: FROM and JOIN sources, clauses, output columns, LIMIT.

Every clause the translator accepts is listed in ``CLAUSES``; a query using any other clause is refused
with a message that names it. PostHog's LIMIT rules (``posthog/hogql/constants.py``,
``posthog/hogql/printer/base.py``): a top-level SELECT without LIMIT gets the paginator's
``LIMIT default+1 OFFSET 0``; an explicit top-level LIMIT is capped at the maximum; each branch of a
top-level set operation without LIMIT gets the default limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError, HogQLSyntaxError
from mock_server.hogql import functions as F
from mock_server.hogql import schema as S
from mock_server.hogql import types as T
from mock_server.hogql.functions.core import default_value
from mock_server.hogql.names import column_name
from mock_server.hogql.resolver import Scope, Source
from mock_server.hogql.types import Printed, Typed, condition, value

if TYPE_CHECKING:
    from mock_server.hogql.printer import Printer

_SET_OPERATIONS = (exp.Union, exp.Intersect, exp.Except)
_SELECT_KEYS = {
    "expressions",
    "from_",
    "joins",
    "where",
    "group",
    "having",
    "order",
    "limit",
    "offset",
    "distinct",
    "with_",
    "windows",
}


def print_query(p: Printer, node: exp.Expr, scope: Scope, top: bool) -> Printed:
    """Translate a SELECT, a set operation, or a parenthesised query."""
    if isinstance(node, exp.Subquery):
        return print_query(p, node.this, scope, top)
    if isinstance(node, _SET_OPERATIONS):
        return _set_operation(p, node, scope, top)
    if isinstance(node, exp.Select):
        return _select(p, node, scope, top)
    raise HogQLNotImplemented(f"hogmock does not support this query form yet: {node.key}")


def _set_operation(p: Printer, node: exp.SetOperation, scope: Scope, top: bool) -> Printed:
    _with(p, node, scope)
    left = print_query(p, _branch(node.this, top, p), scope.child(), top)
    right = print_query(p, _branch(node.expression, top, p), scope.child(), top)
    sql = type(node)(this=left.sql, expression=right.sql, distinct=node.args.get("distinct"))
    # A set operation's column has the branches' common type (NULL in one branch makes it Nullable).
    pairs = zip(left.columns, right.columns, strict=False)
    left = Printed(left.sql, [(name, F.common([a, b], p.ctx)) for (name, a), (_, b) in pairs])
    outer = Scope(p.ctx, ctes=scope.ctes)
    outer.sources["__set"] = Source("__set", columns=dict(left.columns))
    _modifiers(p, node, sql, outer, top=False)
    return Printed(sql, left.columns)


def _branch(node: exp.Expr, top: bool, p: Printer) -> exp.Expr:
    """A top-level set operation's branch without LIMIT gets the default limit (PostHog's printer)."""
    if top and isinstance(node, exp.Select) and node.args.get("limit") is None:
        return node.limit(p.ctx.default_limit, copy=True)
    return node


def _select(p: Printer, node: exp.Select, scope: Scope, top: bool) -> Printed:
    unknown = sorted(k for k, v in node.args.items() if v not in (None, [], False) and k not in _SELECT_KEYS)
    if unknown:
        raise HogQLNotImplemented(f"hogmock does not support {', '.join(unknown).upper()} in SELECT yet")
    _with(p, node, scope)
    out = exp.Select()
    scope.windows = {w.name: w for w in node.args.get("windows") or []}
    defaulted = _from(p, node, out, scope)
    columns = _columns(p, node, out, scope)
    _clauses(p, node, out, scope)
    _modifiers(p, node, out, scope, top)
    _limit_by(p, node, out, scope)
    _join_defaults(out, scope, defaulted)
    for join in scope.lazy_joins.values():
        out.append("joins", join)
    return Printed(out, columns)


def _with(p: Printer, node: exp.Expr, scope: Scope) -> None:
    for cte in (node.args.get("with_") or exp.With()).expressions:
        printed = p.subquery(cte.this, scope)
        scope.ctes[cte.alias] = Source(cte.alias, columns=dict(printed.columns), query=printed.sql)


def _from(p: Printer, node: exp.Select, out: exp.Select, scope: Scope) -> set[str]:
    """Translate FROM and JOINs; return the sources an outer join may leave without a row."""
    source = node.args.get("from_")
    if source is None:
        return set()
    out.set("from_", exp.From(this=_source(p, source.this, scope)))
    joins = [j for j in node.args.get("joins") or [] if j.kind != "ARRAY"]
    printed = []
    for join in joins:
        before = list(scope.sources)
        printed.append((join, _source(p, join.this, scope), before))
    for join, table, _ in printed:
        out.append("joins", _join(p, join, table, scope))
    for index, join in enumerate(j for j in node.args.get("joins") or [] if j.kind == "ARRAY"):
        out.append("joins", _array_join(p, join, scope, f"__array_join_{index}"))
    return {name for join, _, before in printed for name in _outer_side(join, before, scope)}


# Which sources an outer join may leave without a row: (this join's source, the sources before it).
_OUTER_SIDES: dict[str, Callable[[list[str], list[str]], list[str]]] = {
    "LEFT": lambda joined, before: joined,
    "RIGHT": lambda joined, before: before,
    "FULL": lambda joined, before: joined + before,
}


def _outer_side(join: exp.Join, before: list[str], scope: Scope) -> list[str]:
    joined = list(scope.sources)[len(before) : len(before) + 1]  # the one source this join added
    side = _OUTER_SIDES.get((join.args.get("side") or "").upper())
    return side(joined, before) if side else []


# The clauses that read the joined row (not ON, which sees only matching rows).
_DEFAULTED_CLAUSES = ("expressions", "where", "group", "having", "order", "qualify")


def _join_defaults(out: exp.Select, scope: Scope, names: set[str]) -> None:
    """ClickHouse runs HogQL with ``join_use_nulls=0``: a row an outer join did not match reads the type's default
    (0, '', 1970-01-01), not NULL, from a non-Nullable column (hogql.md §1.2); Nullable columns stay NULL."""
    types = {name: _column_types(scope.sources[name]) for name in names}
    for key in _DEFAULTED_CLAUSES:
        clauses = out.args.get(key)
        for clause in clauses if isinstance(clauses, list) else [clauses] if clauses is not None else []:
            for column in [c for c in clause.find_all(exp.Column) if c.table in types and _reads(out, c)]:
                ch_type = types[column.table].get(column.name)
                if ch_type is not None and not T.is_nullable(ch_type):
                    column.replace(exp.func("coalesce", column.copy(), _default(ch_type)))


def _column_types(source: Source) -> dict[str, str]:
    if source.table is None:
        return dict(source.columns or {})
    # A JSON column stays NULL: property access gives NULL on '' as on NULL.
    types = {f.column: "DateTime" for f in source.table.fields.values() if isinstance(f, S.DateTimeColumn)}
    return types | {f.column: f.ch_type for f in source.table.fields.values() if isinstance(f, S.Column)}


def _default(ch_type: str) -> exp.Expr:
    return exp.false() if T.unwrap(ch_type) == "Bool" else default_value(ch_type)


def _reads(out: exp.Select, column: exp.Column) -> bool:
    """The column belongs to this SELECT, not to a subquery inside one of its expressions."""
    return column.find_ancestor(exp.Subquery, exp.Select) is out


def _array_join(p: Printer, join: exp.Join, scope: Scope, name: str) -> exp.Join:
    """``[LEFT] ARRAY JOIN a AS x, b AS y`` → a lateral ``unnest`` of the arrays side by side (zipped, as
    ClickHouse does). Each name then means the element; ``LEFT`` keeps rows with an empty array, with the
    element type's default (ClickHouse's ``join_use_nulls=0``)."""
    items = [join.this, *join.expressions]
    unnested = [_unnest_item(p, item, join.side == "LEFT", scope, name, index) for index, item in enumerate(items)]
    lateral = exp.Lateral(
        this=exp.Subquery(this=exp.select(*unnested)), alias=exp.TableAlias(this=exp.to_identifier(name, quoted=True))
    )
    if join.side == "LEFT":
        return exp.Join(this=lateral, side="LEFT", on=exp.true())
    return exp.Join(this=lateral, kind="CROSS")


def _unnest_item(p: Printer, item: exp.Expr, left: bool, scope: Scope, name: str, index: int) -> exp.Expr:
    """One ``array AS x`` of an ARRAY JOIN: its ``unnest`` column, with ``x`` bound to the element in ``scope``."""
    target = item.this if isinstance(item, exp.Alias) else item
    alias = item.alias if isinstance(item, exp.Alias) else target.name
    typed = p.expr(target, scope)
    if not T.unwrap(typed.type).startswith("Array("):
        raise HogQLQueryError(f"ARRAY JOIN requires an array, got {typed.type}")
    element = T.unwrap(typed.type)[len("Array(") : -1]
    column = f"e{index}"
    sql: exp.Expr = exp.column(column, table=name, quoted=True)
    if left and not T.is_nullable(element):
        sql = exp.func("coalesce", sql, default_value(element))
    scope.aliases[alias] = Typed(sql, element)
    return exp.alias_(exp.Unnest(expressions=[value(typed)]), column, quoted=True)


def _source(p: Printer, node: exp.Expr, scope: Scope) -> exp.Expr:
    """Register one FROM/JOIN item in ``scope`` and return its DuckDB form."""
    alias = node.alias or None
    if isinstance(node, exp.Subquery):
        printed = p.subquery(node.this, scope)
        name = alias or f"__subquery_{len(scope.sources)}"
        scope.add_source(name, Source(name, columns=dict(printed.columns)))
        return exp.Subquery(this=printed.sql, alias=exp.TableAlias(this=exp.to_identifier(name, quoted=True)))
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
        return _table_function(p, node, alias, scope)
    if isinstance(node, exp.Table):
        return _table(node, alias, scope)
    raise HogQLNotImplemented(f"hogmock does not support this FROM item yet: {node.sql('clickhouse')}")


def _table(node: exp.Table, alias: str | None, scope: Scope) -> exp.Expr:
    name = ".".join(part.name for part in node.parts)
    cte = scope.ctes.get(name)
    source_name = alias or name
    if cte is not None and cte.query is not None:
        scope.add_source(source_name, Source(source_name, columns=cte.columns))
        return exp.Subquery(
            this=cte.query.copy(), alias=exp.TableAlias(this=exp.to_identifier(source_name, quoted=True))
        )
    table = S.TABLES.get(name)
    if table is None:
        raise HogQLQueryError(f"Unknown table `{name}`.")
    scope.add_source(source_name, Source(source_name, table))
    return exp.Table(
        this=exp.to_identifier(table.source, quoted=True),
        alias=exp.TableAlias(this=exp.to_identifier(source_name, quoted=True)),
    )


def _table_function(p: Printer, node: exp.Table, alias: str | None, scope: Scope) -> exp.Expr:
    call = node.this
    if call.name != "numbers":
        if call.name in S.TABLES:
            raise HogQLQueryError(f"Table '{call.name}' does not accept arguments")
        raise HogQLQueryError(f"Unknown table `{call.name}`.")
    bounds = _numbers_bounds(p, call.expressions, scope)
    name = alias or "numbers"
    scope.add_source(name, Source(name, columns={"number": "UInt64"}))
    series = exp.select(exp.alias_(T.cast(exp.column("range"), "UBIGINT"), "number", quoted=True)).from_(
        exp.Anonymous(this="range", expressions=bounds)
    )
    return exp.Subquery(this=series, alias=exp.TableAlias(this=exp.to_identifier(name, quoted=True)))


def _numbers_bounds(p: Printer, args: list[exp.Expr], scope: Scope) -> list[exp.Expr]:
    """``numbers(n)`` is 0..n-1 and ``numbers(a, n)`` is a..a+n-1 (``posthog/hogql/database/schema/numbers.py``)."""
    if not args:
        raise HogQLQueryError("Table function 'numbers' requires arguments")
    if len(args) > 2:
        raise HogQLQueryError("Table function 'numbers' requires at most 2 arguments")
    values = [p.expr(a, scope).sql for a in args]
    return values if len(values) == 1 else [values[0], exp.Add(this=values[0].copy(), expression=values[1])]


_JOIN_KINDS = {"", "INNER", "OUTER", "CROSS"}
_JOIN_SIDES = {"", "LEFT", "RIGHT", "FULL"}


def _join(p: Printer, join: exp.Join, table: exp.Expr, scope: Scope) -> exp.Join:
    kind, side = (join.args.get("kind") or "").upper(), (join.args.get("side") or "").upper()
    if kind not in _JOIN_KINDS or side not in _JOIN_SIDES or join.args.get("strictness"):
        raise HogQLNotImplemented(f"hogmock does not support {join.sql('clickhouse').split(' JOIN')[0]} JOIN yet")
    out = exp.Join(this=table, kind=kind or None, side=side or None)
    if join.args.get("on") is not None:
        out.set("on", condition(p.expr(join.args["on"], scope)))
    using = join.args.get("using")
    if using:
        out.set("using", [exp.to_identifier(_using_name(u.name, scope), quoted=True) for u in using])
    return out


def _using_name(name: str, scope: Scope) -> str:
    """A ``USING`` name reaches DuckDB as a column name, so it must be a plain column of both joined sides."""
    holders = [source for source in scope.sources.values() if source.has(name)]
    if len(holders) < 2 or not all(_plain_column(source, name) for source in holders):
        raise HogQLQueryError(f"Unable to resolve field: {name}")
    return name


def _plain_column(source: Source, name: str) -> bool:
    if source.table is None:
        return True  # a subquery's columns are aliased with their HogQL names
    found = source.table.fields[name]
    return isinstance(found, S.Column) and found.column == name


def _columns(p: Printer, node: exp.Select, out: exp.Select, scope: Scope) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    for item in node.expressions:
        for name, typed in _expand(p, item, scope):
            out.append("expressions", exp.alias_(value(typed), name, quoted=True))
            columns.append((name, typed.type))
    return columns


def _expand(p: Printer, item: exp.Expr, scope: Scope) -> list[tuple[str, Typed]]:
    """One select item as (column name, typed expression) pairs; ``*`` gives several."""
    if isinstance(item, exp.Star) or (isinstance(item, exp.Column) and isinstance(item.this, exp.Star)):
        return _star(item, scope)
    typed = p.expr(item, scope)
    return [(column_name(item, typed.name), typed)]


def _star(item: exp.Expr, scope: Scope) -> list[tuple[str, Typed]]:
    prefix = item.table if isinstance(item, exp.Column) else ""
    if prefix and prefix not in scope.sources:
        raise HogQLQueryError(f"Unable to resolve field: {prefix}.*")
    sources = [scope.sources[prefix]] if prefix else list(scope.sources.values())
    if not sources:
        raise HogQLQueryError("Cannot use '*' when there are no tables in the query")
    if len(sources) > 1:
        raise HogQLQueryError("Cannot use '*' without table name when there are multiple tables in the query")
    source = sources[0]
    names = source.table.star if source.table else tuple(source.columns or {})
    return [(name, scope.in_source(source, [name])) for name in names]


def _clauses(p: Printer, node: exp.Select, out: exp.Select, scope: Scope) -> None:
    for key, build in _CONDITIONS.items():
        clause = node.args.get(key)
        if clause is not None:
            out.set(key, build(condition(p.expr(clause.this, scope))))
    group = node.args.get("group")
    for key, name in _GROUP_MODIFIERS.items():
        if group is not None and (group.args.get(key) or any(e.key == key for e in group.expressions)):
            raise HogQLNotImplemented(f"hogmock does not support {name} yet")
    if group is not None:
        out.set("group", exp.Group(expressions=[value(p.expr(e, scope)) for e in group.expressions]))
    if node.args.get("distinct") is not None:
        if node.args["distinct"].args.get("on") is not None:
            # HogQL's grammar has SELECT DISTINCT only (posthog/hogql/grammar/HogQLParser.g4 selectStmt).
            raise HogQLSyntaxError("mismatched input 'ON' expecting an expression: DISTINCT ON is not HogQL")
        out.set("distinct", exp.Distinct())


# ClickHouse's GROUP BY modifiers, which DuckDB spells differently or lacks (WITH TOTALS).
_GROUP_MODIFIERS = {"rollup": "ROLLUP", "cube": "CUBE", "grouping_sets": "GROUPING SETS", "totals": "WITH TOTALS"}

_CONDITIONS: dict[str, Callable[[exp.Expr], exp.Expr]] = {
    "where": lambda c: exp.Where(this=c),
    "having": lambda c: exp.Having(this=c),
}


def _modifiers(p: Printer, node: exp.Expr, out: exp.Expr, scope: Scope, top: bool) -> None:
    """ORDER BY, LIMIT and OFFSET, with PostHog's default and maximum limits at the top level."""
    order = node.args.get("order")
    if order is not None:
        out.set("order", exp.Order(expressions=[ordered(p, o, scope) for o in order.expressions]))
    limit = None if _offset_by(node) else _limit_value(node.args.get("limit"))
    if top and limit is None and isinstance(node, exp.Select):
        limit, offset = p.ctx.default_limit + 1, 0
        out.set("offset", exp.Offset(expression=exp.Literal.number(offset)))
    elif top and limit is not None:
        limit = min(limit, p.ctx.max_limit)
    if limit is not None:
        out.set("limit", exp.Limit(expression=exp.Literal.number(limit)))
    offset_node = node.args.get("offset")
    if offset_node is not None and not offset_node.expressions:
        out.set("offset", exp.Offset(expression=exp.Literal.number(_constant(offset_node.expression, "OFFSET"))))


def _limit_value(limit: exp.Expr | None) -> int | None:
    if limit is None or limit.args.get("expressions"):
        return None
    return _constant(limit.expression, "LIMIT")


def has_limit(node: exp.Expr) -> bool:
    """Whether a SELECT has its own LIMIT. ``LIMIT n [OFFSET m] BY x`` alone limits rows per group only, so the
    paginator's LIMIT still applies to it (posthog/hogql/printer/base.py prints both)."""
    limit = node.args.get("limit")
    return limit is not None and not limit.args.get("expressions") and _offset_by(node) is None


def _offset_by(node: exp.Expr) -> exp.Offset | None:
    """sqlglot reads ``LIMIT n OFFSET m BY cols`` as an OFFSET that carries the BY columns."""
    offset = node.args.get("offset")
    return offset if offset is not None and offset.expressions else None


def _limit_by(p: Printer, node: exp.Expr, out: exp.Select, scope: Scope) -> None:
    """``LIMIT n [OFFSET m] BY cols`` and ``LIMIT n WITH TIES``, which DuckDB lacks, as a ``QUALIFY``."""
    limit, offset = node.args.get("limit"), _offset_by(node)
    by = (limit.args.get("expressions") if limit is not None else None) or (offset.expressions if offset else None)
    if limit is not None and by:
        out.set("qualify", _limit_by_qualify(p, limit, offset, by, out, scope))
    elif limit is not None and (limit.args.get("limit_options") or exp.LimitOptions()).args.get("with_ties"):
        out.set("qualify", _with_ties_qualify(limit, out))
        out.set("limit", None)


def _limit_by_qualify(
    p: Printer, limit: exp.Limit, offset: exp.Offset | None, by: list[exp.Expr], out: exp.Select, scope: Scope
) -> exp.Qualify:
    """``LIMIT n [OFFSET m] BY cols``: rows m+1..m+n of each group by ``row_number()``, in the query's ORDER BY."""
    keys = [value(p.expr(e, scope)) for e in by]
    order = out.args.get("order")
    number = exp.Window(this=exp.func("row_number"), partition_by=keys, order=order.copy() if order else None)
    skip = _constant(offset.expression, "OFFSET") if offset is not None else 0
    count = _constant(limit.expression, "LIMIT")
    return exp.Qualify(
        this=exp.and_(
            exp.GT(this=number, expression=exp.Literal.number(skip)),
            exp.LTE(this=number.copy(), expression=exp.Literal.number(skip + count)),
        )
    )


def _with_ties_qualify(limit: exp.Limit, out: exp.Select) -> exp.Qualify:
    """``LIMIT n WITH TIES``: ``rank() <= n`` over the ORDER BY, so rows tied with the n-th stay."""
    order = out.args.get("order")
    if order is None:
        raise HogQLQueryError("Can not use WITH TIES without ORDER BY")
    ranked = exp.Window(this=exp.func("rank"), order=order.copy())
    return exp.Qualify(this=exp.LTE(this=ranked, expression=exp.Literal.number(_constant(limit.expression, "LIMIT"))))


def _constant(node: exp.Expr, clause: str) -> int:
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        return int(node.this)
    raise HogQLNotImplemented(f"hogmock supports only a constant {clause} yet")


def ordered(p: Printer, node: exp.Ordered, scope: Scope) -> exp.Ordered:
    """One ORDER BY item (also used inside OVER (…))."""
    typed = p.expr(node.this, scope)
    # ClickHouse sorts NULLs last in both directions unless told otherwise.
    nulls_first = bool(node.args.get("nulls_first")) and node.args.get("nulls_first") is not None
    return exp.Ordered(this=value(typed), desc=bool(node.args.get("desc")), nulls_first=nulls_first)


Builder = Callable[..., Any]
