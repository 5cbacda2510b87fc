"""A test-only HogQL → ClickHouse printer: the mechanical part of what PostHog's printer prints.

Input is PostHog's own JSON AST (``reference_parser``), so the oracle never shares hogmock's parser. Output is
ClickHouse SQL for the chdb views of ``clickhouse.py`` (which already wrap DateTime columns in ``toTimeZone``).
What it prints, with the PostHog file each rule comes from:

- properties: ``hpN(col, 'k', …)``, the UDF form of ``replaceRegexpAll(nullIf(nullIf(JSONExtractRaw(...)))``
  (``posthog/hogql/printer.py``); integer path parts stay integers (JSONExtractRaw's 1-based index);
- ``person.*`` / ``pdi.*`` / ``poe.*`` read the persons-on-events columns (``database.py``, PoE modes);
- comparisons: constant folding, then the null-safe forms of ``visit_compare_operation``
  (``posthog/hogql/printer/clickhouse.py``), always the "worst case" variant: for non-nullable operands it
  gives the same values and types as the cheaper one PostHog picks from its types;
- renamed functions (``posthog/hogql/functions/clickhouse/conversions.py``, ``datetime.py``): ``toInt``/``toFloat``
  → ``accurateCastOrNull``, ``toDate``/``toDateTime`` on strings → the ``OrNull`` parsers, ``now()``/``today()``
  with the frozen clock, ``toStartOfWeek`` with the team's week mode, ``concat`` arguments ``ifNull(toString(x), '')``,
  ``lag``/``lead`` → ``lagInFrame(toNullable(x))`` over the whole partition;
- a top-level query without LIMIT gets the paginator's ``LIMIT 101`` (``DEFAULT_RETURNED_ROWS + 1``).

Anything it cannot print mechanically raises ``Unprintable``; such corpus entries carry hand-written SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

Node = dict[str, Any]

DEFAULT_LIMIT = 100
# posthog/hogql/database/schema/events.py and friends: the fields `SELECT *` shows.
STAR = {
    "events": [
        "uuid", "event", "properties", "timestamp", "distinct_id", "elements_chain", "created_at", "$session_id",
        "$window_id", *(f"$group_{n}" for n in range(5)),
    ],
    "persons": ["id", "created_at", "properties", "is_identified"],
    "person_distinct_ids": ["distinct_id", "person_id"],
    "groups": ["index", "key", "created_at", "updated_at", "properties"],
    "sessions": ["session_id", "distinct_id", "$start_timestamp", "$end_timestamp"],
}  # fmt: skip
# Persons-on-events: person.x / pdi.x / poe.x as columns of the event row.
PERSON_FIELDS = {"id": "person_id", "created_at": "person_created_at", "properties": "person_properties"}
PDI_FIELDS = {"person_id": "person_id", "distinct_id": "distinct_id"}
EVENT_PREFIXES = {"person": PERSON_FIELDS, "poe": PERSON_FIELDS, "pdi": PDI_FIELDS}
JSON_COLUMNS = {"properties", "person_properties"}


class Unprintable(Exception):
    """The mechanical printer does not cover this construct."""


class Rejected(Exception):
    """PostHog's printer refuses this query (before ClickHouse sees it)."""


def quote_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def identifier(name: str) -> str:
    return "`" + name.replace("`", "\\`") + "`"


class Printer:
    """Prints one query for a team timezone at a frozen ``now``."""

    def __init__(self, timezone: str, now: datetime, week_start_day: int = 0) -> None:
        self.tz = timezone
        self.now = now.astimezone(ZoneInfo(timezone))
        self.week_mode = 3 if week_start_day == 1 else 0
        self.in_join = False  # PostHog prints join constraints without null checks

    def query(self, tree: Node) -> str:
        return QUERIES[tree["node"]](self, tree, True)

    def subquery(self, tree: Node) -> str:
        return f"({QUERIES[tree['node']](self, tree, False)})"

    def visit(self, node: Any, top: bool = False) -> str:
        if not isinstance(node, dict):
            raise Unprintable(f"not a node: {node!r}")
        handler = NODES.get(node["node"])
        if handler is None:
            raise Unprintable(f"no printer for {node['node']}")
        return handler(self, node, top)

    def many(self, nodes: list[Node] | None) -> str:
        return ", ".join(self.visit(n) for n in nodes or [])

    def now_sql(self) -> str:
        text = self.now.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return f"toDateTime64({quote_string(text)}, 6, {quote_string(self.tz)})"


