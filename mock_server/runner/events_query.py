"""Running an EventsQuery: the node becomes one HogQL SELECT over ``events``, run through the translator.

PostHog's ``EventsQueryRunner`` (``posthog/hogql_queries/events_query_runner.py``) builds the query from the node:
``select`` expressions (``*`` is a tuple of the allow-listed event fields, turned back into a dict afterwards;
``person`` selects ``distinct_id`` and is expanded to the person afterwards), ``where`` expressions split into
WHERE and HAVING by whether they aggregate, the property filters, ``event``/``events``, ``personId``, test-account
filters, and the time window: ``timestamp < before`` (default now + 5 s) and ``timestamp > after`` (default
``-24h``). Without ``orderBy`` it orders by ``count()`` or the first aggregation descending, else ``timestamp``
descending when selected, else the first column ascending. Aggregating queries group by the other columns.
Pagination is ``HogQLHasMorePaginator`` (``posthog/hogql_queries/insights/paginators.py``): ``LIMIT limit + 1
OFFSET offset``, the extra row becoming ``hasMore``.

The pieces ActorsQuery shares (the paginator, running a HogQL text, reading select expressions) live here too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlglot import exp

from mock_server.hogql import Translation, TranslationContext, translate
from mock_server.hogql.context import DEFAULT_RETURNED_ROWS, MAX_SELECT_RETURNED_ROWS
from mock_server.hogql.dates import relative_date_parse
from mock_server.hogql.dialect import parse_query
from mock_server.hogql.functions.aggregates import FUNCTIONS as AGGREGATES
from mock_server.hogql.names import hogql_text
from mock_server.runner.caching import HOGQL_STALENESS, CacheTarget, cache_target, fresh_fields
from mock_server.runner.hogql_query import Timings, execute, project_context
from mock_server.runner.jobs import Execution
from mock_server.runner.values import convert_rows

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import ServedProject

RUNNER_NAME = "EventsQueryRunner"
# SELECT_STAR_FROM_EVENTS_FIELDS: what ``*`` returns, as a dict per event.
STAR_FIELDS = ("uuid", "event", "properties", "timestamp", "team_id", "distinct_id", "elements_chain", "created_at",
               "person_mode")  # fmt: skip
# hogmock stores no ``person_mode`` column: every event was ingested with full person processing.
STAR_TUPLE = "tuple(uuid, event, properties, timestamp, team_id, distinct_id, elements_chain, created_at, 'full')"
BEFORE_MARGIN = timedelta(seconds=5)  # "prevent accidentally future events from being visible by default"
DEFAULT_AFTER = "-24h"


# ---- shared with ActorsQuery ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paginator:
    """``HogQLHasMorePaginator.from_limit_context`` for the ``query`` limit context."""

    limit: int
    offset: int

    @classmethod
    def of(cls, node: dict[str, Any]) -> Paginator:
        limit = int(node.get("limit") or 0)
        limit = DEFAULT_RETURNED_ROWS if limit <= 0 else min(limit, MAX_SELECT_RETURNED_ROWS)
        return cls(limit, int(node.get("offset") or 0))

    @property
    def clause(self) -> str:
        return f"LIMIT {self.limit + 1} OFFSET {self.offset}"

    def fields(self, rows: list[list[Any]]) -> tuple[list[list[Any]], dict[str, Any]]:
        """The page's rows and its ``hasMore``/``limit``/``offset``."""
        return rows[: self.limit], {"hasMore": len(rows) > self.limit, "limit": self.limit, "offset": self.offset}


@dataclass(frozen=True)
class Ran:
    """One HogQL text, translated and run: converted rows and the translation's metadata."""

    rows: list[list[Any]]
    translation: Translation


def context_for(served: ServedProject, now: datetime, **extra: Any) -> TranslationContext:
    return project_context(served, now, **extra)


def run_hogql(query: str, context: TranslationContext, served: ServedProject, execution: Execution) -> Ran:
    translation = translate(query, context)
    result = execute(translation.sql, served, execution)
    return Ran(convert_rows(result.rows, translation.types), translation)


