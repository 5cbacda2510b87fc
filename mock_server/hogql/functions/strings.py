"""String functions (``posthog/hogql/functions/clickhouse/strings.py``); lengths count bytes, as in ClickHouse.

Regular expressions are RE2 in both engines, so patterns and ``\\1`` back-references pass through unchanged.
"""

from __future__ import annotations

import re

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.conversions import to_string
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    call,
    fixed,
    propagating,
    sql,
)


def _text(arg: exp.Expr, ch_type: str) -> exp.Expr:
    return arg if T.unwrap(ch_type) == "String" else to_string(arg, ch_type)


def _concat(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL prints concat's arguments as ifNull(toString(x), '') (posthog/hogql/printer.py), so NULLs vanish.
    return exp.Anonymous(this="concat", expressions=[_text(a, t) for a, t in zip(args, types, strict=True)])


def _length(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's length counts bytes for strings (lengthUTF8 counts characters).
    name = "len" if T.unwrap(types[0]).startswith("Array(") else "strlen"
    return exp.Anonymous(this=name, expressions=list(args))


def _reverse(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    name = "list_reverse" if T.unwrap(types[0]).startswith("Array(") else "reverse"
    return exp.Anonymous(this=name, expressions=list(args))


def _trim(function: str) -> Render:
    """trim/ltrim/rtrim: spaces only by default (ClickHouse), or the characters of the second argument."""
    return lambda args, types, ctx: exp.Anonymous(this=function, expressions=list(args))


def _extract(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # extract(s, re): the first capturing group if the pattern has one, else the whole match; '' when none.
    return exp.Anonymous(this="regexp_extract", expressions=[args[0], args[1], exp.Literal.number(_group(args[1]))])


def _extract_all(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Anonymous(this="regexp_extract_all", expressions=[args[0], args[1], exp.Literal.number(_group(args[1]))])


_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


def _group(pattern: exp.Expr) -> int:
    text = str(pattern.this) if isinstance(pattern, exp.Literal) and pattern.is_string else ""
    return 1 if _CAPTURING.search(text.replace("\\\\", "")) else 0


def _position(insensitive: bool) -> Render:
    # 1-based byte offset of the first match, 0 when absent (ClickHouse counts bytes; DuckDB counts characters).
    fold = "lower" if insensitive else ""
    found = f"strpos({fold}({{0}}), {fold}({{1}}))"
    return sql(f"CAST(CASE WHEN {found} = 0 THEN 0 ELSE strlen(left({{0}}, {found} - 1)) + 1 END AS UBIGINT)")


def _format(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's format uses {} and {0}, as DuckDB's fmt-based format does.
    return exp.Anonymous(this="format", expressions=[_text(a, t) for a, t in zip(args, types, strict=True)])


def _concat_with_separator(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # NULL in any argument gives NULL, which DuckDB's || does (concat_ws would skip it).
    parts = [_text(a, t) for a, t in zip(args[1:], types[1:], strict=True)]
    joined = parts[0]
    for part in parts[1:]:
        joined = exp.DPipe(this=exp.DPipe(this=joined, expression=args[0].copy()), expression=part)
    return joined


def _substring(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse: offset 0 selects nothing ('' — hogql.md §3.1); DuckDB would start at 1.
    template = "CASE WHEN {1} = 0 THEN '' ELSE substring({0}, {1}" + (", {2})" if len(args) > 2 else ")") + " END"
    return sql(template)(args, types, ctx)


def _pad(function: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        filler = args[2] if len(args) > 2 else exp.Literal.string(" ")
        return exp.Anonymous(this=function, expressions=[args[0], args[1], filler])

    return render


def _split(function: str) -> Render:
    """splitByChar(sep, s) & co. take the separator first; DuckDB takes the string first."""
    return lambda args, types, ctx: exp.func(
        "coalesce", exp.Anonymous(this=function, expressions=[args[1], args[0]]), exp.Array(expressions=[])
    )


_STRING = propagating("String")

FUNCTIONS: dict[str, Function] = {
    "lower": Function(1, 1, call("lower"), _STRING),
    "upper": Function(1, 1, call("upper"), _STRING),
    "length": Function(1, 1, _length, propagating("UInt64")),
    "lengthUTF8": Function(1, 1, call("length"), propagating("UInt64")),
    "concat": Function(2, None, _concat, fixed("String")),
    "concatWithSeparator": Function(2, None, _concat_with_separator, _STRING),
    "format": Function(1, None, _format, _STRING),
    "substring": Function(2, 3, _substring, _STRING),
    "left": Function(2, 2, call("left"), _STRING),
    "right": Function(2, 2, call("right"), _STRING),
    "leftPad": Function(2, 3, _pad("lpad"), _STRING),
    "rightPad": Function(2, 3, _pad("rpad"), _STRING),
    "trim": Function(1, 2, _trim("trim"), _STRING),
    "trimBoth": Function(1, 2, _trim("trim"), _STRING),
    "ltrim": Function(1, 1, _trim("ltrim"), _STRING),
    "trimLeft": Function(1, 2, _trim("ltrim"), _STRING),
    "rtrim": Function(1, 1, _trim("rtrim"), _STRING),
    "trimRight": Function(1, 2, _trim("rtrim"), _STRING),
    "replace": Function(3, 3, call("replace"), _STRING),
    "replaceAll": Function(3, 3, call("replace"), _STRING),
    "replaceOne": Function(
        3,
        3,
        sql(
            "CASE WHEN strpos({0}, {1}) > 0 AND {1} <> '' THEN left({0}, strpos({0}, {1}) - 1) || {2} || "
            "substring({0}, strpos({0}, {1}) + length({1})) ELSE {0} END"
        ),
        _STRING,
    ),
    "replaceRegexpAll": Function(3, 3, sql("regexp_replace({0}, {1}, {2}, 'g')"), _STRING),
    "replaceRegexpOne": Function(3, 3, call("regexp_replace"), _STRING),
    "splitByChar": Function(2, 2, _split("string_split"), fixed("Array(String)")),
    "splitByString": Function(2, 2, _split("string_split"), fixed("Array(String)")),
    "splitByRegexp": Function(2, 2, _split("string_split_regex"), fixed("Array(String)")),
    "position": Function(2, 2, _position(False), propagating("UInt64")),
    "positionCaseInsensitive": Function(2, 2, _position(True), propagating("UInt64")),
    "match": Function(2, 2, call("regexp_matches"), propagating(T.BOOL), boolean=True),
    "extract": Function(2, 2, _extract, _STRING),
    "extractAll": Function(2, 2, _extract_all, fixed("Array(String)")),
    "startsWith": Function(2, 2, call("starts_with"), propagating(T.BOOL), boolean=True),
    "endsWith": Function(2, 2, call("ends_with"), propagating(T.BOOL), boolean=True),
    "reverse": Function(1, 1, _reverse, lambda types, ctx: types[0]),
    "repeat": Function(2, 2, sql("repeat({0}, CAST({1} AS BIGINT))"), _STRING),
    "base64Encode": Function(1, 1, sql("to_base64(encode({0}))"), _STRING),
    "base64Decode": Function(1, 1, sql("decode(from_base64({0}))"), _STRING),
    "empty": Function(1, 1, sql("(coalesce(length({0}), 0) = 0)"), fixed(T.BOOL), boolean=True),
    "notEmpty": Function(1, 1, sql("(coalesce(length({0}), 0) > 0)"), fixed(T.BOOL), boolean=True),
}
