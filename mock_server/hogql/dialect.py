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
import re
from collections.abc import Callable
from typing import Any, ClassVar

from sqlglot import exp
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.errors import ParseError, TokenError
from sqlglot.parsers.clickhouse import ClickHouseParser
from sqlglot.tokenizer_core import TokenType

from mock_server.errors import HogQLSyntaxError
from mock_server.hogql.placeholders import HogQLPlaceholder

QUERY_NODES = (exp.Select, exp.SetOperation, exp.Subquery)

# sqlglot logs a warning when it falls back to parsing a statement as a Command; we refuse those anyway.
logging.getLogger("sqlglot").setLevel(logging.ERROR)


# HogQL's regex operators (posthog/hogql/grammar/HogQLLexer.g4: REGEX_SINGLE/REGEX_DOUBLE, IREGEX_*, NOT_*).
# sqlglot has no token for the negated ones, so two tokens no HogQL query uses (Postgres' ``-|-`` and ``#-``)
# carry them; their own spellings are dropped from the keyword table below.
_REGEX_TOKENS = {
    "=~": TokenType.RLIKE,
    "=~*": TokenType.IRLIKE,
    "!~": TokenType.ADJACENT,
    "!~*": TokenType.HASH_DASH,
}


def _regex(node: type[exp.Expr], negate: bool) -> Callable[[ClickHouseParser, exp.Expr], exp.Expr]:
    def parse(self: ClickHouseParser, this: exp.Expr) -> exp.Expr:
        matched = self.expression(node(this=this, expression=self._parse_bitwise()))
        return exp.Not(this=matched) if negate else matched

    return parse


_REGEX_PARSERS = {
    TokenType.RLIKE: _regex(exp.RegexpLike, negate=False),
    TokenType.IRLIKE: _regex(exp.RegexpILike, negate=False),
    TokenType.ADJACENT: _regex(exp.RegexpLike, negate=True),
    TokenType.HASH_DASH: _regex(exp.RegexpILike, negate=True),
}


def _template_string(text: str) -> exp.Expr:
    """``f'a{x}b'`` → ``concat('a', x, 'b')``, as PostHog's parser builds it (visitTemplateString)."""
    parts: list[exp.Expr] = []
    for index, piece in enumerate(re.split(r"\{([^{}]*)\}", text)):
        if index % 2:
            parts.append(parse_expression(piece))
        elif piece:
            parts.append(exp.Literal.string(piece))
    if len(parts) == 1 and isinstance(parts[0], exp.Literal):
        return parts[0]
    return exp.Anonymous(this="concat", expressions=parts or [exp.Literal.string("")])


def _placeholder(self: ClickHouseParser) -> exp.Expr:
    """``{expr}`` after its ``{``: a HogQL placeholder (grammar rule ``placeholder: LBRACE columnExpr RBRACE``).

    ClickHouse reads ``{x}`` as a map literal and ``{x: Type}`` as a query parameter; HogQL has neither.
    """
    inner = self._parse_assignment()
    if inner is None or not self._match(TokenType.R_BRACE):
        self.raise_error("Expecting }")
    return self.expression(HogQLPlaceholder(this=inner))


# Words HogQL's grammar does not take as an alias without AS (``select 1 order`` is a syntax error there, not
# ``1 AS order``); checked one by one against PostHog's parser (hogql-parser). ``date``, ``id``, ``asc``,
# ``top``, ``totals``, ``cohort`` and plain names are aliases.
_NOT_IMPLICIT_ALIASES = frozenset(
    {
        "all", "anti", "any", "array", "as", "asof", "between", "both", "by", "case", "cast", "collate", "cross",
        "cube", "current", "day", "desc", "distinct", "else", "end", "except", "extract", "false", "filter", "first",
        "following", "for", "from", "full", "group", "having", "hour", "if", "in", "inf", "inner", "intersect",
        "interval", "is", "join", "key", "lambda", "last", "leading", "left", "limit", "minute", "month", "nan", "not",
        "null", "nulls", "offset", "on", "order", "outer", "over", "partition", "preceding", "prewhere", "qualify",
        "quarter", "range", "right", "rollup", "row", "rows", "sample", "second", "select", "semi", "settings",
        "substring", "then", "ties", "timestamp", "to", "trailing", "trim", "true", "truncate", "unbounded", "union",
        "using", "values", "week", "when", "where", "window", "with", "year",
    }
)  # fmt: skip


