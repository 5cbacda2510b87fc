"""The translation pipeline: parse, substitute placeholders, resolve and print one HogQL query for DuckDB.

Placeholders are replaced in PostHog's order (``posthog/hogql_queries/hogql_query_runner.py`` ``to_query`` and
``posthog/hogql/query.py``): ``values`` (when given, they answer every placeholder), else ``{filters…}``,
``{variables.…}``, and any placeholder left fails as HogVM's missing global.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import placeholders as P
from mock_server.hogql.context import Translation, TranslationContext
from mock_server.hogql.dialect import parse_query
from mock_server.hogql.expansions import expand_calls
from mock_server.hogql.filters import replace_filters
from mock_server.hogql.names import hogql_text
from mock_server.hogql.printer import Printer
from mock_server.hogql.resolver import Scope
from mock_server.hogql.select import has_limit


def translate(query: str, context: TranslationContext) -> Translation:
    """HogQL → DuckDB SQL, with the response's columns and ClickHouse types."""
    tree = expand_calls(substitute(parse_query(query), context))
    printed = Printer(context).query(tree, Scope(context), top=True)
    paginated = isinstance(tree, exp.Select) and not has_limit(tree)
    return Translation(
        sql=printed.sql.sql(dialect="duckdb"),
        hogql=_as_run(tree, context, paginated),
        columns=[name for name, _ in printed.columns],
        types=[ch_type for _, ch_type in printed.columns],
        paginated=paginated,
    )


def substitute(tree: exp.Expr, context: TranslationContext) -> exp.Expr:
    """Every placeholder replaced by its value, or the error PostHog gives for it."""
    if context.values:
        return P.replace_values(tree, context.values)
    tree = replace_filters(tree, context)
    if context.variables:
        tree = P.replace_variables(tree, context.variables, context.insight_variables)
    return P.replace_remaining(tree)


def _as_run(tree: exp.Expr, context: TranslationContext, paginated: bool) -> str:
    """The query as PostHog runs it: the paginator's LIMIT and OFFSET, or the capped LIMIT. A ``LIMIT n BY x``
    keeps its place and the paginator's LIMIT follows it (sqlglot's tree holds one LIMIT only)."""
    if not paginated:
        return hogql_text(tree)
    paging = f"LIMIT {context.default_limit + 1} OFFSET 0"
    if tree.args.get("limit") is not None:  # a paginated query's own LIMIT is a LIMIT BY
        return f"{hogql_text(tree)} {paging}"
    return hogql_text(tree.limit(context.default_limit + 1, copy=True).offset(0, copy=False))  # type: ignore[attr-defined]
