"""HogQLMetadata: is a HogQL query (``hogQL``) or expression (``hogQLExpr``) valid, and where is it wrong.

Computed inline, never cached (``posthog/api/services/query.py``), as ``posthog/hogql/metadata.py``
``get_hogql_metadata`` does: ``hogQL`` parses the SELECT, substitutes ``{filters}``/variables, records the tables
it names (``table_names``, CTE names excluded) and prints it for ClickHouse (``ch_table_names``); ``hogQLExpr``
prints ``SELECT <expr> FROM events``. Either goes through hogmock's translator. An exposed HogQL error becomes
``isValid: false`` with one ``HogQLNotice{message, start, end}``; other languages (Hog, templates) are not
implemented and get a 400 that says so.

Positions: hogmock's parser does not yet attach offsets to every error (``HogQLError.start``/``end`` when it
does), so they are recovered here: a syntax error's from sqlglot's line/column, a resolution error's from the
first occurrence of the name it cites.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from mock_server.errors import HogQLError, HogQLSyntaxError, ValidationError
from mock_server.hogql import translate
from mock_server.hogql.dialect import HogQL, parse_query
from mock_server.runner.events_query import context_for

if TYPE_CHECKING:  # the backend imports the runner's job pool, so the runner cannot import it back at load
    from mock_server.backend import ServedProject

EXPR_PREFIX = "SELECT "
EXPR_SUFFIX = " FROM events"
# HogQL table → the ClickHouse table PostHog prints for it [UNCONFIRMED for the lazy tables].
CH_TABLES = {
    "events": "events",
    "persons": "person",
    "person_distinct_ids": "person_distinct_id2",
    "groups": "groups",
    "sessions": "raw_sessions",
    "session_replay_events": "session_replay_events",
    "raw_session_replay_events": "session_replay_events",
}
# execute_explain_get_index_use needs ClickHouse's EXPLAIN; DuckDB has none, so hogmock cannot decide.
INDEX_USAGE = "undecisive"
# Error messages naming the text they are about: the first match locates the error in the query.
NAMED_IN_MESSAGE = (
    re.compile(r"Unable to resolve field: (?P<name>\S+)"),
    re.compile(r"Unknown table `?(?P<name>[^`\s.]+)"),
    re.compile(r"function call '(?P<name>[^'(]+)\("),
    re.compile(r"[Ff]unction '(?P<name>[^']+)'"),
    re.compile(r"mismatched input '(?P<name>[^']+)'"),
)


@dataclass(frozen=True)
class Checked:
    """What checking a query found out before or instead of failing."""

    table_names: list[str]
    ch_table_names: list[str] | None = None
    index_usage: str | None = None


def _table_names(tree: exp.Expr) -> list[str]:
    """``get_table_names``: tables named in FROM/JOIN, CTE names excluded (PostHog's order is a set's; sorted)."""
    ctes = {cte.alias for cte in tree.find_all(exp.CTE)}
    return sorted({t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes})


def _check_query(query: str, node: dict[str, Any], served: ServedProject, now: datetime) -> Checked:
    names = _table_names(parse_query(query))
    context = context_for(served, now, filters=node.get("filters"), variables=node.get("variables"))
    translate(query, context)
    return Checked(names, sorted({CH_TABLES.get(name, name) for name in names}), INDEX_USAGE)


def _check_expr(query: str, node: dict[str, Any], served: ServedProject, now: datetime) -> Checked:
    parse_query(f"{EXPR_PREFIX}{query}")  # parse_expr first: a syntax error is about the expression alone
    translate(f"{EXPR_PREFIX}{query}{EXPR_SUFFIX}", context_for(served, now))
    return Checked([])


# language → (checker, how many characters hogmock put before the user's text)
LANGUAGES: dict[str, tuple[Callable[[str, dict[str, Any], ServedProject, datetime], Checked], int]] = {
    "hogQL": (_check_query, 0),
    "hogQLExpr": (_check_expr, len(EXPR_PREFIX)),
}


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    return sum(len(item) + 1 for item in lines[: line - 1]) + col


def _syntax_position(text: str) -> tuple[int, int] | None:
    """Where sqlglot stops on ``text``: the highlighted token's character range."""
    try:
        HogQL().parse(text)
    except (ParseError, TokenError) as error:
        details = getattr(error, "errors", None) or [{}]
        line, col = details[0].get("line"), details[0].get("col")
        if line and col:
            end = _offset(text, int(line), int(col))
            return end - len(str(details[0].get("highlight") or "")), end
    return None


def _call_end(text: str, start: int) -> int:
    """The end of the call whose ``(`` is at ``start``: the node a function error is about is the whole call."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return len(text)


def _named_position(text: str, message: str) -> tuple[int, int] | None:
    for pattern in NAMED_IN_MESSAGE:
        match = pattern.search(message)
        found = text.find(match["name"]) if match else -1
        if match and found >= 0:
            end = found + len(match["name"])
            return found, _call_end(text, end) if text[end : end + 1] == "(" else end
    return None


def position(error: HogQLError, text: str, shift: int) -> tuple[int | None, int | None]:
    """The error's character range in the user's text (``text`` is what the translator saw)."""
    if error.start is not None:
        return error.start - shift, (error.end if error.end is not None else error.start) - shift
    found = _syntax_position(text) if isinstance(error, HogQLSyntaxError) else None
    found = found or _named_position(text, error.detail)
    if found is None:
        return None, None
    limit = len(text) - shift
    start, end = (min(max(at - shift, 0), limit) for at in found)
    return (end, start) if end < start else (start, end)  # metadata.py swaps a reversed range


def notice(message: str, start: int | None, end: int | None) -> dict[str, Any]:
    """A ``HogQLNotice``, every key present."""
    return {"end": end, "fix": None, "message": message, "start": start}


def _body(node: dict[str, Any], checked: Checked, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Every key of ``HogQLMetadataResponse``, in the schema's (ASCII) order."""
    return {
        "ch_table_names": checked.ch_table_names,
        "errors": errors,
        "isUsingIndices": checked.index_usage,
        "isValid": not errors,
        "notices": [],
        "query": node["query"],
        "table_names": checked.table_names,
        "warnings": [],
    }


def hogql_metadata(node: dict[str, Any], served: ServedProject, now: datetime) -> dict[str, Any]:
    """The ``HogQLMetadataResponse`` body of a validated HogQLMetadata node."""
    language = node["language"]
    if language not in LANGUAGES:
        raise ValidationError(f"hogmock does not implement HogQLMetadata for language {language} yet.")
    check, shift = LANGUAGES[language]
    query = node["query"]
    try:
        return _body(node, check(query, node, served, now), [])
    except HogQLError as error:
        text = f"{EXPR_PREFIX}{query}" if shift else query
        start, end = position(error, text, shift)
        names = _table_names_or_empty(query) if language == "hogQL" else []
        return _body(node, Checked(names), [notice(error.detail, start, end)])


def _table_names_or_empty(query: str) -> list[str]:
    """The table names, when the query parses (get_table_names runs after parsing, before printing)."""
    try:
        return _table_names(parse_query(query))
    except HogQLError:
        return []
