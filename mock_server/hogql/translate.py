"""The translation pipeline: parse, resolve and print one HogQL query for DuckDB."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql.context import Translation, TranslationContext
from mock_server.hogql.dialect import parse_query
from mock_server.hogql.names import hogql_text
from mock_server.hogql.printer import Printer
from mock_server.hogql.resolver import Scope


def translate(query: str, context: TranslationContext) -> Translation:
    """HogQL → DuckDB SQL, with the response's columns and ClickHouse types."""
    tree = parse_query(query)
    printed = Printer(context).query(tree.copy(), Scope(context), top=True)
    paginated = isinstance(tree, exp.Select) and tree.args.get("limit") is None
    return Translation(
        sql=printed.sql.sql(dialect="duckdb"),
        hogql=hogql_text(_as_run(tree, context, paginated)),
        columns=[name for name, _ in printed.columns],
        types=[ch_type for _, ch_type in printed.columns],
        paginated=paginated,
    )


def _as_run(tree: exp.Expr, context: TranslationContext, paginated: bool) -> exp.Expr:
    """The query as PostHog runs it: the paginator's LIMIT and OFFSET, or the capped LIMIT."""
    if paginated:
        return tree.limit(context.default_limit + 1, copy=True).offset(0, copy=False)  # type: ignore[attr-defined,no-any-return]
    return tree
