"""The HogQL dialect: ClickHouse's grammar as sqlglot parses it, with HogQL's lexical differences.

Differences from sqlglot's ClickHouse dialect, each small and declared as data:
- ``$`` is part of identifiers (``properties.$browser``, ``$session_id``), not a heredoc quote;
- every function call parses to ``Anonymous`` (keeping the HogQL name, which is case-sensitive), so that
  our own function table, not sqlglot's, decides what each name means;
- array indexes stay as written (``arr[1]`` is 1-based in HogQL, and ``[0]`` must be rejected).

``parse_query`` accepts exactly one SELECT (or set operation of SELECTs): HogQL's grammar has no other
statement, so ``COPY``, ``ATTACH``, ``PRAGMA``, ``SET`` and stacked statements are syntax errors, worded as
PostHog's parser words them where that is known.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.errors import ParseError, TokenError
from sqlglot.parsers.clickhouse import ClickHouseParser
from sqlglot.tokenizer_core import TokenType

from mock_server.errors import HogQLSyntaxError

QUERY_NODES = (exp.Select, exp.SetOperation, exp.Subquery)

# sqlglot logs a warning when it falls back to parsing a statement as a Command; we refuse those anyway.
logging.getLogger("sqlglot").setLevel(logging.ERROR)


class HogQL(ClickHouse):
    """sqlglot dialect for HogQL."""

    INDEX_OFFSET = 0

    class Tokenizer(ClickHouse.Tokenizer):
        VAR_SINGLE_TOKENS = {"$"}
        HEREDOC_STRINGS: ClassVar[list[str | tuple[str, str]]] = []
        SINGLE_TOKENS = {k: v for k, v in ClickHouse.Tokenizer.SINGLE_TOKENS.items() if k != "$"}

    class Parser(ClickHouseParser):
        FUNCTIONS: ClassVar[dict[str, Callable[..., Any]]] = {}
        FUNCTION_PARSERS = {k: v for k, v in ClickHouseParser.FUNCTION_PARSERS.items() if k == "CAST"}
        NO_PAREN_FUNCTIONS: ClassVar[dict[TokenType, type[exp.Func]]] = {}


# What PostHog's ANTLR grammar says when a query does not start a SELECT (posthog/hogql/test/test_metadata.py).
_EXPECTING_SELECT = "expecting {SELECT, WITH, '{', '(', '<'}"
# posthog/hogql/errors.py rewrites "mismatched input '<EOF>'" to this.
_UNEXPECTED_END = "Unexpected end of query. Check for a missing closing bracket, quote, or clause."
_STARTS = ("select", "with", "(", "{", "<")


def _syntax_error(query: str, error: ParseError | TokenError) -> HogQLSyntaxError:
    details = getattr(error, "errors", None) or [{}]
    first = details[0]
    message = first.get("description") or str(error).splitlines()[0]
    if first.get("line") and _at_end(query, first):
        return HogQLSyntaxError(_UNEXPECTED_END)
    line, col = first.get("line"), first.get("col")
    where = f" at line {line}, column {col}" if line else ""
    return HogQLSyntaxError(f"Syntax error{where}: {message}")


def _at_end(query: str, detail: dict[str, object]) -> bool:
    """True when the parser ran out of input (the error points at the end of the query)."""
    lines = query.rstrip().splitlines() or [""]
    return (
        detail.get("line") == len(lines)
        and int(str(detail.get("col"))) >= len(lines[-1])
        and ("SENTINEL" in str(detail.get("description")) or str(detail.get("description")).startswith("Expect"))
    )


def parse_query(query: str) -> exp.Expr:
    """Parse one HogQL SELECT, or raise ``HogQLSyntaxError``."""
    first = _first_token(query)
    if first.lower() not in _STARTS:
        raise HogQLSyntaxError(f"mismatched input '{first or '<EOF>'}' {_EXPECTING_SELECT}")
    try:
        statements = HogQL().parse(query)
    except (ParseError, TokenError) as error:
        raise _syntax_error(query, error) from None
    if len(statements) != 1 or not isinstance(statements[0], QUERY_NODES):
        raise HogQLSyntaxError("mismatched input ';' expecting <EOF>")
    return statements[0]


def _first_token(query: str) -> str:
    stripped = query.lstrip()
    if stripped[:1] in ("(", "{", "<"):
        return stripped[:1]
    words = stripped.split(None, 1)
    return words[0].rstrip(";") if words else ""
