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


# ClickHouse's substring counts bytes; DuckDB's counts characters. The byte range [start, end) is cut from
# hex(s) (two hex digits a byte) and decoded. ClickHouse's rules, checked in chdb over every offset and length
# in -8..8: offset 0 selects nothing; a negative offset counts from the end; a negative length drops that many
# bytes at the end. A cut through a multi-byte character leaves invalid UTF-8 at its edges, which a VARCHAR
# cannot hold: like ClickHouse's JSON output, each edge's broken bytes become one U+FFFD (hex EFBFBD).
# substringUTF8 applies the same rules to characters.
_SHORT_LEAD = "(?:[CD].|E.(?:[89AB].)?|F.(?:[89AB].)?(?:[89AB].)?)"  # a lead byte without all its continuation
_BROKEN_ALL = f"'^(?:[89AB].)+{_SHORT_LEAD}$'"  # nothing but broken bytes: one run, one U+FFFD
_BROKEN_HEAD = "'^(?:[89AB].)+'"  # continuation bytes without their lead byte
_BROKEN_TAIL = f"'^((?:..)*?){_SHORT_LEAD}$'"


def _range(size: str, arity: int) -> tuple[str, str]:
    """(start, stop) SQL of the range ``substring({0}, {1}[, {2}])`` selects, ``size`` counting ``{0}``."""
    offset = f"(CASE WHEN {{1}} > 0 THEN {{1}} ELSE {size}({{0}}) + {{1}} + 1 END)"
    end = f"(CASE WHEN {{2}} >= 0 THEN {offset} + {{2}} ELSE {size}({{0}}) + {{2}} + 1 END)" if arity == 3 else ""
    return f"greatest({offset}, 1)", f"least({end or f'{size}({{0}}) + 1'}, {size}({{0}}) + 1)"


def _cut(by_bytes: bool) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        start, stop = _range("strlen" if by_bytes else "length", len(args))
        chars = f"substring({{0}}, {start}, {stop} - {start})"
        hexed = f"substring(hex({{0}}), 2 * {start} - 1, 2 * ({stop} - {start}))"
        mended = f"regexp_replace({hexed}, {_BROKEN_ALL}, 'EFBFBD')"
        mended = f"regexp_replace(regexp_replace({mended}, {_BROKEN_HEAD}, 'EFBFBD'), {_BROKEN_TAIL}, '\\1EFBFBD')"
        cut = f"decode(unhex({mended}))" if by_bytes else chars
        return sql(f"CASE WHEN {{1}} = 0 OR {stop} <= {start} THEN left({{0}}, 0) ELSE {cut} END")(args, types, ctx)

    return render


_substring = _cut(by_bytes=True)


def _left(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # left(s, n) is substring(s, 1, n): a negative n drops bytes at the end, as in ClickHouse.
    return _substring([args[0], exp.Literal.number(1), args[1]], types, ctx)


def _right(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # right(s, n): the last n bytes; a negative n drops n bytes at the start (checked in chdb).
    offset = sql("CASE WHEN {0} >= 0 THEN -{0} ELSE 1 - {0} END")([args[1]], types[1:], ctx)
    return _substring([args[0], offset], types, ctx)


# ClickHouse's lower/upper change ASCII letters only (lower('Ä') stays 'Ä'); the UTF8 variants fold all letters.
_ASCII_UPPER, _ASCII_LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"


def _ascii_case(source: str, target: str) -> Render:
    return lambda args, types, ctx: exp.Anonymous(
        this="translate", expressions=[args[0], exp.Literal.string(source), exp.Literal.string(target)]
    )


def _pad(function: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        filler = args[2] if len(args) > 2 else exp.Literal.string(" ")
        return exp.Anonymous(this=function, expressions=[args[0], args[1], filler])

    return render


def _split(function: str) -> Render:
    """splitByChar(sep, s) & co. take the separator first; DuckDB takes the string first. They do not take
    Nullable strings: ClickHouse splits the default '' of a NULL into [''] (chdb), a bare NULL stays NULL."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        text = exp.func("coalesce", args[1], exp.Literal.string(""))
        return exp.null() if T.NOTHING in types else exp.Anonymous(this=function, expressions=[text, args[0]])

    return render


def _split_type(types: Types, ctx: TranslationContext) -> str:
    return T.NOTHING if T.NOTHING in types else "Array(String)"


def _emptiness(op: str) -> Render:
    """empty/notEmpty: of a Nullable string NULL stays NULL (``Nullable(UInt8)``, chdb); a non-nullable value is
    never NULL in ClickHouse, so a NULL DuckDB holds for it (an unmatched join's default) counts as empty."""
    nullable, plain = sql(f"(length({{0}}) {op} 0)"), sql(f"(coalesce(length({{0}}), 0) {op} 0)")
    return lambda args, types, ctx: (nullable if T.is_nullable(types[0]) else plain)(args, types, ctx)


_STRING = propagating("String")

FUNCTIONS: dict[str, Function] = {
    "lower": Function(1, 1, _ascii_case(_ASCII_UPPER, _ASCII_LOWER), _STRING),
    "upper": Function(1, 1, _ascii_case(_ASCII_LOWER, _ASCII_UPPER), _STRING),
    "lowerUTF8": Function(1, 1, call("lower"), _STRING),
    "upperUTF8": Function(1, 1, call("upper"), _STRING),
    "length": Function(1, 1, _length, propagating("UInt64")),
    "lengthUTF8": Function(1, 1, call("length"), propagating("UInt64")),
    "concat": Function(2, None, _concat, fixed("String")),
    "concatWithSeparator": Function(2, None, _concat_with_separator, _STRING),
    "format": Function(1, None, _format, _STRING),
    "substring": Function(2, 3, _substring, _STRING),
    "substringUTF8": Function(2, 3, _cut(by_bytes=False), _STRING),
    "left": Function(2, 2, _left, _STRING),
    "right": Function(2, 2, _right, _STRING),
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
    "splitByChar": Function(2, 2, _split("string_split"), _split_type),
    "splitByString": Function(2, 2, _split("string_split"), _split_type),
    "splitByRegexp": Function(2, 2, _split("string_split_regex"), _split_type),
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
    "empty": Function(1, 1, _emptiness("="), propagating(T.BOOL), boolean=True),
    "notEmpty": Function(1, 1, _emptiness(">"), propagating(T.BOOL), boolean=True),
}
