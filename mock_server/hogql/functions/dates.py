"""Dates and times (``posthog/hogql/functions/clickhouse/datetime.py``), in the team's timezone.

DuckDB holds a ClickHouse ``DateTime('tz')``/``DateTime64(6, 'tz')`` as a naive TIMESTAMP showing the wall-clock
time in ``tz`` (see ``resolver.in_timezone``), and a ``Date`` as DATE, so calendar functions run on the wall
clock directly; only instants (Unix time, timezone changes, second/minute/hour differences) go through UTC.
``now()`` and ``today()`` read the mock's clock at translation time, so a frozen clock gives fixed answers.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfoNotFoundError

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
    zone,
)

# ---- typers -------------------------------------------------------------------------------------------------


def _datetime_of(types: Types, ctx: TranslationContext) -> str:
    """``DateTime`` in the argument's timezone; a Date argument gives the server's (UTC) plain ``DateTime``."""
    tz = T.timezone_of(types[0])
    return T.like_nullable("DateTime" if tz is None else f"DateTime('{tz}')", types[0])


def _same_as_arg(sub_day: bool) -> Typer:
    """dateAdd & co.: the argument's type, except that a Date moved by hours becomes a plain ``DateTime``."""
    return lambda types, ctx: T.like_nullable("DateTime", types[0]) if sub_day and _is_date(types[0]) else types[0]


def _is_date(ch_type: str) -> bool:
    return T.unwrap(ch_type) == "Date"


_SUB_DAY = ("second", "minute", "hour")
_DATE_UNITS = ("week", "month", "quarter", "year")


# ---- clock ----------------------------------------------------------------------------------------------------


def _now(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(zone(ctx.timezone)).replace(tzinfo=None)
    return T.cast(exp.Literal.string(local.isoformat(sep=" ")), "TIMESTAMP")


def _today(days_back: int) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        local = ctx.now.astimezone(zone(ctx.timezone)).date() - timedelta(days=days_back)
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


def _shift(value: exp.Expr, value_type: str, interval: exp.Expr, unit: str, sign: str) -> exp.Expr:
    moved = exp.Add(this=value, expression=interval) if sign == "+" else exp.Sub(this=value, expression=interval)
    keep_date = _is_date(value_type) and unit not in _SUB_DAY
    return T.cast(moved, "DATE" if keep_date else "TIMESTAMP")


def _interval_sql(unit: str, amount: exp.Expr) -> exp.Expr:
    if unit == "quarter":
        amount, unit = exp.Mul(this=exp.paren(amount), expression=exp.Literal.number(3)), "month"
    return exp.Anonymous(this=f"to_{unit}s", expressions=[T.cast(amount, "BIGINT")])


def _add(unit: str, sign: str) -> Function:
    """addDays(x, n), subtractHours(x, n), …"""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return _shift(args[0], types[0], _interval_sql(unit, args[1]), unit, sign)

    return Function(2, 2, render, _same_as_arg(unit in _SUB_DAY))


def _date_add(sign: str) -> Function:
    """dateAdd('unit', n, x) and dateAdd(x, INTERVAL n unit) (both orders ClickHouse accepts)."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        if len(args) == 3:
            unit = _unit_literal(args[0], _TRUNC_UNITS, "dateAdd")
            return _shift(args[2], types[2], _interval_sql(unit, args[1]), unit, sign)
        return _shift(args[0], types[0], args[1], _unit_of(types[1]), sign)

    def returns(types: Types, ctx: TranslationContext) -> str:
        value, unit = (types[2], "") if len(types) == 3 else (types[0], _unit_of(types[1]))
        return T.like_nullable("DateTime", value) if _is_date(value) and unit in _SUB_DAY else value

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
        zone(str(name))
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
    """HogQL's toDateTime (``posthog/hogql/functions/clickhouse/conversions.py`` + printer.py visit_call).

    Strings are read in the team's timezone: a constant 'YYYY-MM-DD[ hh:mm:ss]' becomes toDateTime(s, tz), with
    a fraction toDateTime64(s, 6, tz), anything else parseDateTime64BestEffort(OrNull)(s, 6, tz).
    Dates, datetimes and numbers go through toDateTime(x, tz).
    """
    tz = constant_zone(args[1]) if len(args) > 1 else ctx.timezone
    kind = _to_date_time_kind(args[0], types[0])
    if kind in ("DateTime", "DateTime64(6"):
        parsed = T.cast(args[0], "TIMESTAMP")
    elif kind == "number":
        parsed = _from_unix([args[0]], types, ctx)
    elif kind == "datetime":
        parsed = _to_time_zone([args[0], exp.Literal.string(tz)], types, ctx)
    else:
        parsed = _best_effort(args[0], tz)
    return typed_as(parsed, _to_date_time_type(kind, tz, types[0]))


def _to_date_time_kind(arg: exp.Expr, ch_type: str) -> str:
    base = T.unwrap(ch_type)
    if base.startswith("DateTime"):
        return "datetime"
    if base in ("Date", "Date32"):
        return "DateTime"  # a Date is midnight, read in the target zone
    if T.int_parts(base) is not None:
        return "number"
    text = str(arg.this) if isinstance(arg, exp.Literal) and arg.is_string else None
    if text is not None and _MYSQL_RE.match(text):
        return "DateTime"
    if text is not None and _MICRO_RE.match(text):
        return "DateTime64(6"
    return "constant" if text is not None else "parsed"


def _to_date_time_type(kind: str, tz: str, ch_type: str) -> str:
    if kind in ("DateTime", "datetime", "number"):
        return T.like_nullable(f"DateTime('{tz}')", ch_type)
    if kind == "parsed":
        return T.nullable(f"DateTime64(6, '{tz}')")
    return f"DateTime64(6, '{tz}')"


def _best_effort(arg: exp.Expr, tz: str) -> exp.Expr:
    """parseDateTime64BestEffort: ISO-ish text; an explicit offset or Z is honoured, else the text is local time."""
    text = T.cast(arg, "VARCHAR")
    with_zone = exp.Anonymous(
        this="timezone",
        expressions=[exp.Literal.string(tz), exp.TryCast(this=text, to=exp.DataType.build("TIMESTAMPTZ"))],
    )
    local = exp.TryCast(this=text, to=exp.DataType.build("TIMESTAMP"))
    has_zone = exp.Anonymous(
        this="regexp_matches", expressions=[text.copy(), exp.Literal.string(r"(Z|[+-]\d\d:?\d\d)$")]
    )
    return exp.Case(ifs=[exp.If(this=has_zone, true=with_zone)], default=local)


def _to_date(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL's toDate is toDateOrNull for strings (NULL when unparsable), toDate for dates and datetimes.
    if T.unwrap(types[0]) == "String":
        return typed_as(exp.TryCast(this=args[0], to=exp.DataType.build("DATE")), "Nullable(Date)")
    return typed_as(T.cast(args[0], "DATE"), T.like_nullable("Date", types[0]))


_MYSQL_RE = __import__("re").compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
_MICRO_RE = __import__("re").compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,6}$")


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
    }
)