# ---- queries -----------------------------------------------------------------------------------------------


def _select(p: Printer, n: Node, top: bool) -> str:
    parts = [_ctes(p, n), "SELECT", "DISTINCT" if n.get("distinct") else "", _columns(p, n)]
    if n.get("select_from"):
        parts += ["FROM", _join(p, n["select_from"])]
    if n.get("array_join_op"):
        parts += [n["array_join_op"], p.many(n["array_join_list"])]
    parts += _clause(p, "PREWHERE", n.get("prewhere")) + _clause(p, "WHERE", n.get("where"))
    if n.get("group_by"):
        parts += ["GROUP BY", p.many(n["group_by"])]
    parts += _clause(p, "HAVING", n.get("having")) + _clause(p, "QUALIFY", n.get("qualify"))
    if n.get("window_exprs"):
        windows = [f"{identifier(k)} AS ({_window_body(p, w)})" for k, w in n["window_exprs"].items()]
        parts += ["WINDOW", ", ".join(windows)]
    if n.get("order_by"):
        parts += ["ORDER BY", p.many(n["order_by"])]
    if n.get("limit_by"):
        by = n["limit_by"]
        offset = f" OFFSET {p.visit(by['offset_value'])}" if by.get("offset_value") else ""
        parts += [f"LIMIT {p.visit(by['n'])}{offset} BY {p.many(by['exprs'])}"]
    parts += _limit(p, n, top)
    return " ".join(part for part in parts if part)


def _ctes(p: Printer, n: Node) -> str:
    ctes = n.get("ctes") or {}
    items = ctes.values() if isinstance(ctes, dict) else ctes
    return ("WITH " + ", ".join(f"{identifier(c['name'])} AS {p.subquery(c['expr'])}" for c in items)) if items else ""


def _columns(p: Printer, n: Node) -> str:
    star = [c for c in n["select"] if c.get("node") == "Field" and c["chain"][-1] == "*"]
    if star and len(n["select"]) == 1:
        return _star(p, n, star[0])
    return p.many(n["select"])


def _star(p: Printer, n: Node, field: Node) -> str:
    source = n.get("select_from") or {}
    table = (source.get("table") or {}).get("chain", [None])[0] if not source.get("next_join") else None
    if table not in STAR:
        return "*" if len(field["chain"]) == 1 else f"{identifier(field['chain'][0])}.*"
    prefix = [field["chain"][0]] if len(field["chain"]) > 1 else []
    return ", ".join(p.visit({"node": "Field", "chain": [*prefix, name]}) for name in STAR[table])


def _clause(p: Printer, keyword: str, node: Node | None) -> list[str]:
    return [keyword, p.visit(node)] if node else []


def _limit(p: Printer, n: Node, top: bool) -> list[str]:
    limit = n.get("limit")
    if limit is None and top:
        return [f"LIMIT {DEFAULT_LIMIT + 1}"]
    parts = [f"LIMIT {p.visit(limit)}"] if limit else []
    if n.get("limit_with_ties"):
        parts.append("WITH TIES")
    if n.get("offset"):
        parts.append(f"OFFSET {p.visit(n['offset'])}")
    return parts


def _set_query(p: Printer, n: Node, top: bool) -> str:
    def branch(q: Node) -> str:
        # Each branch of a top-level set operation without LIMIT gets the default limit.
        if top and q.get("node") == "SelectQuery" and q.get("limit") is None:
            q = {**q, "limit": {"node": "Constant", "value": DEFAULT_LIMIT}}
        return p.subquery(q)

    parts = [branch(n["initial_select_query"])]
    for item in n["subsequent_select_queries"]:
        parts += [item["set_operator"], branch(item["select_query"])]
    return " ".join(parts)


def _join(p: Printer, n: Node) -> str:
    table = n["table"]
    if table.get("node") == "Field":
        sql = ".".join(identifier(str(c)) for c in table["chain"])
        if n.get("table_args") is not None:
            sql = f"{table['chain'][0]}({p.many(n['table_args'])})"
    else:
        sql = p.subquery(table)
    if n.get("alias"):
        sql += f" AS {identifier(n['alias'])}"
    if n.get("join_type"):
        sql = f"{n['join_type']} {sql}"
    constraint = n.get("constraint")
    if constraint:
        p.in_join = True
        try:
            sql += f" {constraint['constraint_type']} {p.visit(constraint['expr'])}"
        finally:
            p.in_join = False
    return sql + (" " + _join(p, n["next_join"]) if n.get("next_join") else "")


