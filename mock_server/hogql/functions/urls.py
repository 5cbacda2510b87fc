"""URL functions, with ClickHouse's parsing rules written as RE2 regular expressions (checked against chdb).

ClickHouse reads a host after ``scheme://`` or ``//``, or at the very start when there is no scheme
(``domain('x.com/a')`` is ``x.com``); a host needs a dot and no forbidden characters, so ``localhost``,
``not a url``, ``mailto:a@b.com`` and ``https://user:pw@x.com`` have no domain (see ``_DOMAIN``).
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
_URL_PORT = rf"^{_SCHEME}(?:[^@/?#]*@)?[^/:?#@]+:(\d+)(?:[/?#]|$)"  # digits up to the path, else 0
_URL_REST = r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?(?://)?[^/?#]*"
_QUERY = r"\?([^#]*)"


def _regex_group(pattern: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return exp.Anonymous(
            this="regexp_extract", expressions=[args[0], exp.Literal.string(pattern), exp.Literal.number(1)]
        )

    return render


# ClickHouse's host rules (getURLHost in src/Functions/URL/domain.h; each checked in chdb): a scheme is skipped
# only when its '://' ends within the first 16 characters; the scan reads up to '/', '?', '#' or the first ':';
# a character URLs forbid (space, <, %, = …) in that scan, or in the scheme scan, means no host at all; the host
# follows the last '@' (if any); the scanned text must hold a '.', and the host must not be empty or end in '.'.
# Templates here hold regex braces, so ``URL`` (the argument) is substituted by name, not by str.format.
_FORBIDDEN = r"[ \t<>%{}|\\^~\[\];=&]"
_SCANNED = r"regexp_extract(regexp_replace(URL, '^(?://|.[a-zA-Z0-9.+-]{0,12}://)', ''), '^[^/?#:]*')"
_HOST = f"regexp_extract({_SCANNED}, '[^@]*$')"
_BROKEN = " OR ".join(
    [
        f"(NOT starts_with(URL, '//') AND regexp_matches(URL, '^.[a-zA-Z0-9.+-]{{0,14}}{_FORBIDDEN}'))",
        f"regexp_matches({_SCANNED}, '{_FORBIDDEN}')",
        f"strpos({_SCANNED}, '.') = 0",
        f"NOT regexp_matches({_HOST}, '[^.]$')",
    ]
).replace("{{0,14}}", "{0,14}")
_DOMAIN = f"(CASE WHEN {_BROKEN} THEN left(URL, 0) ELSE {_HOST} END)"
_PORT = f"coalesce(nullif(regexp_extract(URL, '{_URL_PORT}', 1), ''), '0')"


def _on_url(template: str) -> Render:
    """DuckDB SQL with ``URL`` standing for the argument."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return exp.maybe_parse(template.replace("URL", f"({args[0].sql('duckdb')})"), dialect="duckdb")

    return render


def _on_domain(template: str) -> Render:
    """A rule applied to the domain, ``{d}`` standing for it."""
    return _on_url(template.replace("{d}", _DOMAIN))


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
    "domain": Function(1, 1, _on_domain("{d}"), _STRING),
    "domainWithoutWWW": Function(1, 1, _on_domain(r"regexp_replace({d}, '^www\.', '')"), _STRING),
    "topLevelDomain": Function(1, 1, _on_domain(r"regexp_extract({d}, '\.([^.]+)$', 1)"), _STRING),
    "port": Function(
        1,
        1,
        _on_domain(f"CAST(CASE WHEN {{d}} = '' THEN '0' ELSE {_PORT} END AS USMALLINT)"),  # no host, no port
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