def literal(value: str) -> str:
    """A HogQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def in_list(field: str, values: Sequence[str]) -> str:
    """``field IN (…)``, or ``false`` for no values (ClickHouse has no empty tuple)."""
    return f"{field} IN ({', '.join(literal(v) for v in values)})" if values else "false"


def parse_expr(text: str) -> exp.Expr:
    """One HogQL expression (``parse_expr``), via the SELECT parser."""
    tree = parse_query(f"SELECT {text}")
    return tree.expressions[0] if isinstance(tree, exp.Select) else tree


def has_aggregation(text: str) -> bool:
    """``posthog/hogql/property.py`` ``has_aggregation``: the expression calls an aggregate function."""
    calls = parse_expr(text).find_all(exp.Anonymous, exp.AnonymousAggFunc, exp.CombinedAggFunc)
    return any(node.name in AGGREGATES for node in calls)


def unaliased(column: str) -> str:
    """The expression of ``expr AS alias`` (GROUP BY and ORDER BY name the expression)."""
    tree = parse_expr(column)
    return hogql_text(tree.this) if isinstance(tree, exp.Alias) else column


def is_alias(text: str) -> bool:
    return isinstance(parse_expr(text), exp.Alias)


def and_all(exprs: Sequence[str]) -> str:
    return " AND ".join(f"({expr})" for expr in exprs)


def clauses(pairs: Sequence[tuple[str, str]]) -> str:
    """``SELECT … FROM … WHERE …``: the non-empty clauses, in order."""
    return " ".join(f"{keyword} {body}" for keyword, body in pairs if body)


def cached_fields(target: CacheTarget, served: ServedProject, now: datetime) -> dict[str, Any]:
    return fresh_fields(target, served.project, now, HOGQL_STALENESS)


# ---- EventsQuery -------------------------------------------------------------------------------------------------


def raw_select(node: dict[str, Any]) -> list[str]:
    """``select_input_raw``: an empty ``select`` means ``*``."""
    return list(node.get("select") or ["*"])


def _head(column: str) -> str:
    return column.split("--")[0].strip()


# select input → the HogQL the query selects instead (select_cols)
SELECT_SUBSTITUTES: dict[str, str] = {"*": STAR_TUPLE, "person": "distinct_id"}


def select_columns(node: dict[str, Any]) -> list[str]:
    return [SELECT_SUBSTITUTES.get(_head(col), col) for col in raw_select(node)]


def _bound(text: str, served: ServedProject, now: datetime) -> str:
    moment = relative_date_parse(text, ZoneInfo(served.project.timezone), now)
    return f"toDateTime({literal(moment.isoformat())})"


def _person_distinct_ids(person_id: str, served: ServedProject, now: datetime, execution: Execution) -> list[str]:
    query = f"SELECT distinct_id FROM person_distinct_ids WHERE toString(person_id) = {literal(person_id)}"
    ran = run_hogql(query + " LIMIT 10000", context_for(served, now), served, execution)
    return sorted(str(row[0]) for row in ran.rows)


def _conditions(node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution) -> list[str]:
    """Every filter of the node as a HogQL expression, in EventsQueryRunner's order."""
    exprs = list(node.get("where") or [])
    if node.get("properties") or node.get("fixedProperties") or node.get("filterTestAccounts"):
        exprs.append("{filters}")  # properties, fixedProperties and test-account filters, via property_to_expr
    events = [e for e in [node.get("event"), *(node.get("events") or [])] if e]
    if events:
        exprs.append(f"event = {literal(events[0])}" if len(events) == 1 else in_list("event", events))
    if node.get("personId"):
        exprs.append(in_list("distinct_id", _person_distinct_ids(node["personId"], served, now, execution)))
    before = node.get("before") or (now + BEFORE_MARGIN).isoformat()
    exprs.append(f"timestamp < {_bound(before, served, now)}")
    after = node.get("after") or DEFAULT_AFTER
    if after != "all":
        exprs.append(f"timestamp > {_bound(after, served, now)}")
    return exprs


