"""Running an ActorsQuery over persons: the node becomes one HogQL SELECT over ``persons``, through the translator.

PostHog's ``ActorsQueryRunner`` with its ``PersonStrategy`` (``posthog/hogql_queries/actors_query_runner.py``,
``actor_strategies.py``): the default columns are ``person``, ``id`` and ``person.$delete``; ``person`` (or
``actor``) selects ``id`` and is replaced afterwards by the person (``{id, properties, is_identified, created_at,
distinct_ids}``, or ``{id}`` when missing), ``person.$delete`` is the constant ``1``. ``properties`` and
``fixedProperties`` are person-scope property filters, ``search`` matches email, name, id or a distinct id
(``ILIKE``). ``orderBy`` ``["person"]`` (``ASC``/``DESC``) orders by the email property; without ``orderBy``:
``count()`` or the first aggregation descending, ``created_at`` descending when selected, else the first column
ascending. A ``source`` HogQLQuery is joined as ``source`` on its id column. Pagination as EventsQuery's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from mock_server.errors import ServerError, ValidationError
from mock_server.hogql.dialect import parse_query
from mock_server.hogql.filters import property_to_expr
from mock_server.hogql.names import hogql_text
from mock_server.hogql.placeholders import Grouped
from mock_server.runner.caching import cache_target
from mock_server.runner.events_query import (
    Paginator,
    and_all,
    cached_fields,
    clauses,
    context_for,
    has_aggregation,
    in_list,
    literal,
    run_hogql,
    unaliased,
)
from mock_server.runner.hogql_query import Timings
from mock_server.runner.jobs import Execution

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import ServedProject

RUNNER_NAME = "ActorsQueryRunner"
DEFAULT_COLUMNS = ("person", "id", "person.$delete")
ACTOR_COLUMNS = frozenset({"person", "actor"})
# input column → what the query selects for it (to_query)
SUBSTITUTES = {"person.$delete": "1", "person": "id", "actor": "id"}
PERSON_ORDER = {("person",): "ASC", ("person ASC",): "ASC", ("person DESC",): "DESC"}
# The person property ``orderBy: ["person"]`` sorts by when the team sets no display-name properties.
ORDER_PROPERTY = "email"
# source_id_column: an alias with one of these names wins, else the first column naming an id.
SOURCE_ID_ALIASES = ("group_key", "actor_id", "person_id")
SEARCH = (
    "toString(properties.email) ILIKE {s} OR toString(properties.name) ILIKE {s} OR toString(id) ILIKE {s} OR "
    "id IN (SELECT person_id FROM person_distinct_ids WHERE ilike(distinct_id, {s}))"
)


def input_columns(node: dict[str, Any]) -> list[str]:
    return list(node.get("select") or DEFAULT_COLUMNS)


def _person_filter(properties: Any, served: ServedProject, now: datetime) -> str:
    """``property_to_expr(…, scope="person")`` as HogQL text."""
    tree = property_to_expr(properties, "person", context_for(served, now))
    for grouped in list(tree.find_all(Grouped)):
        grouped.replace(exp.Paren(this=grouped.this))
    if isinstance(tree, Grouped):
        tree = exp.Paren(this=tree.this)
    return hogql_text(tree)


def _conditions(node: dict[str, Any], served: ServedProject, now: datetime) -> list[str]:
    exprs = [_person_filter(node[key], served, now) for key in ("properties", "fixedProperties") if node.get(key)]
    if node.get("search"):
        exprs.append(SEARCH.format(s=literal(f"%{node['search']}%")))
    return exprs


def _order_by(node: dict[str, Any], columns: list[str]) -> list[str]:
    order = node.get("orderBy")
    if order is not None:
        direction = PERSON_ORDER.get(tuple(order))
        return [f"properties.{ORDER_PROPERTY} {direction}"] if direction else list(order)
    aggregations = [col for col in columns if has_aggregation(col)]
    if "count()" in input_columns(node):
        return ["count() DESC"]
    if aggregations:
        return [f"{unaliased(aggregations[0])} DESC"]
    if "created_at" in input_columns(node):
        return ["created_at DESC"]
    return [f"{unaliased(columns[0])} ASC"] if columns else []


def _source_id(select: list[exp.Expr]) -> str:
    """``source_id_column``: the column of the source query that holds the actor id."""
    for column in select:
        if isinstance(column, exp.Alias) and column.alias in SOURCE_ID_ALIASES:
            return column.alias
    for column in select:
        if isinstance(column, exp.Alias) and "id" in column.alias:
            return column.alias
        if isinstance(column, exp.Column) and any("id" in part.name.lower() for part in column.parts):
            return ".".join(part.name for part in column.parts)
    raise ServerError()  # a plain ValueError("Source query must have an id column") in PostHog: a 500


def _source_join(source: dict[str, Any]) -> str:
    if source.get("kind") != "HogQLQuery":
        raise ValidationError(f"hogmock does not implement ActorsQuery sources of kind {source.get('kind')} yet.")
    query = str(source.get("query", ""))
    select = parse_query(query)
    if not isinstance(select, exp.Select):
        raise ServerError()
    return f"({query}) AS source INNER JOIN persons ON persons.id = source.{_source_id(select.expressions)}"


def actors_hogql(node: dict[str, Any], served: ServedProject, now: datetime) -> str:
    """The HogQL SELECT ``ActorsQueryRunner.to_query`` builds for the node (paginated)."""
    columns = [SUBSTITUTES.get(col, col) for col in input_columns(node)]
    conditions = _conditions(node, served, now)
    aggregating = any(has_aggregation(col) for col in columns)
    group_by = [c for c, raw in zip(columns, input_columns(node), strict=True)
                if not has_aggregation(c) and raw != "person.$delete"] if aggregating else []  # fmt: skip
    source = node.get("source")
    return clauses(
        [
            ("SELECT", ", ".join(columns)),
            ("FROM", _source_join(source) if source else "persons"),
            ("WHERE", and_all([c for c in conditions if not has_aggregation(c)])),
            ("GROUP BY", ", ".join(group_by)),
            ("HAVING", and_all([c for c in conditions if has_aggregation(c)])),
            ("ORDER BY", ", ".join(_order_by(node, columns))),
            ("", Paginator.of(node).clause),
        ]
    )


def get_actors(ids: list[str], served: ServedProject, now: datetime, execution: Execution) -> dict[str, Any]:
    """``PersonStrategy.get_actors``: each found person by its id, with its distinct ids."""
    context = context_for(served, now)
    wanted = in_list("toString(person_id)", sorted(set(ids)))
    pairs = run_hogql(f"SELECT person_id, distinct_id FROM person_distinct_ids WHERE {wanted} LIMIT 50000",
                      context, served, execution).rows  # fmt: skip
    wanted = in_list("toString(id)", sorted(set(ids)))
    people = run_hogql(f"SELECT id, properties, is_identified, created_at FROM persons WHERE {wanted} LIMIT 50000",
                       context, served, execution).rows  # fmt: skip
    return {
        str(row[0]): {"id": row[0], "properties": json.loads(row[1] or "{}"), "is_identified": bool(row[2]),
                      "created_at": row[3], "distinct_ids": [d for p, d in pairs if p == row[0]]}
        for row in people
    }  # fmt: skip


def _enrich(rows: list[list[Any]], columns: list[str], served: ServedProject, now: datetime, ex: Execution) -> Any:
    """Actor columns replaced by the actor; returns ``missing_actors_count`` (None without an actor column)."""
    missing = None
    for index, column in enumerate(columns):
        if column not in ACTOR_COLUMNS:
            continue
        actors = get_actors([str(row[index]) for row in rows], served, now, ex)
        missing = len(rows) - len(actors)
        for row in rows:
            row[index] = actors.get(str(row[index])) or {"id": str(row[index])}
    return missing


actors_cache_target: Callable[[dict[str, Any]], Any] = cache_target(RUNNER_NAME)


def calculate_actors_query(
    node: dict[str, Any], served: ServedProject, now: datetime, execution: Execution
) -> dict[str, Any]:
    """The fresh ``CachedActorsQueryResponse`` body of a validated ActorsQuery node."""
    timings = Timings()
    ran = run_hogql(actors_hogql(node, served, now), context_for(served, now), served, execution)
    timings.mark("./execute")
    rows, page = Paginator.of(node).fields(ran.rows)
    missing = _enrich(rows, input_columns(node), served, now, execution)
    target = actors_cache_target(node)
    body = {
        **cached_fields(target, served, now),
        **page,
        "columns": input_columns(node),
        "error": None,
        "hogql": ran.translation.hogql,
        "missing_actors_count": missing,
        "modifiers": target.modifiers,
        "query_status": None,
        "resolved_date_range": None,
        "results": rows,
        # ActorsQueryRunner is a plain QueryRunner: it reports the executor's timings whatever the modifiers say.
        "timings": timings.report(),
        "types": ran.translation.types,
    }
    return dict(sorted(body.items()))
