"""Name resolution over PostHog's virtual schema: scopes, field chains, properties and lazy joins.

A field chain is what HogQL writes with dots and brackets (``person.properties.$browser``,
``properties['a'][1]``). The resolver walks it through the FROM sources of the current SELECT: stored
columns, JSON property access, virtual tables, and lazy joins, which it adds to the SELECT on first use
as PostHog's ``LazyJoin`` does (``posthog/hogql/database/models.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import schema as S
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.property_types import typed_property
from mock_server.hogql.types import Typed

Chain = list[str | int]


@dataclass
class Source:
    """One FROM item: a schema table, or a subquery/CTE with known output columns."""

    alias: str
    table: S.Table | None = None
    columns: dict[str, str] | None = None
    query: exp.Expr | None = None  # a CTE's translated query, copied into each FROM that names it
    group_scope: str | None = None  # "group_<n>" when joined as events.group_<n>: whose property types apply

    def has(self, name: str) -> bool:
        return name in (self.table.fields if self.table else self.columns or {})


@dataclass
class Scope:
    """The names one SELECT can see: its sources, its select aliases, the CTEs, its lazy joins and named windows."""

    ctx: TranslationContext
    ctes: dict[str, Source] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    aliases: dict[str, Typed] = field(default_factory=dict)
    lazy_joins: dict[str, exp.Join] = field(default_factory=dict)
    windows: dict[str, exp.Window] = field(default_factory=dict)  # the SELECT's WINDOW clause, by name

    def child(self) -> Scope:
        """A scope for a nested query: it sees the CTEs, not this query's sources."""
        return Scope(self.ctx, ctes=dict(self.ctes))

    def add_source(self, name: str, source: Source) -> None:
        if name in self.sources:
            raise HogQLQueryError(f'Already have joined a table called "{name}". Can\'t redefine.')
        self.sources[name] = source

    def resolve(self, chain: Chain) -> Typed:
        head = str(chain[0])
        if len(chain) == 1 and head in self.aliases:
            alias = self.aliases[head]
            return Typed(alias.sql.copy(), alias.type, alias.boolean, name=head)
        if head in self.sources and len(chain) > 1:
            return self.in_source(self.sources[head], chain[1:])
        return self.in_source(self._source_with(head, chain), chain)

    def type_of(self, chain: Chain) -> str | None:
        """The ClickHouse type ``chain`` resolves to, or None when it does not resolve. A probe: the lazy joins the
        chain goes through are added to a throwaway copy of the table, so only a chain the query uses adds a join."""
        try:
            return replace(self, lazy_joins=dict(self.lazy_joins)).resolve(chain).type
        except HogQLQueryError:
            return None

    def _source_with(self, name: str, chain: Chain) -> Source:
        found = [s for s in self.sources.values() if s.has(name)]
        if len(found) > 1:
            raise HogQLQueryError(f"Ambiguous query. Found multiple sources for field: {name}")
        if not found:
            raise HogQLQueryError(f"Unable to resolve field: {_dotted(chain)}")
        return found[0]

    def in_source(self, source: Source, rest: Chain) -> Typed:
        if source.table is None:
            return _subquery_column(source, rest)
        name = str(rest[0])
        found = source.table.fields.get(name)
        if found is None:
            raise HogQLQueryError(f"Field not found: {name}")
        return FIELD_RESOLVERS[type(found)](self, source, found, rest)

    def lazy_join(self, source: Source, name: str, join: S.LazyJoin) -> Source:
        alias = f"{source.alias}__{name}"
        if alias not in self.lazy_joins:
            self.lazy_joins[alias] = _join_sql(source.alias, alias, join)
        index = join.extra.get("index")
        return Source(alias, S.TABLES[join.table], group_scope=None if index is None else f"group_{index}")


def _dotted(chain: Chain) -> str:
    return ".".join(str(part) for part in chain)


def _subquery_column(source: Source, rest: Chain) -> Typed:
    name = str(rest[0])
    columns = source.columns or {}
    if name not in columns:
        raise HogQLQueryError(f"Field not found: {name}")
    if len(rest) > 1:
        raise HogQLQueryError(f"Can not access property {_dotted(rest[1:])} on field {name}")
    return Typed(exp.column(name, table=source.alias, quoted=True), columns[name], name=name)


def _join_sql(from_alias: str, alias: str, join: S.LazyJoin) -> exp.Join:
    target = S.TABLES[join.table]
    table = exp.Table(
        this=exp.to_identifier(target.source, quoted=True),
        alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True)),
    )
    return exp.Join(
        this=table,
        side=join.kind if join.kind != "INNER" else None,
        kind="INNER" if join.kind == "INNER" else None,
        on=_join_condition(from_alias, alias, join),
    )