def _order_by(node: dict[str, Any], columns: list[str], raw: list[str]) -> list[str]:
    if node.get("orderBy") is not None:
        return list(node["orderBy"])
    aggregations = [col for col in columns if has_aggregation(col)]
    if "count()" in raw:
        return ["count() DESC"]
    if aggregations:
        return [f"{unaliased(aggregations[0])} DESC"]
    if "timestamp" in raw:
        return ["timestamp DESC"]
    return [f"{unaliased(columns[0])} ASC"] if columns else []


def _filters(node: dict[str, Any]) -> dict[str, Any]:
    properties = [*(node.get("properties") or []), *(node.get("fixedProperties") or [])]
    return {"properties": properties, "filterTestAccounts": bool(node.get("filterTestAccounts"))}


def events_hogql(node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution) -> str:
    """The HogQL SELECT ``to_query`` builds for the node (paginated)."""
    columns, raw = select_columns(node), raw_select(node)
    conditions = _conditions(node, served, now, execution)
    aggregating = [col for col in columns if has_aggregation(col)]
    group_by = [unaliased(col) for col in columns if not has_aggregation(col)] if aggregating else []
    return clauses(
        [
            ("SELECT", ", ".join(columns)),
            ("FROM", "events"),
            ("WHERE", and_all([c for c in conditions if c == "{filters}" or not has_aggregation(c)])),
            ("GROUP BY", ", ".join(group_by)),
            ("HAVING", and_all([c for c in conditions if c != "{filters}" and has_aggregation(c)])),
            ("ORDER BY", ", ".join(_order_by(node, columns, raw))),
            ("", Paginator.of(node).clause),
        ]
    )


# ---- post-processing: ``*`` and ``person`` ------------------------------------------------------------------------


# The elements chain format (posthog/models/element/element.py): elements split at ``;`` outside quotes, each
# ``tag.class1.class2:key="value"key2="value2"``; the serializer's fields, and where each known key goes.
CHAIN_ELEMENT = re.compile(r'(?:[^\s;"]|"(?:\\.|[^"])*")+')
TAG_AND_ATTRIBUTES = re.compile(r"(.*?)($|:([a-zA-Z\-_0-9]*=.*))")
ATTRIBUTE = re.compile(r'(?P<key>.*?)="(?P<value>.*?[^\\])"')
ELEMENT_FIELDS = ("text", "tag_name", "attr_class", "href", "attr_id", "nth_child", "nth_of_type")
ATTRIBUTE_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "href": ("href", str), "nth-child": ("nth_child", int), "nth-of-type": ("nth_of_type", int),
    "text": ("text", str), "attr_id": ("attr_id", str),
}  # fmt: skip


def _element(order: int, text: str) -> dict[str, Any]:
    """One element of a chain as ``ElementSerializer`` renders it."""
    element: dict[str, Any] = {**dict.fromkeys(ELEMENT_FIELDS), "attributes": {}, "order": order}
    match = TAG_AND_ATTRIBUTES.match(text)
    tag, attributes = (match.group(1), match.group(3) or "") if match else ("", "")
    if tag:
        name, _, classes = tag.partition(".")
        element["tag_name"] = name
        element["attr_class"] = [c for c in classes.split(".") if c] if classes else None
    for found in ATTRIBUTE.finditer(attributes):
        key, value = found["key"], found["value"]
        target = ATTRIBUTE_FIELDS.get(key)
        if target:
            element[target[0]] = target[1](value)
        elif key:
            element["attributes"][key] = value
    return element


def chain_to_elements(chain: str) -> list[dict[str, Any]]:
    return [_element(order, text) for order, text in enumerate(CHAIN_ELEMENT.findall(chain))]


