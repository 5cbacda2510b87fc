"""URL functions, with ClickHouse's parsing rules written as regular expressions."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    propagating,
)

_URL_HOST = r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//(?:[^/@?#]*@)?([^/:?#]*)"


_URL_PATH = r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)"


def _regex_group(pattern: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return exp.Anonymous(
            this="regexp_extract", expressions=[args[0], exp.Literal.string(pattern), exp.Literal.number(1)]
        )

    return render


def _url_parameter(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    name = exp.Anonymous(this="regexp_escape", expressions=[args[1]])
    pattern = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string("[?&]"), expression=name),
        expression=exp.Literal.string("=([^&#]*)"),
    )
    return exp.Anonymous(this="regexp_extract", expressions=[args[0], pattern, exp.Literal.number(1)])


FUNCTIONS: dict[str, Function] = {
    "domain": Function(1, 1, _regex_group(_URL_HOST), propagating("String")),
    "path": Function(1, 1, _regex_group(_URL_PATH), propagating("String")),
    "extractURLParameter": Function(2, 2, _url_parameter, propagating("String")),
}