# ---- fields --------------------------------------------------------------------------------------------------


def _field(p: Printer, n: Node, top: bool) -> str:
    chain = list(n["chain"])
    column, path = _property_split(chain)
    if column is not None:
        return _property(column, path)
    if chain[-1] == "*":
        return ".".join([*(identifier(str(c)) for c in chain[:-1]), "*"])
    head, rest = _event_prefix(chain)
    return ".".join(identifier(str(c)) for c in [*head, *rest])


def _event_prefix(chain: list[Any]) -> tuple[list[Any], list[Any]]:
    """``[alias.]person.id`` → ``[alias.]person_id`` and friends (persons on events)."""
    for index, part in enumerate(chain[:-1]):
        fields = EVENT_PREFIXES.get(str(part))
        if fields is not None and index <= 1:
            rest = chain[index + 1 :]
            if rest[0] == "person":  # pdi.person.x is person.x
                return _event_prefix([*chain[:index], *rest])
            if rest[0] in fields:
                return chain[:index], [fields[rest[0]], *rest[1:]]
    return [], chain


def _property_split(chain: list[Any]) -> tuple[str | None, list[Any]]:
    head, rest = _event_prefix(chain)
    for index, part in enumerate(rest):
        if part in JSON_COLUMNS and index + 1 < len(rest):
            column = ".".join(identifier(str(c)) for c in [*head, *rest[: index + 1]])
            return column, rest[index + 1 :]
    return None, chain


def _property(column: str, path: list[Any]) -> str:
    keys = [str(k) if isinstance(k, int) else quote_string(k) for k in path]
    return f"hp{len(keys)}({column}, {', '.join(keys)})"


def _property_chain(n: Node) -> list[Any] | None:
    if n.get("node") == "ArrayAccess" and n["property"].get("node") == "Constant":
        base = _property_chain(n["array"])
        return None if base is None else [*base, n["property"]["value"]]
    if n.get("node") == "Field":
        column, _ = _property_split(list(n["chain"]))
        return list(n["chain"]) if column is not None or n["chain"][-1] in JSON_COLUMNS else None
    return None


def _array_access(p: Printer, n: Node, top: bool) -> str:
    chain, index = _property_chain(n["array"]), n["property"]
    if chain is not None and index.get("node") == "Constant":
        if index["value"] == 0:
            raise Rejected("SQL indexes start from one, not from zero. E.g: array[1]")
        return p.visit({"node": "Field", "chain": [*chain, index["value"]]})
    return f"arrayElement({p.visit(n['array'])}, {p.visit(index)})"


def _tuple_access(p: Printer, n: Node, top: bool) -> str:
    chain = _property_chain(n["tuple"])
    if chain is not None:
        return p.visit({"node": "Field", "chain": [*chain, n["index"]]})
    return f"tupleElement({p.visit(n['tuple'])}, {n['index']})"


# ---- expressions -------------------------------------------------------------------------------------------


def _constant(p: Printer, n: Node, top: bool) -> str:
    value = n["value"]
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, float):
        return "nan" if value != value else repr(value).replace("inf", "inf")
    return str(value)


_ARITHMETIC = {"+": "plus", "-": "minus", "*": "multiply", "/": "divide", "%": "modulo"}


def _arithmetic(p: Printer, n: Node, top: bool) -> str:
    return f"{_ARITHMETIC[n['op']]}({p.visit(n['left'])}, {p.visit(n['right'])})"


