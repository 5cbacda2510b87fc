"""Dates and times (``posthog/hogql/functions/clickhouse/datetime.py``), in the team's timezone.

DuckDB holds a ClickHouse ``DateTime('tz')``/``DateTime64(6, 'tz')`` as a naive TIMESTAMP showing the wall-clock
time in ``tz`` (see ``resolver.in_timezone``), and a ``Date`` as DATE, so calendar functions run on the wall
clock directly; only instants (Unix time, timezone changes, second/minute/hour differences) go through UTC.
``now()`` and ``today()`` read the mock's clock at translation time, so a frozen clock gives fixed answers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Typer,
    Types,
    constant_int,
    datetime_typer,
    fixed,
    propagating,
    sql,
    typed_as,
)

# ---- typers -------------------------------------------------------------------------------------------------


def _datetime_of(types: Types, ctx: TranslationContext) -> str:
    """``DateTime`` in the argument's timezone; a Date argument gives the server's (UTC) plain ``DateTime``."""
    tz = T.timezone_of(types[0])
    return T.like_nullable("DateTime" if tz is None else f"DateTime('{tz}')", types[0])


def _is_date(ch_type: str) -> bool:
    return T.unwrap(ch_type) == "Date"


_SUB_DAY = ("second", "minute", "hour")
_DATE_UNITS = ("week", "month", "quarter", "year")


# ---- clock ----------------------------------------------------------------------------------------------------


def _now(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(ZoneInfo(ctx.timezone)).replace(tzinfo=None)
    return T.cast(exp.Literal.string(local.isoformat(sep=" ")), "TIMESTAMP")


def _today(days_back: int) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        local = ctx.now.astimezone(ZoneInfo(ctx.timezone)).date() - timedelta(days=days_back)
        return T.cast(exp.Literal.string(local.isoformat()), "DATE")

    return render


# ---- truncation -----------------------------------------------------------------------------------------------


def _trunc(unit: str, to_date: bool) -> Render:
    target = "DATE" if to_date else "TIMESTAMP"
    return sql(f"CAST(date_trunc('{unit}', {{0}}) AS {target})")


def _bucket(minutes: int) -> Render:
    return sql(f"time_bucket(INTERVAL {minutes} MINUTE, CAST({{0}} AS TIMESTAMP))")


def _week_mode(args: Args, ctx: TranslationContext) -> int:
    # HogQL passes the team's week_start_day when no mode is given: 3 (Monday, ISO) or 0 (Sunday).
    # posthog/hogql/printer.py (visit_call, toStartOfWeek).
    return constant_int(args[1]) if len(args) > 1 else (3 if ctx.week_start_day == 1 else 0)


def _start_of_week(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse week modes: odd modes start weeks on Monday, even modes on Sunday.
    if _week_mode(args, ctx) % 2:
        return _trunc("week", True)(args[:1], types, ctx)
    return sql("CAST(date_trunc('week', {0} + INTERVAL 1 DAY) - INTERVAL 1 DAY AS DATE)")(args[:1], types, ctx)


def _unit_of(interval_type: str) -> str:
    """``IntervalMinute`` → ``minute``."""
    return T.unwrap(interval_type).removeprefix("Interval").lower()


# ClickHouse aligns toStartOfInterval buckets: seconds within the minute, minutes within the hour, hours within
# the day, days and weeks from the Unix epoch (weeks from Monday 1970-01-05), months from 1970, years from year 0.
_INTERVAL_ORIGIN = {
    "second": "date_trunc('minute', {0})",
    "minute": "date_trunc('hour', {0})",
    "hour": "date_trunc('day', {0})",
    "day": "TIMESTAMP '1970-01-01'",
    "week": "TIMESTAMP '1970-01-05'",
    "month": "TIMESTAMP '1970-01-01'",
    "quarter": "TIMESTAMP '1970-01-01'",
    "year": "TIMESTAMP '0000-01-01'",
}


def _start_of_interval(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    unit = _unit_of(types[1])
    origin = _INTERVAL_ORIGIN[unit] if len(args) < 3 else "CAST({2} AS TIMESTAMP)"
    target = "TIMESTAMP" if unit in (*_SUB_DAY, "day") else "DATE"
    template = f"CAST(time_bucket({{1}}, CAST({{0}} AS TIMESTAMP), {origin}) AS {target})"
    return sql(template)(args, types, ctx)


def _start_of_interval_type(types: Types, ctx: TranslationContext) -> str:
    return _datetime_of(types, ctx) if _unit_of(types[1]) in (*_SUB_DAY, "day") else T.like_nullable("Date", types[0])


_TRUNC_UNITS = (*_SUB_DAY, "day", *_DATE_UNITS)


def _date_trunc(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    unit = _unit_literal(args[0], _TRUNC_UNITS, "dateTrunc")
    truncated = _trunc(unit, unit in _DATE_UNITS)(args[1:2], types[1:2], ctx)
    return typed_as(truncated, _date_trunc_type(unit, types[1]))


def _date_trunc_type(unit: str, ch_type: str) -> str:
    # Checked in chdb: a DateTime64 gives Date32 for week and larger and DateTime64(0, tz) otherwise; a DateTime
    # gives Date / DateTime(tz); a Date gives Date, or a plain (server-zone) DateTime for day and smaller.
    base, tz = T.unwrap(ch_type), T.timezone_of(ch_type)
    if unit in _DATE_UNITS:
        kind = "Date32" if base.startswith("DateTime64") else "Date"
    elif tz is None:
        kind = "DateTime"
    else:
        kind = f"DateTime64(0, '{tz}')" if base.startswith("DateTime64") else f"DateTime('{tz}')"
    return T.like_nullable(kind, ch_type)


# ---- differences --------------------------------------------------------------------------------------------

DATE_DIFF_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year", "millisecond", "microsecond")


def _unit_literal(unit: exp.Expr, allowed: tuple[str, ...], name: str) -> str:
    if not (isinstance(unit, exp.Literal) and unit.is_string and unit.this.lower() in allowed):
        raise HogQLQueryError(f"Invalid unit for {name}: {unit.sql('duckdb')}")
    return str(unit.this).lower()


def utc(arg: exp.Expr, ch_type: str) -> exp.Expr:
    """The instant as a naive UTC TIMESTAMP (a Date is midnight UTC, the server's zone)."""
    tz = T.timezone_of(ch_type)
    if tz is None or tz == "UTC":
        return T.cast(arg, "TIMESTAMP")
    aware = exp.Anonymous(this="timezone", expressions=[exp.Literal.string(tz), T.cast(arg, "TIMESTAMP")])
    return exp.Anonymous(this="timezone", expressions=[exp.Literal.string("UTC"), aware])


def _date_diff(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    unit = _unit_literal(args[0], DATE_DIFF_UNITS, "dateDiff")
    # Seconds to hours are elapsed time between instants; days and up count calendar boundaries crossed.
    start, end = (
        utc(a, t) if unit in (*_SUB_DAY, "millisecond", "microsecond") else a
        for a, t in zip(args[1:], types[1:], strict=True)
    )
    if unit == "week":
        # ClickHouse counts Monday-started weeks (toRelativeWeekNum); DuckDB's week difference counts whole weeks.
        return sql("CAST(date_diff('day', date_trunc('week', {0}), date_trunc('week', {1})) // 7 AS BIGINT)")(
            [start, end], types, ctx
        )
    return exp.Anonymous(this="date_diff", expressions=[exp.Literal.string(unit), start, end])


def _age(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # age counts complete units, which is DuckDB's date_sub.
    unit = _unit_literal(args[0], DATE_DIFF_UNITS, "age")
    return exp.Anonymous(this="date_sub", expressions=[exp.Literal.string(unit), *args[1:]])


# ---- arithmetic -----------------------------------------------------------------------------------------------


_MOVE: dict[str, type[exp.Add] | type[exp.Sub]] = {"+": exp.Add, "-": exp.Sub}


def shift(value: exp.Expr, value_type: str, interval: exp.Expr, unit: str, sign: str) -> exp.Expr:
    """``value ± interval`` as ClickHouse moves a Date/DateTime: seconds to hours are elapsed time between
    instants, days and up move the wall clock (a landing in the spring-forward gap as ``wall_clock`` says)."""
    move, tz = _MOVE[sign], T.timezone_of(value_type)
    if _is_date(value_type) and unit not in _SUB_DAY:
        return T.cast(move(this=value, expression=interval), "DATE")
    if unit in _SUB_DAY and tz not in (None, "UTC"):
        moved = move(this=_aware(value, value_type), expression=interval)
        return exp.Anonymous(this="timezone", expressions=[exp.Literal.string(str(tz)), moved])
    return wall_clock(T.cast(move(this=value, expression=interval), "TIMESTAMP"), tz)


def shifted_type(value_type: str, unit: str) -> str:
    """A Date moved by seconds to hours becomes a plain (server-zone) ``DateTime``; anything else keeps its type."""
    return T.like_nullable("DateTime", value_type) if _is_date(value_type) and unit in _SUB_DAY else value_type


def wall_clock(node: exp.Expr, tz: str | None) -> exp.Expr:
    """A naive wall-clock TIMESTAMP as ClickHouse reads it in ``tz``: a time the spring-forward gap skips is moved
    back by the gap (chdb: toDateTime('2026-03-29 02:30:00', 'Europe/Berlin') is 01:30:00, and 02:41 + 1 day lands
    on 01:41), where DuckDB's round trip through ICU moves it forward, so ``x - (round_trip - x)``."""
    if tz is None or tz == "UTC":
        return node
    zone_name = exp.Literal.string(tz)
    aware = exp.Anonymous(this="timezone", expressions=[zone_name, node.copy()])
    round_trip = exp.Anonymous(this="timezone", expressions=[zone_name.copy(), aware])
    return exp.Sub(this=node.copy(), expression=exp.paren(exp.Sub(this=round_trip, expression=node.copy())))


def _interval_sql(unit: str, amount: exp.Expr) -> exp.Expr:
    if unit == "quarter":
        amount, unit = exp.Mul(this=exp.paren(amount), expression=exp.Literal.number(3)), "month"
    return exp.Anonymous(this=f"to_{unit}s", expressions=[T.cast(amount, "BIGINT")])


def _add(unit: str, sign: str) -> Function:
    """addDays(x, n), subtractHours(x, n), …"""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return shift(args[0], types[0], _interval_sql(unit, args[1]), unit, sign)

    return Function(2, 2, render, lambda types, ctx: shifted_type(types[0], unit))


def _date_add(sign: str) -> Function:
    """dateAdd(x, INTERVAL n unit). PostHog passes dateAdd('unit', n, x) through unchanged, and ClickHouse only
    takes the unit as a keyword, so a quoted unit fails there (chdb: "Number of arguments for function plus
    doesn't match: passed 3, should be 2"); hogmock refuses it the same way."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        if len(args) == 3:
            name = "plus" if sign == "+" else "minus"
            raise HogQLQueryError(f"Number of arguments for function {name} doesn't match: passed 3, should be 2")
        return shift(args[0], types[0], args[1], _unit_of(types[1]), sign)

    def returns(types: Types, ctx: TranslationContext) -> str:
        return types[0] if len(types) == 3 else shifted_type(types[0], _unit_of(types[1]))

    return Function(2, 3, render, returns)


def _interval(unit: str) -> Function:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return _interval_sql(unit, args[0])

    return Function(1, 1, render, fixed(f"Interval{unit.title()}"))


# ---- timezones and Unix time ---------------------------------------------------------------------------------


def constant_zone(node: exp.Expr) -> str:
    """A timezone argument: a constant, known IANA name (PostHog: "Unknown timezone: '…'")."""
    name = node.this if isinstance(node, exp.Literal) and node.is_string else None
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise HogQLQueryError(f"Unknown timezone: '{name}'") from None
    return str(name)


def _to_time_zone(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    target = constant_zone(args[1])
    moved = exp.Anonymous(this="timezone", expressions=[exp.Literal.string(target), _aware(args[0], types[0])])
    kind = "DateTime64(6, '{}')" if T.unwrap(types[0]).startswith("DateTime64") else "DateTime('{}')"
    return typed_as(moved, T.like_nullable(kind.format(target), types[0]))


def _aware(arg: exp.Expr, ch_type: str) -> exp.Expr:
    """A TIMESTAMPTZ for the instant (naive DuckDB values are wall-clock time in their type's zone)."""
    tz = T.timezone_of(ch_type) or "UTC"
    return exp.Anonymous(this="timezone", expressions=[exp.Literal.string(tz), T.cast(arg, "TIMESTAMP")])


def _to_unix(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    value, ch_type = args[0], types[0]
    if T.unwrap(ch_type) == "String":
        value, ch_type = T.cast(value, "TIMESTAMP"), "DateTime('UTC')"
    return T.cast(
        exp.Anonymous(this="floor", expressions=[exp.Anonymous(this="epoch", expressions=[_aware(value, ch_type)])]),
        "UINTEGER",
    )


FUNCTIONS: dict[str, Function] = {}


def _from_unix(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # Not timezone-aware in HogQL: ClickHouse shows it in the server's zone, UTC.
    return exp.Anonymous(
        this="timezone",
        expressions=[
            exp.Literal.string("UTC"),
            exp.Anonymous(this="to_timestamp", expressions=[T.cast(args[0], "BIGINT")]),
        ],
    )


# ---- formatDateTime ------------------------------------------------------------------------------------------

# ClickHouse's MySQL-style codes as DuckDB strftime codes (checked one by one in chdb: %e, %k and %l are not
# space-padded, %s is seconds, %M the month name, %W the weekday name, %g/%G the ISO year).
_STRFTIME: dict[str, str] = {
    "a": "%a", "b": "%b", "c": "%m", "d": "%d", "D": "%m/%d/%y", "e": "%-d", "f": "%f", "F": "%Y-%m-%d",
    "G": "%G", "h": "%I", "H": "%H", "i": "%M", "I": "%I", "j": "%j", "k": "%H", "l": "%I", "m": "%m",
    "M": "%B", "n": "\n", "p": "%p", "r": "%I:%M %p", "R": "%H:%M", "s": "%S", "S": "%S", "t": "\t",
    "T": "%H:%M:%S", "u": "%u", "V": "%V", "w": "%w", "W": "%A", "y": "%y", "Y": "%Y", "%": "%%",
}  # fmt: skip
# Codes strftime lacks, as SQL over the value {0}.
_FORMAT_SQL: dict[str, str] = {
    "C": "lpad(CAST(year({0}) // 100 AS VARCHAR), 2, '0')",
    "g": "right(strftime({0}, '%G'), 2)",
    "Q": "CAST(quarter({0}) AS VARCHAR)",
}


def _format_parts(pattern: str) -> list[tuple[str, str]]:
    """The pattern as ("strftime", fmt) and ("sql", template) pieces."""
    parts: list[tuple[str, str]] = []
    text, i = "", 0
    while i < len(pattern):
        char, code = pattern[i], pattern[i + 1 : i + 2]
        if char != "%":
            text, i = text + char.replace("%", "%%"), i + 1
            continue
        if code in _FORMAT_SQL:
            parts += [("strftime", text), ("sql", _FORMAT_SQL[code])]
            text = ""
        elif code in _STRFTIME:
            text += _STRFTIME[code]
        else:
            raise HogQLQueryError(
                f"Incorrect syntax '{pattern}', symbol is not supported '{code}' for function formatDateTime"
            )
        i += 2
    return [*parts, ("strftime", text)]


def _format_date_time(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    pattern = args[1]
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise HogQLQueryError("formatDateTime expects a constant format string")
    value = _to_time_zone(args[::2], types[::2], ctx) if len(args) == 3 else T.cast(args[0], "TIMESTAMP")
    pieces = [_format_piece(kind, text, value) for kind, text in _format_parts(str(pattern.this)) if text]
    return exp.Anonymous(this="concat", expressions=pieces) if len(pieces) != 1 else pieces[0]


def _format_piece(kind: str, text: str, value: exp.Expr) -> exp.Expr:
    if kind == "sql":
        return exp.maybe_parse(text.format(f"({value.sql('duckdb')})"), dialect="duckdb")
    return exp.Anonymous(this="strftime", expressions=[value.copy(), exp.Literal.string(text)])


# ---- toDate / toDateTime on strings -----------------------------------------------------------------------


def _to_date_time(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    """HogQL's toDateTime (``posthog/hogql/functions/clickhouse/conversions.py`` + ``printer/clickhouse.py``).

    Dates, datetimes and numbers go through toDateTime(x, tz). A lone constant string is read here, in Python,
    as PostHog's printer has ClickHouse read it strictly (toDateTime / toDateTime64 / parseDateTime64BestEffort,
    which fails on text it cannot read); any other string is parseDateTime64BestEffortOrNull(s, 6, tz).
    """
    tz = constant_zone(args[1]) if len(args) > 1 else ctx.timezone
    kind = _to_date_time_kind(args, types[0])
    if kind == "number":
        parsed = _from_unix([args[0]], types, ctx)
    elif kind == "datetime":
        parsed = _to_time_zone([args[0], exp.Literal.string(tz)], types, ctx)
    elif kind == "Date":
        parsed = wall_clock(T.cast(args[0], "TIMESTAMP"), tz)
    elif kind == "parsed":
        parsed = _best_effort(args[0], tz)
    else:
        parsed = constant_datetime(str(args[0].this), tz)
    return typed_as(parsed, _to_date_time_type(kind, tz, types[0]))


def _to_date_time_kind(args: Args, ch_type: str) -> str:
    base, arg = T.unwrap(ch_type), args[0]
    if base.startswith("DateTime"):
        return "datetime"
    if base in ("Date", "Date32"):
        return "Date"  # a Date is midnight, read in the target zone
    if T.int_parts(base) is not None or base.startswith("Float"):
        return "number"
    if len(args) > 1 or not (isinstance(arg, exp.Literal) and arg.is_string):
        return "parsed"  # PostHog only takes the strict path for a lone constant
    return next((kind for pattern, kind in _CONSTANT_KINDS if pattern.match(str(arg.this))), "best effort")


# posthog/hogql/printer/clickhouse.py: which strict function a lone constant string is printed with.
_CONSTANT_KINDS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,6}$"), "toDateTime64"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$"), "toDateTime"),
)
_TO_DATE_TIME_TYPES = {
    "toDateTime64": "DateTime64(6, '{}')",
    "best effort": "DateTime64(6, '{}')",
    "parsed": "Nullable(DateTime64(6, '{}'))",
}


def _to_date_time_type(kind: str, tz: str, ch_type: str) -> str:
    template = _TO_DATE_TIME_TYPES.get(kind)
    if template is not None:
        return template.format(tz)
    return T.like_nullable(f"DateTime('{tz}')", ch_type)


def constant_datetime(text: str, tz: str) -> exp.Expr:
    """A constant date/time string as ClickHouse reads it in ``tz``: an explicit offset or ``Z`` is honoured, a
    naive time is wall-clock time in ``tz`` (DST gap as ``wall_clock``). Text that is not ISO 8601 is refused as
    ClickHouse refuses it ("Cannot read DateTime")."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise HogQLQueryError(f"Cannot read DateTime: unexpected word: '{text}'") from None
    local = _gap_moved(parsed, tz) if parsed.tzinfo is None else parsed.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return T.cast(exp.Literal.string(local.isoformat(sep=" ")), "TIMESTAMP")


def _gap_moved(naive: datetime, tz: str) -> datetime:
    """``wall_clock`` in Python: a time skipped by the spring-forward gap moves back by the gap."""
    round_trip = naive.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return naive - (round_trip - naive)


def _best_effort(arg: exp.Expr, tz: str) -> exp.Expr:
    """parseDateTime64BestEffortOrNull: ISO-ish text; an explicit offset or Z is honoured, else the text is local
    time; NULL for text it cannot read."""
    text = T.cast(arg, "VARCHAR")
    with_zone = exp.Anonymous(
        this="timezone",
        expressions=[exp.Literal.string(tz), exp.TryCast(this=text, to=exp.DataType.build("TIMESTAMPTZ"))],
    )
    local = wall_clock(exp.TryCast(this=text, to=exp.DataType.build("TIMESTAMP")), tz)
    has_zone = exp.Anonymous(
        this="regexp_matches", expressions=[text.copy(), exp.Literal.string(r"(Z|[+-]\d\d:?\d\d)$")]
    )
    return exp.Case(ifs=[exp.If(this=has_zone, true=with_zone)], default=local)


def _parse_best_effort(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    """parseDateTimeBestEffort(s[, tz]): ``parseDateTime64BestEffortOrNull`` (conversions.py), with the same
    strict printing of a lone constant as toDateTime."""
    if T.unwrap(types[0]) != "String":
        raise HogQLQueryError(
            f"Illegal type {T.unwrap(types[0])} of first argument of function parseDateTime64BestEffortOrNull"
        )
    return _to_date_time(args, types, ctx)


# ClickHouse's toDateOrNull reads 'YYYY-MM-DD' (or '/'), optionally followed by a time; a zone suffix or stray
# text gives NULL (chdb: '2026-03-29T01:30:00Z' → NULL, '2026-03-29 01:30:00' → 2026-03-29).
# (Braces doubled: the pattern goes through a ``sql`` template.)
_DATE_TEXT = r"[0-9]{{4}}[-/][0-9]{{1,2}}[-/][0-9]{{1,2}}([ T][0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\.[0-9]+)?)?"
_DATE_OR_NULL = (
    f"CASE WHEN regexp_full_match({{0}}, '{_DATE_TEXT}') "
    "THEN TRY_CAST(replace(regexp_extract({0}, '^[0-9/-]+'), '/', '-') AS DATE) END"
)
# A number is days since 1970 below 65536, else Unix seconds (chdb: toDateOrNull(20000) = 2024-10-04,
# toDateOrNull(1711670400) = 2024-03-29); negative numbers are NULL.
_DATE_OF_NUMBER = (
    "CASE WHEN {0} < 0 THEN NULL WHEN {0} < 65536 THEN CAST(DATE '1970-01-01' + CAST({0} AS INTEGER) AS DATE) "
    "ELSE CAST(timezone('UTC', to_timestamp(CAST({0} AS BIGINT))) AS DATE) END"
)


def _to_date(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL's toDate is toDateOrNull, overloaded to toDate only for a Date or DateTime argument (conversions.py).
    base = T.unwrap(types[0])
    if base == "String":
        return typed_as(sql(_DATE_OR_NULL)(args, types, ctx), "Nullable(Date)")
    if T.is_numeric(base):
        return typed_as(sql(_DATE_OF_NUMBER)(args, types, ctx), "Nullable(Date)")
    return typed_as(T.cast(args[0], "DATE"), T.like_nullable("Date", types[0]))


def _part(template: str, ch_type: str) -> Function:
    """toYear & co.: one calendar field of the wall-clock time, as ClickHouse's unsigned type."""
    return Function(1, 1, sql(template), propagating(ch_type))


# toDayOfWeek(x, mode): mode 0 Monday=1..Sunday=7, 1 Monday=0..6, 2 Sunday=0..6, 3 Sunday=1..7.
_DAY_OF_WEEK = {0: "isodow({0})", 1: "isodow({0}) - 1", 2: "dayofweek({0})", 3: "dayofweek({0}) + 1"}


def _day_of_week(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    mode = constant_int(args[1]) % 4 if len(args) > 1 else 0
    return sql(f"CAST({_DAY_OF_WEEK[mode]} AS UTINYINT)")(args[:1], types, ctx)


_ADD_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")
_SIMPLE_TRUNC: dict[str, tuple[str, bool, Typer]] = {
    "toStartOfDay": ("day", False, _datetime_of),
    "toStartOfHour": ("hour", False, _datetime_of),
    "toStartOfMinute": ("minute", False, _datetime_of),
    "toStartOfSecond": ("second", False, _datetime_of),
    "toStartOfMonth": ("month", True, propagating("Date")),
    "toStartOfQuarter": ("quarter", True, propagating("Date")),
    "toStartOfYear": ("year", True, propagating("Date")),
    "toMonday": ("week", True, propagating("Date")),
}
_BUCKETS = {"toStartOfFiveMinutes": 5, "toStartOfTenMinutes": 10, "toStartOfFifteenMinutes": 15}

FUNCTIONS.update(
    {
        "now": Function(0, 0, _now, datetime_typer(6)),
        "today": Function(0, 0, _today(0), fixed("Date")),
        "yesterday": Function(0, 0, _today(1), fixed("Date")),
        **{name: Function(1, 1, _trunc(unit, d), typer) for name, (unit, d, typer) in _SIMPLE_TRUNC.items()},
        **{name: Function(1, 1, _bucket(n), _datetime_of) for name, n in _BUCKETS.items()},
        "toStartOfWeek": Function(1, 2, _start_of_week, propagating("Date")),
        "toStartOfInterval": Function(2, 3, _start_of_interval, _start_of_interval_type),
        "toLastDayOfMonth": Function(1, 1, sql("CAST(last_day({0}) AS DATE)"), propagating("Date")),
        "toYear": _part("CAST(year({0}) AS USMALLINT)", "UInt16"),
        "toQuarter": _part("CAST(quarter({0}) AS UTINYINT)", "UInt8"),
        "toMonth": _part("CAST(month({0}) AS UTINYINT)", "UInt8"),
        "toDayOfMonth": _part("CAST(day({0}) AS UTINYINT)", "UInt8"),
        "toDayOfYear": _part("CAST(dayofyear({0}) AS USMALLINT)", "UInt16"),
        "toDayOfWeek": Function(1, 2, _day_of_week, propagating("UInt8")),
        "toHour": _part("CAST(hour({0}) AS UTINYINT)", "UInt8"),
        "toMinute": _part("CAST(minute({0}) AS UTINYINT)", "UInt8"),
        "toSecond": _part("CAST(second({0}) AS UTINYINT)", "UInt8"),
        "toYYYYMM": _part("CAST(year({0}) * 100 + month({0}) AS UINTEGER)", "UInt32"),
        "toYYYYMMDD": _part("CAST(year({0}) * 10000 + month({0}) * 100 + day({0}) AS UINTEGER)", "UInt32"),
        "toISOWeek": _part("CAST(weekofyear({0}) AS UTINYINT)", "UInt8"),
        "toISOYear": _part("CAST(isoyear({0}) AS USMALLINT)", "UInt16"),
        "dateDiff": Function(3, 3, _date_diff, propagating("Int64")),
        "date_diff": Function(3, 3, _date_diff, propagating("Int64")),
        "age": Function(3, 3, _age, propagating("Int64")),
        "dateAdd": _date_add("+"),
        "dateSub": _date_add("-"),
        # PostHog exposes ClickHouse's date_add/date_sub as date_add and date_subtract (two arguments).
        "date_add": _date_add("+"),
        "date_subtract": _date_add("-"),
        "dateTrunc": Function(2, 2, _date_trunc, lambda types, ctx: types[1]),
        "date_trunc": Function(2, 2, _date_trunc, lambda types, ctx: types[1]),
        **{f"add{unit.title()}s": _add(unit, "+") for unit in _ADD_UNITS},
        **{f"subtract{unit.title()}s": _add(unit, "-") for unit in _ADD_UNITS},
        **{f"toInterval{unit.title()}": _interval(unit) for unit in _ADD_UNITS},
        "toTimeZone": Function(2, 2, _to_time_zone, lambda types, ctx: types[0]),
        "toUnixTimestamp": Function(1, 1, _to_unix, propagating("UInt32")),
        "fromUnixTimestamp": Function(1, 1, _from_unix, propagating("DateTime")),
        "formatDateTime": Function(2, 3, _format_date_time, propagating("String")),
        "toDateTime": Function(1, 2, _to_date_time, lambda types, ctx: types[0]),
        "toDate": Function(1, 1, _to_date, lambda types, ctx: types[0]),
        "parseDateTimeBestEffort": Function(1, 2, _parse_best_effort, lambda types, ctx: types[0]),
    }
)
