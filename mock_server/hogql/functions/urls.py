"""URL functions, with ClickHouse's parsing rules written as RE2 regular expressions (checked against chdb).

ClickHouse reads a host after ``scheme://`` or ``//``, or at the very start when there is no scheme
(``domain('x.com/a')`` is ``x.com``); a host must end at ``:port``, ``/``, ``?``, ``#`` or the end, so
``mailto:a@b.com`` and ``https://user:pw@x.com`` have no domain.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    fixed,
    propagating,
    sql,
)

_SCHEME = r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|//)?"
_URL_HOST = rf"^{_SCHEME}([^/:?#@]+)(?::\d|[/?#]|$)"
_URL_PORT = rf"^{_SCHEME}[^/:?#@]+:(\d+)"
_URL_REST = r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?(?://)?[^/?#]*"
_QUERY = r"\?([^#]*)"


def _regex_group(pattern: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return exp.Anonymous(
            this="regexp_extract", expressions=[args[0], exp.Literal.string(pattern), exp.Literal.number(1)]
        )

    return render


def _on_domain(template: str) -> Render:
    """A rule applied to the domain, ``{d}`` standing for it."""
    domain = f"regexp_extract({{0}}, '{_URL_HOST}', 1)"
    return sql(template.replace("{d}", domain))


def _cut(pattern: str, replacement: str = "") -> Render:
    return sql(f"regexp_replace({{0}}, '{pattern}', '{replacement}')")


def _url_parameter(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    name = exp.Anonymous(this="regexp_escape", expressions=[args[1]])
    pattern = exp.DPipe(
        this=exp.DPipe(this=exp.Literal.string("[?&]"), expression=name),
        expression=exp.Literal.string("=([^&#]*)"),
    )
    return exp.Anonymous(this="regexp_extract", expressions=[args[0], pattern, exp.Literal.number(1)])


_QUERY_STRING = f"regexp_extract({{0}}, '{_QUERY}', 1)"
_STRING = propagating("String")

FUNCTIONS: dict[str, Function] = {
    "protocol": Function(1, 1, _regex_group(r"^([a-zA-Z][a-zA-Z0-9+.-]*):"), _STRING),
    "domain": Function(1, 1, _regex_group(_URL_HOST), _STRING),
    "domainWithoutWWW": Function(1, 1, _on_domain(r"regexp_replace({d}, '^www\.', '')"), _STRING),
    "topLevelDomain": Function(1, 1, _on_domain(r"regexp_extract({d}, '\.([^.]+)$', 1)"), _STRING),
    "port": Function(
        1,
        1,
        sql(f"CAST(coalesce(nullif(regexp_extract({{0}}, '{_URL_PORT}', 1), ''), '0') AS USMALLINT)"),
        fixed("UInt16"),
    ),
    "path": Function(1, 1, _regex_group(_URL_REST + "([^?#]*)"), _STRING),
    "pathFull": Function(1, 1, _regex_group(_URL_REST + "(.*)$"), _STRING),
    "queryString": Function(1, 1, _regex_group(_QUERY), _STRING),
    "fragment": Function(1, 1, _regex_group("#(.*)$"), _STRING),
    "extractURLParameter": Function(2, 2, _url_parameter, _STRING),
    "extractURLParameters": Function(
        1, 1, sql(f"regexp_extract_all({_QUERY_STRING}, '[^&]+')"), fixed("Array(String)")
    ),
    "extractURLParameterNames": Function(
        1, 1, sql(f"regexp_extract_all({_QUERY_STRING}, '(?:^|&)([^&=]+)', 1)"), fixed("Array(String)")
    ),
    "cutQueryString": Function(1, 1, _cut(r"\?[^#]*"), _STRING),
    "cutFragment": Function(1, 1, _cut("#.*$"), _STRING),
    "cutQueryStringAndFragment": Function(1, 1, _cut("[?#].*$"), _STRING),
    "cutWWW": Function(1, 1, _cut(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)www\.", r"\1"), _STRING),
    "decodeURLComponent": Function(1, 1, sql("url_decode({0})"), _STRING),
    "encodeURLComponent": Function(1, 1, sql("url_encode({0})"), _STRING),
}
