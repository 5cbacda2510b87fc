"""String functions (``posthog/hogql/functions/clickhouse/strings.py``); lengths count bytes, as in ClickHouse."""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.conversions import to_string
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Types,
    call,
    fixed,
    propagating,
    sql,
)


def _concat(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL prints concat's arguments as ifNull(toString(x), '') (posthog/hogql/printer.py), so NULLs vanish.
    parts = [a if T.unwrap(t) == "String" else to_string(a, t) for a, t in zip(args, types, strict=True)]
    return exp.Anonymous(this="concat", expressions=parts)


def _length(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's length counts bytes for strings (lengthUTF8 counts characters).
    name = "len" if T.unwrap(types[0]).startswith("Array(") else "strlen"
    return exp.Anonymous(this=name, expressions=list(args))


FUNCTIONS: dict[str, Function] = {
    "lower": Function(1, 1, call("lower"), propagating("String")),
    "upper": Function(1, 1, call("upper"), propagating("String")),
    "length": Function(1, 1, _length, propagating("UInt64")),
    "lengthUTF8": Function(1, 1, call("length"), propagating("UInt64")),
    "concat": Function(2, None, _concat, fixed("String")),
    "substring": Function(2, 3, call("substring"), propagating("String")),
    "trim": Function(1, 1, call("trim"), propagating("String")),
    "replaceAll": Function(3, 3, call("replace"), propagating("String")),
    "startsWith": Function(2, 2, call("starts_with"), propagating(T.BOOL), boolean=True),
    "endsWith": Function(2, 2, call("ends_with"), propagating(T.BOOL), boolean=True),
    "splitByChar": Function(2, 2, sql("string_split({1}, {0})"), fixed("Array(String)")),
    "empty": Function(1, 1, sql("(coalesce(length({0}), 0) = 0)"), fixed(T.BOOL), boolean=True),
    "notEmpty": Function(1, 1, sql("(coalesce(length({0}), 0) > 0)"), fixed(T.BOOL), boolean=True),
}
