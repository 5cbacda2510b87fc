"""Dates and times (``posthog/hogql/functions/clickhouse/datetime.py``), in the team's timezone.

``now()`` and ``today()`` read the mock's clock at translation time, so a frozen clock gives fixed answers.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    constant_int,
    datetime_typer,
    fixed,
    propagating,
    sql,
    zone,
)


def _now(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(zone(ctx.timezone)).replace(tzinfo=None)
    return T.cast(exp.Literal.string(local.isoformat(sep=" ")), "TIMESTAMP")


def _today(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(zone(ctx.timezone)).date()
    return T.cast(exp.Literal.string(local.isoformat()), "DATE")


def _trunc(unit: str, to_date: bool) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        truncated = exp.Anonymous(this="date_trunc", expressions=[exp.Literal.string(unit), args[0]])
        return T.cast(truncated, "DATE" if to_date else "TIMESTAMP")

    return render


def _start_of_week(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse modes: even modes start weeks on Sunday, odd on Monday. HogQL passes the team's
    # week_start_day as the default mode (posthog/hogql/functions/clickhouse/datetime.py).
    mode = constant_int(args[1]) if len(args) > 1 else (3 if ctx.week_start_day == 1 else 0)
    if mode % 2:
        return _trunc("week", True)(args[:1], types, ctx)
    return sql("CAST(date_trunc('week', {0} + INTERVAL 1 DAY) - INTERVAL 1 DAY AS DATE)")(args[:1], types, ctx)


DATE_DIFF_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")


def _date_diff(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    unit = args[0]
    if not (isinstance(unit, exp.Literal) and unit.is_string and unit.this.lower() in DATE_DIFF_UNITS):
        raise HogQLQueryError(f"Invalid unit for dateDiff: {unit.sql('duckdb')}")
    return exp.Anonymous(this="date_diff", expressions=[exp.Literal.string(unit.this.lower()), *args[1:]])


def _interval(unit: str) -> Function:
    return Function(1, 1, sql(f"to_{unit}s(CAST({{0}} AS BIGINT))"), fixed(f"Interval{unit.title()}"))


FUNCTIONS: dict[str, Function] = {
    "now": Function(0, 0, _now, datetime_typer(6)),
    "today": Function(0, 0, _today, fixed("Date")),
    "toStartOfDay": Function(1, 1, _trunc("day", False), datetime_typer(None)),
    "toStartOfHour": Function(1, 1, _trunc("hour", False), datetime_typer(None)),
    "toStartOfMinute": Function(1, 1, _trunc("minute", False), datetime_typer(None)),
    "toStartOfWeek": Function(1, 2, _start_of_week, propagating("Date")),
    "toStartOfMonth": Function(1, 1, _trunc("month", True), propagating("Date")),
    "toStartOfQuarter": Function(1, 1, _trunc("quarter", True), propagating("Date")),
    "toStartOfYear": Function(1, 1, _trunc("year", True), propagating("Date")),
    "toMonday": Function(1, 1, _trunc("week", True), propagating("Date")),
    "toYear": Function(1, 1, sql("CAST(year({0}) AS USMALLINT)"), propagating("UInt16")),
    "toMonth": Function(1, 1, sql("CAST(month({0}) AS UTINYINT)"), propagating("UInt8")),
    "toDayOfMonth": Function(1, 1, sql("CAST(day({0}) AS UTINYINT)"), propagating("UInt8")),
    "toDayOfWeek": Function(1, 1, sql("CAST(isodow({0}) AS UTINYINT)"), propagating("UInt8")),
    "toHour": Function(1, 1, sql("CAST(hour({0}) AS UTINYINT)"), propagating("UInt8")),
    "toMinute": Function(1, 1, sql("CAST(minute({0}) AS UTINYINT)"), propagating("UInt8")),
    "dateDiff": Function(3, 3, _date_diff, fixed("Int64")),
    "date_diff": Function(3, 3, _date_diff, fixed("Int64")),
    "toIntervalSecond": _interval("second"),
    "toIntervalMinute": _interval("minute"),
    "toIntervalHour": _interval("hour"),
    "toIntervalDay": _interval("day"),
    "toIntervalWeek": _interval("week"),
    "toIntervalMonth": _interval("month"),
    "toIntervalYear": _interval("year"),
}
