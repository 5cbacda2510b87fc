"""``{filters}``, ``{filters.dateRange.from}`` and ``{filters.dateRange.to}`` from ``HogQLQuery.filters``.

Follows ``posthog/hogql/filters.py`` (``ReplaceFilters``) and ``posthog/hogql/property.py`` (``property_to_expr``,
``_expr_to_compare_op``): the filters become a HogQL expression over the SELECT that holds the placeholder, which
the printer then translates like any other HogQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError, ServerError
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.dates import relative_date_parse
from mock_server.hogql.placeholders import (
    DateTimeConstant,
    Grouped,
    HogQLPlaceholder,
    RegexMatch,
    chain,
    constant,
    placeholders,
)

Property = Mapping[str, Any]

# Tables whose SELECT may use {filters}, by the kind ReplaceFilters looks for (found_events, found_sessions, …).
_FILTER_TABLES = {"events": "events", "sessions": "sessions", "groups": "groups", "logs": "logs"}
_NOT_FILTERABLE = (
    "Cannot use 'filters' placeholder in a SELECT clause that does not select from the events, sessions, logs, "
    "traces or groups table."
)
_UNSUPPORTED = (
    "Unsupported filters placeholder `{{{0}}}`. Supported filters placeholders are: `{{filters}}`, "
    "`{{filters.dateRange.from}}`, `{{filters.dateRange.to}}`."
)
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like, exp.ILike, exp.In, exp.RegexpLike)


def replace_filters(tree: exp.Expr, ctx: TranslationContext) -> exp.Expr:
    """Every ``{filters…}`` placeholder in ``tree`` replaced (``ctx.filters`` None or empty: no filters)."""
    for node in placeholders(tree):
        found = chain(node)
        if found and found[0] == "filters":
            _replace(node, ".".join(found), ctx)
    return tree


def _replace(node: HogQLPlaceholder, name: str, ctx: TranslationContext) -> None:
    if name == "filters":
        node.replace(_filters(node, ctx))
        return
    bound = _BOUNDS.get(name)
    if bound is None:
        raise HogQLQueryError(_UNSUPPORTED.format(name))
    text = (ctx.filters or {}).get("dateRange", {}) or {}
    value = text.get(bound)
    if value is None or (bound == "date_from" and value == "all"):
        _skip_comparison(node, name)
        return
    node.replace(_datetime(value, ctx))


_BOUNDS = {"filters.dateRange.from": "date_from", "filters.dateRange.to": "date_to"}


def _skip_comparison(node: HogQLPlaceholder, name: str) -> None:
    """An absent bound turns the comparison around it into ``true = true`` (ReplaceFilters.visit_compare_operation)."""
    comparison = node.find_ancestor(*_COMPARISONS)
    if comparison is None:
        raise HogQLQueryError(
            f"The `{{{name}}}` placeholder must be used directly in a comparison (e.g. `timestamp > {{{name}}}`), "
            "not nested inside a function call, when the date range is not set."
        )
    comparison.replace(exp.EQ(this=exp.true(), expression=exp.true()))


def _datetime(text: str, ctx: TranslationContext) -> exp.Expr:
    zone = ZoneInfo(ctx.timezone)
    moment: datetime = relative_date_parse(text, zone, ctx.now).astimezone(zone)
    return DateTimeConstant(this=exp.Literal.string(moment.strftime("%Y-%m-%d %H:%M:%S.%f")))


# ---- {filters} --------------------------------------------------------------------------------------------------


def _kinds(node: HogQLPlaceholder) -> set[str]:
    """What the SELECT holding the placeholder selects from, scanned as ReplaceFilters scans its joins."""
    select = node.find_ancestor(exp.Select)
    if select is None:
        raise ServerError()  # PostHog indexes an empty stack of SELECTs
    found: set[str] = set()
    for table in _tables(select):
        kind = _FILTER_TABLES.get(table)
        if kind:
            found.add(kind)
        if {"events", "sessions"} <= found or "groups" in found:
            break
    return found


def _tables(select: exp.Select) -> list[str]:
    sources = [select.args.get("from_"), *(select.args.get("joins") or [])]
    items = [s.this for s in sources if s is not None]
    tables = [t for t in items if isinstance(t, exp.Table) and isinstance(t.this, exp.Identifier)]
    return [".".join(part.name for part in table.parts) for table in tables]


def _filters(node: HogQLPlaceholder, ctx: TranslationContext) -> exp.Expr:
    found = _kinds(node)
    if not found:
        raise HogQLQueryError(_NOT_FILTERABLE)
    filters = ctx.filters or {}
    exprs = _property_exprs(filters.get("properties"), found, ctx)
    stamp = _timestamp_field(found)
    date_range = filters.get("dateRange") or {}
    if date_range.get("date_to") is not None:
        exprs.append(exp.LT(this=stamp.copy(), expression=_datetime(date_range["date_to"], ctx)))
    if date_range.get("date_from") not in (None, "all"):
        exprs.append(exp.GTE(this=stamp.copy(), expression=_datetime(date_range["date_from"], ctx)))
    if filters.get("filterTestAccounts"):
        exprs += [property_to_expr(p, "event", ctx) for p in ctx.test_account_filters]
    return _all(exprs, empty=exp.true())


def _timestamp_field(found: set[str]) -> exp.Expr:
    if "groups" in found:
        return exp.column("created_at")
    return exp.column("timestamp" if found & {"events", "logs"} else "$start_timestamp")


def _property_exprs(properties: Sequence[Property] | None, found: set[str], ctx: TranslationContext) -> list[exp.Expr]:
    if properties is None:
        return []
    if "sessions" in found:
        sessions = [p for p in properties if p.get("type") == "session"]
        others = [p for p in properties if p.get("type") != "session"]
        if others and "events" not in found:
            raise HogQLQueryError(
                "Can only use session properties in a filter when selecting from only the sessions table."
            )
        return [property_to_expr(sessions, "session", ctx), property_to_expr(others, "event", ctx)]
    return [property_to_expr(properties, "group" if "groups" in found else "event", ctx)]


def _all(exprs: list[exp.Expr], empty: exp.Expr) -> exp.Expr:
    """``ast.And(exprs)``; one expression alone, ``empty`` for none."""
    if not exprs:
        return empty
    return exprs[0] if len(exprs) == 1 else Grouped(this=exp.and_(*exprs, copy=False))


def _any(exprs: list[exp.Expr]) -> exp.Expr:
    return Grouped(this=exp.or_(*exprs, copy=False))


# ---- property_to_expr ----------------------------------------------------------------------------------------


def property_to_expr(prop: Property | Sequence[Property], scope: str, ctx: TranslationContext) -> exp.Expr:
    """One property filter, or a list of them ANDed (an empty list is ``1``), as a HogQL expression."""
    if not isinstance(prop, Mapping):
        exprs = [property_to_expr(p, scope, ctx) for p in prop]
        return _all(exprs, empty=exp.Literal.number(1))
    if "key" not in prop:
        return exp.Literal.number(1)  # an incomplete saved filter is ignored, as property_to_expr does
    kind = prop.get("type") or "event"
    if kind == "hogql":
        return _hogql(str(prop["key"]))
    field = _field(kind, scope, prop)
    return _compare_values(field, prop, scope, ctx)


def _hogql(key: str) -> exp.Expr:
    from mock_server.hogql.dialect import parse_expression

    return Grouped(this=parse_expression(key))


# (property type, scope) → the field chain before the key; scope "*" matches any other scope.
_CHAINS: dict[tuple[str, str], Callable[[Property], list[str]]] = {
    ("event", "*"): lambda p: ["properties"],
    ("person", "*"): lambda p: ["person", "properties"],
    ("person", "person"): lambda p: ["properties"],
    ("group", "*"): lambda p: [f"group_{p.get('group_type_index')}", "properties"],
    ("group", "group"): lambda p: ["properties"],
    ("session", "*"): lambda p: ["session"],
    ("session", "session"): lambda p: ["sessions"],
}


def _field(kind: str, scope: str, prop: Property) -> exp.Expr:
    if (scope in ("person", "session") and kind != scope) or (kind == "event_metadata" and scope != "event"):
        raise HogQLQueryError(f"The '{kind}' property filter does not work in '{scope}' scope")
    prefix = _CHAINS.get((kind, scope)) or _CHAINS.get((kind, "*"))
    if prefix is None:
        raise HogQLNotImplemented(f"hogmock does not support '{kind}' property filters yet")
    key = str(prop["key"])
    if kind == "event" and key == "$elements_chain":
        return exp.column("elements_chain")
    return _dotted([*prefix(prop), key])


def _dotted(parts: list[str]) -> exp.Expr:
    """A field chain as the parser builds it: a Column of up to four parts, then Dots."""
    names = [exp.to_identifier(part, quoted=False) for part in parts]
    head = names[:4][::-1]
    node: exp.Expr = exp.Column(**dict(zip(("this", "table", "db", "catalog"), head, strict=False)))
    for name in names[4:]:
        node = exp.Dot(this=node, expression=name)
    return node


_LIST_OPERATORS = {"exact": exp.In, "in": exp.In, "is_not": exp.NEQ, "not_in": exp.NEQ}
_NEGATIVE = {"not_icontains", "not_regex", "is_not"}


def _compare_values(field: exp.Expr, prop: Property, scope: str, ctx: TranslationContext) -> exp.Expr:
    """A list value: ``IN`` / ``NOT IN`` for exact and is_not, else one comparison per value (property.py)."""
    operator = prop.get("operator") or "exact"
    value = prop.get("value")
    if not isinstance(value, list) or operator in ("between", "not_between"):
        return _compare(field, value, operator, prop, ctx)
    if len(value) <= 1:
        return _compare(field, value[0], operator, prop, ctx) if value else exp.Literal.number(1)
    if operator in _LIST_OPERATORS:
        found = _in_tuple(field, value)
        return found if _LIST_OPERATORS[operator] is exp.In else Grouped(this=exp.Not(this=found))
    exprs = [_compare(field.copy(), v, operator, prop, ctx) for v in value]
    return _all(exprs, empty=exp.true()) if operator in _NEGATIVE else _any(exprs)


def _in_tuple(field: exp.Expr, values: list[Any]) -> exp.Expr:
    """``field IN tuple(…)``: property.py compares with an ``ast.Tuple`` even of one value, so the HogQL text is
    ``in(x, tuple('a'))`` (``names.py`` reads the mark)."""
    found = exp.In(this=field, expressions=[constant(v) for v in values])
    found.meta["tuple"] = True
    return found


def _to_string(field: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this="toString", expressions=[field])


def _match(field: exp.Expr, value: Any) -> exp.Expr:
    return RegexMatch(this=_to_string(field), expression=constant(value))


def _if_null(node: exp.Expr, default: int) -> exp.Expr:
    return exp.Anonymous(this="ifNull", expressions=[node, exp.Literal.number(default)])


def _binary(node: type[exp.Expr]) -> Callable[[exp.Expr, Any], exp.Expr]:
    return lambda field, value: node(this=field, expression=constant(value))


def _contains(negate: bool) -> Callable[[exp.Expr, Any], exp.Expr]:
    # property.py formats the value with Python's f-string: True is 'True', 1.0 is '1.0'.
    return lambda field, value: exp.ILike(
        this=_to_string(field), expression=exp.Literal.string(f"%{value}%"), negate=negate
    )


def _between(negate: bool) -> Callable[[exp.Expr, Any], exp.Expr]:
    def build(field: exp.Expr, value: Any) -> exp.Expr:
        low, high = _between_values(value, "not_between" if negate else "between")
        if negate:
            return _any([exp.LT(this=field, expression=low), exp.GT(this=field.copy(), expression=high)])
        return _all([exp.GTE(this=field, expression=low), exp.LTE(this=field.copy(), expression=high)], exp.true())

    return build


def _between_values(value: Any, operator: str) -> tuple[exp.Expr, exp.Expr]:
    if not isinstance(value, list) or len(value) != 2:
        raise HogQLQueryError(f"{operator} operator requires a two-element array [min, max]")
    try:
        ordered = float(value[0]) <= float(value[1])
    except (TypeError, ValueError):
        raise HogQLQueryError(f"{operator} operator requires numeric values") from None
    if not ordered:
        raise HogQLQueryError(f"{operator} operator requires min value to be less than or equal to max value")
    return constant(value[0]), constant(value[1])


def _in_list(negate: bool) -> Callable[[exp.Expr, Any], exp.Expr]:
    def build(field: exp.Expr, value: Any) -> exp.Expr:
        if not isinstance(value, list):
            raise ServerError()  # property.py raises a bare Exception
        found = _in_tuple(field, value)
        return Grouped(this=exp.Not(this=found)) if negate else found

    return build


# _expr_to_compare_op: operator → builder(field, value). exact/is_not are handled with boolean values below.
_OPERATORS: dict[str, Callable[[exp.Expr, Any], exp.Expr]] = {
    "is_set": lambda field, value: exp.NEQ(this=field, expression=exp.null()),
    "is_not_set": lambda field, value: exp.EQ(this=field, expression=exp.null()),
    "icontains": _contains(negate=False),
    "not_icontains": _contains(negate=True),
    "regex": lambda field, value: _if_null(_match(field, value), 0),
    "not_regex": lambda field, value: _if_null(exp.Not(this=_match(field, value)), 1),
    "exact": _binary(exp.EQ),
    "is_date_exact": _binary(exp.EQ),
    "is_not": _binary(exp.NEQ),
    "lt": _binary(exp.LT),
    "is_date_before": _binary(exp.LT),
    "gt": _binary(exp.GT),
    "is_date_after": _binary(exp.GT),
    "lte": _binary(exp.LTE),
    "max": _binary(exp.LTE),
    "gte": _binary(exp.GTE),
    "min": _binary(exp.GTE),
    "between": _between(negate=False),
    "not_between": _between(negate=True),
    "in": _in_list(negate=False),
    "not_in": _in_list(negate=True),
}
_BOOLEAN_OPERATORS = {"exact", "is_date_exact", "is_not"}


def _compare(field: exp.Expr, value: Any, operator: str, prop: Property, ctx: TranslationContext) -> exp.Expr:
    build = _OPERATORS.get(operator)
    if build is None:
        raise HogQLNotImplemented(f"hogmock does not support the property operator '{operator}' yet")
    if operator in _BOOLEAN_OPERATORS:
        value = _boolean_value(value, prop, ctx)
    return build(field, value)


def _boolean_value(value: Any, prop: Property, ctx: TranslationContext) -> Any:
    """``_handle_bool_values``: booleans compare as 'true'/'false' text unless the property is typed Boolean."""
    text = {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value
    if text not in ("true", "false"):
        return text
    scope = "group_" + str(prop.get("group_type_index")) if prop.get("type") == "group" else prop.get("type") or "event"
    typed = ctx.property_definitions.get(scope, {}).get(str(prop["key"]))
    return text == "true" if typed == "Boolean" else text