def _join_condition(from_alias: str, alias: str, join: S.LazyJoin) -> exp.Expr:
    """The join's key equality, and each of its fixed column values (a group join's ``index``)."""
    condition: exp.Expr = exp.EQ(
        this=exp.column(join.to_column, table=alias, quoted=True),
        expression=exp.column(join.from_column, table=from_alias, quoted=True),
    )
    for column, value in join.extra.items():
        condition = exp.and_(
            condition, exp.EQ(this=exp.column(column, table=alias, quoted=True), expression=_lit(value))
        )
    return condition


def _lit(value: object) -> exp.Expr:
    return exp.Literal.number(value) if isinstance(value, int) else exp.Literal.string(str(value))


def _no_more(rest: Chain) -> None:
    if len(rest) > 1:
        raise HogQLQueryError(f"Can not access property {_dotted(rest[1:])} on field {rest[0]}")


def _column(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    _no_more(rest)
    return Typed(exp.column(found.column, table=source.alias, quoted=True), found.ch_type, name=str(rest[0]))


def _datetime(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    _no_more(rest)
    column: exp.Expr = exp.column(found.column, table=source.alias, quoted=True)
    ch_type = T.datetime_type(scope.ctx.timezone, found.precision)
    return Typed(in_timezone(column, scope.ctx.timezone), ch_type, name=str(rest[0]))


def in_timezone(utc: exp.Expr, timezone: str) -> exp.Expr:
    """A naive UTC timestamp as wall-clock time in ``timezone``, as ``toTimeZone`` shows it."""
    if timezone == "UTC":
        return utc
    aware = exp.AtTimeZone(this=utc, zone=exp.Literal.string("UTC"))
    return exp.Anonymous(this="timezone", expressions=[exp.Literal.string(timezone), aware])


def _json(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    column = exp.column(found.column, table=source.alias, quoted=True)
    if len(rest) == 1:
        return Typed(column, "String", name=str(rest[0]))
    # The resolver names a property column by its path (posthog/hogql/resolver.py visit_field).
    alias = "__".join(str(part) for part in rest[1:])
    text = property_access(column, rest[1:])
    if len(rest) == 2:  # PropertySwapper casts single-key access only (posthog/hogql/transforms/property_types.py)
        kind = source.group_scope if found.scope == "group" else found.scope
        return typed_property(text, kind, str(rest[1]), scope.ctx)
    return Typed(text, "Nullable(String)", name=alias)


def property_access(column: exp.Expr, path: Chain) -> exp.Expr:
    """``properties.a.b[1]``: the JSON value as text, strings unquoted, missing or null as NULL."""
    return raw_json_text(column, exp.Literal.string(json_pointer(path)))


def raw_json_text(column: exp.Expr, path: exp.Expr) -> exp.Expr:
    """PostHog's property wrapper, ``replaceRegexpAll(nullIf(nullIf(JSONExtractRaw(...), ''), 'null'), '^"|"$', '')``
    (``posthog/hogql/printer.py``): the raw JSON text with only the outer quotes trimmed, so escapes inside
    strings stay as ClickHouse shows them. DuckDB's ``json_extract`` gives the raw text (NULL when missing)."""
    raw = exp.cast(exp.Anonymous(this="json_extract", expressions=[column, path]), "VARCHAR")
    present = exp.Anonymous(this="nullif", expressions=[raw, exp.Literal.string("null")])
    quotes = [exp.Literal.string('^"|"$'), exp.Literal.string(""), exp.Literal.string("g")]
    return exp.Anonymous(this="regexp_replace", expressions=[present, *quotes])


def json_pointer(path: Chain) -> str:
    """RFC 6901 pointer; HogQL's 1-based array indexes become 0-based."""
    return "".join("/" + _pointer_part(part) for part in path)


def _pointer_part(part: str | int) -> str:
    if isinstance(part, int):
        if part == 0:
            raise HogQLQueryError("SQL indexes start from one, not from zero. E.g: array[1]")
        return str(part - 1) if part > 0 else str(part)
    return part.replace("~", "~0").replace("/", "~1")


def _lazy(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    if len(rest) == 1:
        raise HogQLQueryError(f"Can't select a table: {rest[0]}. Select a field of it, e.g. {rest[0]}.id")
    return scope.in_source(scope.lazy_join(source, str(rest[0]), found), rest[1:])


def _virtual(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    if len(rest) == 1:
        raise HogQLQueryError(f"Can't select a table: {rest[0]}. Select a field of it, e.g. {rest[0]}.id")
    inner = found.fields.get(str(rest[1]))
    if inner is None:
        raise HogQLQueryError(f"Field not found: {rest[1]}")
    return FIELD_RESOLVERS[type(inner)](scope, source, inner, rest[1:])


def _expression(scope: Scope, source: Source, found: Any, rest: Chain) -> Typed:
    _no_more(rest)
    return Typed(found.build(source.alias), found.ch_type, name=str(rest[0]))


FIELD_RESOLVERS: dict[type, Callable[[Scope, Source, Any, Chain], Typed]] = {
    S.Column: _column,
    S.DateTimeColumn: _datetime,
    S.JsonColumn: _json,
    S.LazyJoin: _lazy,
    S.VirtualTable: _virtual,
    S.Expression: _expression,
}