_COMPARE = {
    "==": "equals({l}, {r})", "!=": "notEquals({l}, {r})", "<": "less({l}, {r})", "<=": "lessOrEquals({l}, {r})",
    ">": "greater({l}, {r})", ">=": "greaterOrEquals({l}, {r})", "like": "like({l}, {r})",
    "ilike": "ilike({l}, {r})", "not like": "notLike({l}, {r})", "not ilike": "notILike({l}, {r})",
    "in": "in({l}, {r})", "not in": "notIn({l}, {r})", "=~": "match({l}, {r})", "!~": "not(match({l}, {r}))",
    "=~*": "match({l}, concat('(?i)', {r}))", "!~*": "not(match({l}, concat('(?i)', {r})))",
}  # fmt: skip
# (value when one side is NULL, value when both are): posthog/hogql/printer/clickhouse.py.
_NULL_RESULTS = {
    "==": (False, True), "!=": (True, False), "like": (False, True), "not like": (True, False),
    "ilike": (False, True), "not ilike": (True, False), "=~": (False, True), "!~": (True, False),
    "=~*": (False, True), "!~*": (True, False), "<": (False, False), "<=": (False, False),
    ">": (False, False), ">=": (False, False),
}  # fmt: skip
_FOLD: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a is not None and b is not None and a < b,
    "<=": lambda a, b: a is not None and b is not None and a <= b,
    ">": lambda a, b: a is not None and b is not None and a > b,
    ">=": lambda a, b: a is not None and b is not None and a >= b,
}


def _is_null(n: Node) -> bool:
    return n.get("node") == "Constant" and n.get("value") is None


def _compare(p: Printer, n: Node, top: bool) -> str:
    op, left, right = n["op"], n["left"], n["right"]
    if op not in _COMPARE:
        raise Unprintable(f"comparison {op}")
    l_sql, r_sql = p.visit(left), p.visit(right)
    printed = _COMPARE[op].format(l=l_sql, r=r_sql)
    if op in ("in", "not in") or p.in_join:
        return printed
    if left.get("node") == right.get("node") == "Constant" and op in _FOLD:
        return "1" if _FOLD[op](left["value"], right["value"]) else "0"
    one, both = _NULL_RESULTS[op]
    if _is_null(right) or _is_null(left):
        other = l_sql if _is_null(right) else r_sql
        if op in ("==", "like", "ilike"):
            return f"isNull({other})"
        if op in ("!=", "not like", "not ilike"):
            return f"isNotNull({other})"
        if one == both:
            return "1" if one else "0"
    if one and both:
        return f"ifNull({printed}, 1)"
    if one:
        return f"ifNull({printed}, isNotNull({l_sql}) or isNotNull({r_sql}))"
    if both:
        return f"ifNull({printed}, isNull({l_sql}) and isNull({r_sql}))"
    return f"ifNull({printed}, 0)"


def _logic(name: str) -> Callable[[Printer, Node, bool], str]:
    return lambda p, n, top: f"{name}({p.many(n['exprs'])})"


def _not(p: Printer, n: Node, top: bool) -> str:
    return f"not({p.visit(n['expr'])})"


def _between(p: Printer, n: Node, top: bool) -> str:
    negated = "NOT " if n.get("negated") else ""
    return f"({p.visit(n['expr'])} {negated}BETWEEN {p.visit(n['low'])} AND {p.visit(n['high'])})"


def _alias(p: Printer, n: Node, top: bool) -> str:
    return f"{p.visit(n['expr'])} AS {identifier(n['alias'])}"


def _order(p: Printer, n: Node, top: bool) -> str:
    return f"{p.visit(n['expr'])} {n.get('order') or 'ASC'}"


def _array(p: Printer, n: Node, top: bool) -> str:
    return f"[{p.many(n['exprs'])}]"


def _tuple(p: Printer, n: Node, top: bool) -> str:
    return f"tuple({p.many(n['exprs'])})"


def _lambda(p: Printer, n: Node, top: bool) -> str:
    args = [identifier(a) for a in n["args"]]
    head = args[0] if len(args) == 1 else f"({', '.join(args)})"
    return f"{head} -> {p.visit(n['expr'])}"


# posthog/hogql/printer/base.py visit_type_cast: the cast types HogQL knows (anything else, `Int64` included,
# is "Unsupported type cast to '…'"); `::Bool` prints as toBoolean, which ClickHouse does not have.
_CASTS = {
    **dict.fromkeys(("int", "integer"), "toInt64({})"),
    **dict.fromkeys(("float", "double", "double precision", "real"), "toFloat64({})"),
    **dict.fromkeys(("text", "varchar", "char", "string"), "toString({})"),
    **dict.fromkeys(("boolean", "bool"), "toBoolean({})"),
    "date": "toDate({})",
    **dict.fromkeys(
        ("datetime", "timestamp", "timestamptz", "timestamp with time zone", "timestamp with local time zone"),
        "toDateTime({}, {tz})",
    ),
}