def _star_dict(value: Sequence[Any]) -> dict[str, Any]:
    event = dict(zip(STAR_FIELDS, value, strict=True))
    event["properties"] = json.loads(event["properties"])
    if event["elements_chain"]:
        event["elements"] = chain_to_elements(event["elements_chain"])
    return event


def _recorded_sessions(ids: set[str], served: ServedProject, now: datetime, execution: Execution) -> set[str]:
    """``batch_check_session_recordings``: which of these sessions have a recording."""
    if not ids:
        return set()
    query = f"SELECT session_id FROM raw_session_replay_events WHERE {in_list('session_id', sorted(ids))}"
    ran = run_hogql(query + " LIMIT 50000", context_for(served, now), served, execution)
    return {str(row[0]) for row in ran.rows}


def _expand_star(rows: list[list[Any]], index: int, served: ServedProject, now: datetime, ex: Execution) -> None:
    for row in rows:
        row[index] = _star_dict(row[index])
    sessions = {str(row[index]["properties"].get("$session_id")) for row in rows}
    recorded = _recorded_sessions({s for s in sessions if s not in ("", "None")}, served, now, ex)
    for row in rows:
        properties = row[index]["properties"]
        if properties.get("$session_id"):
            properties["$has_recording"] = properties["$session_id"] in recorded


def persons_by_distinct_id(ids: Sequence[str], served: ServedProject, now: datetime, ex: Execution) -> dict[str, Any]:
    """``get_persons_mapped_by_distinct_id``: each known distinct id's person row."""
    query = (
        "SELECT distinct_id, person.id, person.created_at, person.properties FROM person_distinct_ids "
        f"WHERE {in_list('distinct_id', sorted(set(ids)))} LIMIT 50000"
    )
    ran = run_hogql(query, context_for(served, now), served, ex)
    return {str(row[0]): row for row in ran.rows if row[1] is not None}


def _expand_person(rows: list[list[Any]], index: int, served: ServedProject, now: datetime, ex: Execution) -> None:
    persons = persons_by_distinct_id([str(row[index]) for row in rows], served, now, ex)
    for row in rows:
        found = persons.get(row[index])
        row[index] = (
            {"uuid": found[1], "created_at": found[2], "properties": json.loads(found[3] or "{}"),
             "distinct_id": row[index]}
            if found else {"distinct_id": row[index]}
        )  # fmt: skip


EXPANSIONS: dict[str, Callable[[list[list[Any]], int, ServedProject, datetime, Execution], None]] = {
    "*": _expand_star,
    "person": _expand_person,
}


def _expand(rows: list[list[Any]], raw: list[str], served: ServedProject, now: datetime, ex: Execution) -> None:
    if not rows:
        return
    for index, column in enumerate(raw):
        expansion = EXPANSIONS.get(_head(column))
        if expansion is not None:
            expansion(rows, index, served, now, ex)


def _response_columns(raw: list[str], translation: Translation) -> list[str]:
    """``columns()``: the select input, or the result's name for an aliased expression."""
    return [translation.columns[i] if is_alias(col) else col for i, col in enumerate(raw)]


events_cache_target = cache_target(RUNNER_NAME)


def calculate_events_query(
    node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution
) -> dict[str, Any]:
    """The fresh ``CachedEventsQueryResponse`` body of a validated EventsQuery node."""
    timings = Timings()
    context = context_for(served, now, filters=_filters(node))
    ran = run_hogql(events_hogql(node, served, now, execution), context, served, execution)
    timings.mark("./execute")
    rows, page = Paginator.of(node).fields(ran.rows)
    raw = raw_select(node)
    _expand(rows, raw, served, now, execution)
    target = events_cache_target(node)
    body = {
        **cached_fields(target, served, now),
        **page,
        "columns": _response_columns(raw, ran.translation),
        "error": None,
        "hogql": ran.translation.hogql,
        "modifiers": target.modifiers,
        "query_status": None,
        "resolved_date_range": None,
        "results": rows,
        "timings": timings.reported(target.modifiers),
        "types": ran.translation.types,
    }
    return dict(sorted(body.items()))