def _parse_alias(self: ClickHouseParser, this: exp.Expr | None, explicit: bool = False) -> exp.Expr | None:
    """sqlglot's alias rule, refusing a keyword taken as an alias without AS (HogQLParser.g4: alias)."""
    implicit = self._curr is not None and self._curr.token_type != TokenType.ALIAS
    parsed = ClickHouseParser._parse_alias(self, this, explicit)
    alias = parsed.args.get("alias") if isinstance(parsed, exp.Alias) else None
    keyword = isinstance(alias, exp.Identifier) and not alias.quoted and alias.name.lower() in _NOT_IMPLICIT_ALIASES
    if implicit and keyword and alias is not None:
        self.raise_error(f"no viable alternative at input '{alias.name}'", self._prev)
    return parsed


class HogQL(ClickHouse):
    """sqlglot dialect for HogQL."""

    INDEX_OFFSET = 0

    class Tokenizer(ClickHouse.Tokenizer):
        VAR_SINGLE_TOKENS = {"$"}
        HEREDOC_STRINGS: ClassVar[list[str | tuple[str, str]]] = []
        # f'…{expr}…' template strings; sqlglot's unused "unicode string" slot carries them to the parser.
        UNICODE_STRINGS: ClassVar[list[str | tuple[str, str]]] = [("f'", "'"), ("F'", "'")]
        SINGLE_TOKENS = {k: v for k, v in ClickHouse.Tokenizer.SINGLE_TOKENS.items() if k != "$"}
        KEYWORDS = {
            **{k: v for k, v in ClickHouse.Tokenizer.KEYWORDS.items() if v not in _REGEX_TOKENS.values()},
            **_REGEX_TOKENS,
        }

    class Parser(ClickHouseParser):
        FUNCTIONS: ClassVar[dict[str, Callable[..., Any]]] = {}
        FUNCTION_PARSERS = {k: v for k, v in ClickHouseParser.FUNCTION_PARSERS.items() if k == "CAST"}
        NO_PAREN_FUNCTIONS: ClassVar[dict[TokenType, type[exp.Func]]] = {}
        RANGE_PARSERS = {**ClickHouseParser.RANGE_PARSERS, **_REGEX_PARSERS}
        PLACEHOLDER_PARSERS = {**ClickHouseParser.PLACEHOLDER_PARSERS, TokenType.L_BRACE: _placeholder}
        _parse_alias = _parse_alias
        PRIMARY_PARSERS = {
            **ClickHouseParser.PRIMARY_PARSERS,
            TokenType.UNICODE_STRING: lambda self, token: _template_string(token.text),
        }


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
    if any(_EMPTY.get(type(node), _never)(node) for node in statements[0].walk()):
        raise HogQLSyntaxError(f"no viable alternative at input '{query.strip()}'")
    return statements[0]


def parse_expression(text: str) -> exp.Expr:
    """Parse one bare HogQL expression (an alias allowed, as PostHog's ``parse_expr``), or raise
    ``HogQLSyntaxError``: trailing clauses (``1 FROM events``) and stacked expressions are syntax errors."""
    try:
        parsed = HogQL().parse_into(exp.Expr, text)
    except (ParseError, TokenError) as error:
        raise _syntax_error(text, error) from None
    if not parsed or parsed[0] is None:
        raise HogQLSyntaxError(_UNEXPECTED_END)
    if len(parsed) != 1:
        raise HogQLSyntaxError("mismatched input ';' expecting <EOF>")
    return parsed[0]


def _never(node: exp.Expr) -> bool:
    return False


# Clauses sqlglot accepts empty where HogQL's grammar needs content: ``select``, ``select 1 group by``.
_EMPTY: dict[type[exp.Expr], Callable[[exp.Expr], bool]] = {
    exp.Select: lambda node: not node.expressions,
    exp.Group: lambda node: not any(node.args.values()),
}


def _first_token(query: str) -> str:
    stripped = query.lstrip()
    if stripped[:1] in ("(", "{", "<"):
        return stripped[:1]
    words = stripped.split(None, 1)
    return words[0].rstrip(";") if words else ""
