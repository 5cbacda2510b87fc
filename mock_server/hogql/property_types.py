"""Casting typed properties, as PostHog's ``PropertySwapper`` does (``posthog/hogql/transforms/property_types.py``).

A property read with a single key (``properties.price``, not ``properties.cart.items``) from a scope that has
a definition for it is wrapped by its type: ``Numeric`` → ``toFloat(x)`` (``accurateCastOrNull(x, 'Float64')``),
``Boolean`` → ``toBool(transform(toString(x), ['true', 'false'], [1, 0], NULL))``, ``DateTime`` →
``toDateTime(x)`` (``parseDateTime64BestEffortOrNull(x, 6, team tz)``); ``String`` stays the JSON text.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.conversions import FUNCTIONS as CONVERSIONS

Cast = Callable[[exp.Expr, TranslationContext], tuple[exp.Expr, str, bool]]

_TEXT = "Nullable(String)"
# A date-time string that names its own offset; others are wall-clock time in the team's zone.
_ZONED = r"[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"


def _numeric(text: exp.Expr, ctx: TranslationContext) -> tuple[exp.Expr, str, bool]:
    return CONVERSIONS["toFloat"].render([text], [_TEXT], ctx), "Nullable(Float64)", False


def _boolean(text: exp.Expr, ctx: TranslationContext) -> tuple[exp.Expr, str, bool]:
    # transform() maps only the exact texts 'true' and 'false'; anything else is NULL.
    cases = [exp.If(this=exp.EQ(this=text.copy(), expression=exp.Literal.string(k)), true=exp.Boolean(this=v))
             for k, v in (("true", True), ("false", False))]  # fmt: skip
    return exp.Case(ifs=cases), "Nullable(Bool)", True


def _datetime(text: exp.Expr, ctx: TranslationContext) -> tuple[exp.Expr, str, bool]:
    zoned = exp.TryCast(this=text.copy(), to=exp.DataType.build("TIMESTAMPTZ"))
    in_zone = exp.Anonymous(this="timezone", expressions=[exp.Literal.string(ctx.timezone), zoned])
    has_zone = exp.Anonymous(this="regexp_matches", expressions=[text.copy(), exp.Literal.string(_ZONED)])
    naive = exp.TryCast(this=text.copy(), to=exp.DataType.build("TIMESTAMP"))
    sql = exp.Case(ifs=[exp.If(this=has_zone, true=in_zone)], default=naive)
    return sql, T.nullable(T.datetime_type(ctx.timezone, 6)), False


CASTS: dict[str, Cast] = {"Numeric": _numeric, "Boolean": _boolean, "DateTime": _datetime}


def typed_property(text: exp.Expr, scope: str | None, key: str, ctx: TranslationContext) -> T.Typed:
    """The property's text cast by its definition in ``scope`` (untyped when it has none)."""
    kind = ctx.property_definitions.get(scope or "", {}).get(key, "String")
    cast = CASTS.get(kind)
    if cast is None:
        return T.Typed(text, _TEXT, name=key)
    sql, ch_type, boolean = cast(text, ctx)
    return T.Typed(sql, ch_type, boolean, name=key)