def _type_cast(p: Printer, n: Node, top: bool) -> str:
    template = _CASTS.get(n["type_name"].lower())
    if template is None:
        raise Rejected(f"Unsupported type cast to '{n['type_name']}'")
    return template.format(p.visit(n["expr"]), tz=quote_string(p.tz))


# ---- calls ---------------------------------------------------------------------------------------------------


def _stringy(n: Node) -> bool:
    """Whether an argument is a String (PostHog decides overloads by type; we know only the obvious cases)."""
    if n.get("node") == "Constant":
        return isinstance(n.get("value"), str)
    if n.get("node") in ("ArrayAccess", "TupleAccess", "Field"):
        inner = n.get("array") or n.get("tuple") or n
        return _property_chain(inner) is not None or n.get("node") != "Field"
    return n.get("node") == "Call" and n.get("name") in ("toString", "concat", "lower", "upper", "substring")


def _to_date(p: Printer, args: list[Node]) -> str:
    # posthog/hogql/functions/clickhouse/conversions.py: toDateOrNull, overloaded to toDate only for a DateTime or
    # Date argument (so a number goes to toDateOrNull too).
    number = args[0].get("node") == "Constant" and isinstance(args[0].get("value"), int | float)
    name = "toDateOrNull" if _stringy(args[0]) or number else "toDate"
    return f"{name}({p.many(args)})"


# posthog/hogql/printer/clickhouse.py _render_function_call (tz_aware): a lone constant string argument is
# printed with the stricter, index-friendly functions.
_CONSTANT_DATETIME = (
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,6}$"), "toDateTime64({s}, 6, {tz})"),
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"), "toDateTime({s}, {tz})"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "toDateTime({s}, {tz})"),
)


def _best_effort(p: Printer, args: list[Node]) -> str:
    """toDateTime/parseDateTimeBestEffort on a string: parseDateTime64BestEffortOrNull(s, 6, tz), except for a
    lone constant (posthog/hogql/functions/clickhouse/conversions.py + printer/clickhouse.py)."""
    tz = p.visit(args[1]) if len(args) > 1 else quote_string(p.tz)
    value = p.visit(args[0])
    text = args[0].get("value") if len(args) == 1 and args[0].get("node") == "Constant" else None
    if not isinstance(text, str):
        return f"parseDateTime64BestEffortOrNull({value}, 6, {tz})"
    template = next((t for pattern, t in _CONSTANT_DATETIME if pattern.match(text)), None)
    return (template or "parseDateTime64BestEffort({s}, 6, {tz})").format(s=value, tz=tz)


def _to_datetime(p: Printer, args: list[Node]) -> str:
    if _stringy(args[0]):
        return _best_effort(p, args)
    tz = p.visit(args[1]) if len(args) > 1 else quote_string(p.tz)
    return f"toDateTime({p.visit(args[0])}, {tz})"


def _concat(p: Printer, args: list[Node]) -> str:
    def part(a: Node) -> str:
        if a.get("node") == "Constant":
            return (
                "''" if a["value"] is None else p.visit(a) if isinstance(a["value"], str) else f"toString({p.visit(a)})"
            )
        return f"ifNull(toString({p.visit(a)}), '')"

    return f"concat({', '.join(part(a) for a in args)})"


def _start_of_week(p: Printer, args: list[Node]) -> str:
    mode = p.visit(args[1]) if len(args) > 1 else str(p.week_mode)
    return f"toStartOfWeek({p.visit(args[0])}, {mode})"


def _accurate(target: str) -> Callable[[Printer, list[Node]], str]:
    return lambda p, args: f"accurateCastOrNull({p.visit(args[0])}, '{target}')"


def _renamed(name: str) -> Callable[[Printer, list[Node]], str]:
    return lambda p, args: f"{name}({p.many(args)})"


def _tz_aware(name: str) -> Callable[[Printer, list[Node]], str]:
    """Functions PostHog marks ``tz_aware``: the team timezone is appended when not given."""
    return lambda p, args: (
        f"{name}({p.many(args)}, {quote_string(p.tz)})" if len(args) == 1 else _renamed(name)(p, args)
    )


CALLS: dict[str, Callable[[Printer, list[Node]], str]] = {
    "toInt": _accurate("Int64"),
    "toFloat": _accurate("Float64"),
    "toDate": _to_date,
    "to_date": _to_date,
    "toDateTime": _to_datetime,
    "parseDateTimeBestEffort": _best_effort,
    "toUUID": _accurate("UUID"),
    "now": lambda p, args: p.now_sql(),
    "today": lambda p, args: f"toDate({p.now_sql()})",
    "yesterday": lambda p, args: f"minus(toDate({p.now_sql()}), 1)",
    "concat": _concat,
    "toStartOfWeek": _start_of_week,
    "_caseWithExpression": _renamed("caseWithExpression"),
    "toUnixTimestamp": _tz_aware("toUnixTimestamp"),
    "toDecimal": lambda p, args: f"accurateCastOrNull({p.visit(args[0])}, 'Decimal64({p.visit(args[1])})')",
}


# Arity limits PostHog checks before printing (HogQLFunctionMeta min/max in posthog/hogql/functions/mapping.py),
# for the functions ClickHouse itself would accept with more arguments.
ARITY = {"greatest": 2, "least": 2}


def _call(p: Printer, n: Node, top: bool) -> str:
    name, args = n["name"], n.get("args") or []
    if name in ARITY and len(args) != ARITY[name]:
        raise Rejected(f"Function '{name}' expects {ARITY[name]} arguments, found {len(args)}")
    if name in CALLS and not n.get("params") and not n.get("distinct"):
        return CALLS[name](p, args)
    params = f"({p.many(n['params'])})" if n.get("params") is not None else ""
    distinct = "DISTINCT " if n.get("distinct") else ""
    return f"{name}{params}({distinct}{p.many(args)})"


# ---- windows -------------------------------------------------------------------------------------------------


def _frame_bound(bound: Node) -> str:
    kind = bound["frame_type"]
    if kind == "CURRENT ROW":
        return kind
    return f"{bound.get('frame_value') if bound.get('frame_value') is not None else 'UNBOUNDED'} {kind}"


def _window_body(p: Printer, w: Node) -> str:
    parts = []
    if w.get("partition_by"):
        parts += ["PARTITION BY", p.many(w["partition_by"])]
    if w.get("order_by"):
        parts += ["ORDER BY", p.many(w["order_by"])]
    if w.get("frame_method"):
        start, end = w.get("frame_start"), w.get("frame_end")
        frame = f"BETWEEN {_frame_bound(start)} AND {_frame_bound(end)}" if end else _frame_bound(start)
        parts += [w["frame_method"], frame]
    return " ".join(parts)


_WHOLE_PARTITION = {
    "frame_method": "ROWS",
    "frame_start": {"frame_type": "PRECEDING"},
    "frame_end": {"frame_type": "FOLLOWING"},
}


def _window_function(p: Printer, n: Node, top: bool) -> str:
    name, exprs, over = n["name"], list(n.get("exprs") or []), n.get("over_expr")
    if name in ("lag", "lead"):
        # posthog/hogql/printer: lag/lead → lagInFrame/leadInFrame(toNullable(x)) over the whole partition.
        name = f"{name}InFrame"
        exprs[0] = {"node": "Call", "name": "toNullable", "args": [exprs[0]]}
        over = {**(over or {}), **_WHOLE_PARTITION}
    args = f"({p.many(n['args'])})" if n.get("args") else ""
    target = identifier(n["over_identifier"]) if n.get("over_identifier") else f"({_window_body(p, over or {})})"
    return f"{name}{args}({p.many(exprs)}) OVER {target}"


QUERIES: dict[str, Callable[[Printer, Node, bool], str]] = {"SelectQuery": _select, "SelectSetQuery": _set_query}

NODES: dict[str, Callable[[Printer, Node, bool], str]] = {
    "SelectQuery": lambda p, n, top: p.subquery(n),
    "SelectSetQuery": lambda p, n, top: p.subquery(n),
    "Field": _field,
    "Constant": _constant,
    "ArithmeticOperation": _arithmetic,
    "CompareOperation": _compare,
    "And": _logic("and"),
    "Or": _logic("or"),
    "Not": _not,
    "BetweenExpr": _between,
    "Alias": _alias,
    "OrderExpr": _order,
    "Array": _array,
    "Tuple": _tuple,
    "Lambda": _lambda,
    "TypeCast": _type_cast,
    "Call": _call,
    "ArrayAccess": _array_access,
    "TupleAccess": _tuple_access,
    "WindowFunction": _window_function,
}


def dump(tree: Node) -> str:
    """The AST as compact JSON (for failure messages)."""
    return json.dumps(tree, separators=(",", ":"))[:2000]
