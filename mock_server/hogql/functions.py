"""HogQL's function table: each HogQL name → its arity, its DuckDB rendering, and its ClickHouse return type.

Names and semantics follow ``posthog/hogql/functions/mapping.py`` and ClickHouse (hogql.md §3, §3.1). Lookup is
case-sensitive, except for the names PostHog registers with ``case_sensitive=False``. Aggregates accept
ClickHouse's ``If`` combinator (``sumIf(x, cond)``), derived from the aggregate's own entry.

Every entry is built from a small ``_*`` helper, in the manner of sqlglot's dialect tables: a renderer
``(args, types, ctx) -> exp.Expr`` and a typer ``(types, ctx) -> str``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented, HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext

Args = Sequence[exp.Expr]
Types = Sequence[str]
Render = Callable[[Args, Types, TranslationContext], exp.Expr]
Typer = Callable[[Types, TranslationContext], str]


@dataclass(frozen=True)
class Function:
    """One HogQL function: how many arguments, how it prints in DuckDB, and what ClickHouse type it returns."""

    min_args: int
    max_args: int | None
    render: Render
    returns: Typer
    aggregate: bool = False
    boolean: bool = False  # DuckDB computes it as BOOLEAN (ClickHouse says UInt8)
    # Which arguments DuckDB must see as BOOLEAN: (position, argument count) -> bool.
    is_condition: Callable[[int, int], bool] = lambda index, count: False


# ---- condition positions ------------------------------------------------------------------------------


def _first_arg(index: int, count: int) -> bool:
    return index == 0


def _last_arg(index: int, count: int) -> bool:
    return index == count - 1


def _multi_if_conditions(index: int, count: int) -> bool:
    return index % 2 == 0 and index < count - 1


# ---- typers -------------------------------------------------------------------------------------------


def _fixed(ch_type: str) -> Typer:
    return lambda types, ctx: ch_type


def _propagating(ch_type: str) -> Typer:
    """A fixed type, nullable when an argument is (ClickHouse's default null handling)."""
    return lambda types, ctx: T.like_nullable(ch_type, *types)


def _arg_type(index: int) -> Typer:
    return lambda types, ctx: types[index]


def _not_null_arg_type(index: int) -> Typer:
    return lambda types, ctx: T.unwrap(types[index])


def _nullable(ch_type: str) -> Typer:
    return lambda types, ctx: T.nullable(ch_type)


def _datetime(precision: int | None) -> Typer:
    return lambda types, ctx: T.like_nullable(T.datetime_type(ctx.timezone, precision), *types)


def _sum_type(types: Types, ctx: TranslationContext) -> str:
    parts = T.int_parts(types[0])
    base = "Float64" if parts is None else ("Int64" if parts[0] else "UInt64")
    return T.like_nullable(base, types[0])


def _array_element(types: Types, ctx: TranslationContext) -> str:
    inner = T.unwrap(types[0])
    return inner[len("Array(") : -1] if inner.startswith("Array(") else "String"


def _array_of(types: Types, ctx: TranslationContext) -> str:
    return f"Array({T.unwrap(types[0])})"


def _common(types: Types, ctx: TranslationContext) -> str:
    known = [t for t in types if t != T.NOTHING] or [T.NOTHING]
    base = T.unwrap(known[0])
    if all(T.is_numeric(t) for t in known) and len({T.unwrap(t) for t in known}) > 1:
        base = "Float64" if any(T.int_parts(t) is None for t in known) else "Int64"
    return T.like_nullable(base, *types)


def _first_non_null(types: Types, ctx: TranslationContext) -> str:
    """coalesce/ifNull: not nullable as soon as one argument is not."""
    common = _common(types, ctx)
    return T.unwrap(common) if any(not T.is_nullable(t) for t in types) else common


def _multi_if_type(types: Types, ctx: TranslationContext) -> str:
    return _common([*types[1:-1:2], types[-1]], ctx)


# ---- renderers ----------------------------------------------------------------------------------------


def _call(name: str) -> Render:
    return lambda args, types, ctx: exp.Anonymous(this=name, expressions=list(args))


def _cast_to(duck_type: str) -> Render:
    return lambda args, types, ctx: T.cast(args[0], duck_type)


def _sql(template: str) -> Render:
    """DuckDB SQL with ``{0}``, ``{1}`` … standing for the arguments."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        parts = [f"({a.sql('duckdb')})" for a in args]
        return exp.maybe_parse(template.format(*parts), dialect="duckdb")

    return render


def _default_value(ch_type: str) -> exp.Expr:
    """ClickHouse's default for a type: what min/max/any return over no rows (hogql.md §3.1)."""
    base = T.unwrap(ch_type)
    if T.is_nullable(ch_type) or base.startswith("Array("):
        return exp.null() if T.is_nullable(ch_type) else exp.Array(expressions=[])
    if base.startswith("DateTime"):
        return T.cast(exp.Literal.string("1970-01-01 00:00:00"), "TIMESTAMP")
    if base == "Date":
        return T.cast(exp.Literal.string("1970-01-01"), "DATE")
    if base == "UUID":
        return T.cast(exp.Literal.string("00000000-0000-0000-0000-000000000000"), "UUID")
    return exp.Literal.number(0) if T.is_numeric(base) else exp.Literal.string("")


def _with_default(render: Render, value_arg: int = 0) -> Render:
    """An aggregate that yields its type's default (not NULL) over no rows, as ClickHouse does."""

    def wrapped(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        inner = render(args, types, ctx)
        return exp.func("coalesce", inner, _default_value(types[value_arg]))

    return wrapped


def _count(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Count(this=args[0] if args else exp.Star())


def _count_if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=args[0]))


def _uniq(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's uniq is approximate; deterministic exact counting matches it on small data (hogql.md §3.1).
    target = args[0] if len(args) == 1 else exp.Tuple(expressions=list(args))
    return exp.Count(this=exp.Distinct(expressions=[target]))


def _group_array(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # groupArray skips NULLs and gives [] over no rows.
    listed = exp.Filter(
        this=exp.Anonymous(this="list", expressions=[args[0]]),
        expression=exp.Where(this=exp.Not(this=exp.Is(this=args[0].copy(), expression=exp.null()))),
    )
    return exp.func("coalesce", listed, exp.Array(expressions=[]))


def _now(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(_zone(ctx.timezone)).replace(tzinfo=None)
    return T.cast(exp.Literal.string(local.isoformat(sep=" ")), "TIMESTAMP")


def _today(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    local = ctx.now.astimezone(_zone(ctx.timezone)).date()
    return T.cast(exp.Literal.string(local.isoformat()), "DATE")


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _trunc(unit: str, to_date: bool) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        truncated = exp.Anonymous(this="date_trunc", expressions=[exp.Literal.string(unit), args[0]])
        return T.cast(truncated, "DATE" if to_date else "TIMESTAMP")

    return render


def _start_of_week(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse modes: even modes start weeks on Sunday, odd on Monday. HogQL passes the team's
    # week_start_day as the default mode (posthog/hogql/functions/clickhouse/datetime.py).
    mode = _constant_int(args[1]) if len(args) > 1 else (3 if ctx.week_start_day == 1 else 0)
    if mode % 2:
        return _trunc("week", True)(args[:1], types, ctx)
    return _sql("CAST(date_trunc('week', {0} + INTERVAL 1 DAY) - INTERVAL 1 DAY AS DATE)")(args[:1], types, ctx)


def _constant_int(node: exp.Expr) -> int:
    if isinstance(node, exp.Literal) and not node.is_string:
        return int(node.this)
    raise HogQLQueryError("Expected a constant integer argument")


DATE_DIFF_UNITS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year")


def _date_diff(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    unit = args[0]
    if not (isinstance(unit, exp.Literal) and unit.is_string and unit.this.lower() in DATE_DIFF_UNITS):
        raise HogQLQueryError(f"Invalid unit for dateDiff: {unit.sql('duckdb')}")
    return exp.Anonymous(this="date_diff", expressions=[exp.Literal.string(unit.this.lower()), *args[1:]])


def _to_string(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return to_string(args[0], types[0])


def to_string(arg: exp.Expr, ch_type: str) -> exp.Expr:
    """ClickHouse's ``toString``: shortest float text without ``.0``, DateTime64 with its fraction."""
    base = T.unwrap(ch_type)
    formats = {"Date": "%Y-%m-%d", "DateTime": "%Y-%m-%d %H:%M:%S", "DateTime64": "%Y-%m-%d %H:%M:%S.%f"}
    kind = base.split("(")[0]
    if kind in formats:
        return exp.Anonymous(this="strftime", expressions=[arg, exp.Literal.string(formats[kind])])
    if base.startswith("Float"):
        text = exp.Anonymous(this="format", expressions=[exp.Literal.string("{}"), arg])
        return exp.Anonymous(
            this="regexp_replace", expressions=[text, exp.Literal.string(r"\.0$"), exp.Literal.string("")]
        )
    if base == "Bool":
        return exp.Case(ifs=[exp.If(this=arg, true=exp.Literal.string("true"))], default=exp.Literal.string("false"))
    return T.cast(arg, "VARCHAR")


def _to_int(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL's toInt is accurateCastOrNull(x, 'Int64'): '3.9' and 3.9 are NULL, not 4 (hogql.md §3.1).
    if T.unwrap(types[0]) == "String":
        return _sql("CASE WHEN regexp_full_match({0}, '[+-]?[0-9]+') THEN TRY_CAST({0} AS BIGINT) END")(
            args, types, ctx
        )
    if T.unwrap(types[0]).startswith("Float"):
        return _sql("CASE WHEN {0} = trunc({0}) THEN TRY_CAST({0} AS BIGINT) END")(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("BIGINT"))


def _to_float(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    if T.unwrap(types[0]) == "String":
        pattern = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|nan)"
        template = f"CASE WHEN regexp_full_match({{0}}, '{pattern}') THEN TRY_CAST({{0}} AS DOUBLE) END"
        return _sql(template)(args, types, ctx)
    return exp.TryCast(this=args[0], to=exp.DataType.build("DOUBLE"))


def _concat(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # HogQL prints concat's arguments as ifNull(toString(x), '') (posthog/hogql/printer.py), so NULLs vanish.
    parts = [a if T.unwrap(t) == "String" else to_string(a, t) for a, t in zip(args, types, strict=True)]
    return exp.Anonymous(this="concat", expressions=parts)


def _round(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    if T.int_parts(types[0]) is not None and (len(args) == 1 or _constant_int(args[1]) >= 0):
        return args[0]
    # ClickHouse rounds floats half to even (hogql.md §3.1).
    digits = args[1] if len(args) > 1 else exp.Literal.number(0)
    return exp.Anonymous(this="round_even", expressions=[T.cast(args[0], "DOUBLE"), digits])


def _length(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's length counts bytes for strings (lengthUTF8 counts characters).
    name = "len" if T.unwrap(types[0]).startswith("Array(") else "strlen"
    return exp.Anonymous(this=name, expressions=list(args))


def _if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=args[0], true=args[1])], default=args[2])


def _multi_if(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    pairs = [exp.If(this=args[i], true=args[i + 1]) for i in range(0, len(args) - 1, 2)]
    return exp.Case(ifs=pairs, default=args[-1])


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


def _interval(unit: str) -> Function:
    return Function(1, 1, _sql(f"to_{unit}s(CAST({{0}} AS BIGINT))"), _fixed(f"Interval{unit.title()}"))


def _like(negate: bool, insensitive: bool) -> Render:
    node = exp.ILike if insensitive else exp.Like

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        matched: exp.Expr = node(this=args[0], expression=args[1])
        return exp.Not(this=matched) if negate else matched

    return render


def _aggregate(render: Render, returns: Typer, min_args: int = 1, max_args: int | None = 1) -> Function:
    return Function(min_args, max_args, render, returns, aggregate=True)


# ---- the table ------------------------------------------------------------------------------------------

_AGGREGATES: dict[str, Function] = {
    "count": _aggregate(_count, _fixed("UInt64"), 0, 1),
    "uniq": _aggregate(_uniq, _fixed("UInt64"), 1, None),
    "uniqExact": _aggregate(_uniq, _fixed("UInt64"), 1, None),
    "sum": _aggregate(_with_default(_call("sum")), _sum_type),
    "avg": _aggregate(_sql("coalesce(avg({0}), 'nan'::DOUBLE)"), _propagating("Float64")),
    "min": _aggregate(_with_default(_call("min")), _arg_type(0)),
    "max": _aggregate(_with_default(_call("max")), _arg_type(0)),
    "any": _aggregate(_with_default(_call("first")), _arg_type(0)),
    "argMax": _aggregate(_with_default(_call("arg_max")), _arg_type(0), 2, 2),
    "argMin": _aggregate(_with_default(_call("arg_min")), _arg_type(0), 2, 2),
    "groupArray": _aggregate(_group_array, _array_of),
    "median": _aggregate(_sql("quantile_cont({0}, 0.5)"), _nullable("Float64")),
}

FUNCTIONS: dict[str, Function] = {
    **_AGGREGATES,
    "countIf": Function(1, 1, _count_if, _fixed("UInt64"), aggregate=True, is_condition=_first_arg),
    # conversions
    "toString": Function(1, 1, _to_string, _propagating("String")),
    "toInt": Function(1, 1, _to_int, _nullable("Int64")),
    "toFloat": Function(1, 1, _to_float, _nullable("Float64")),
    "toDate": Function(1, 1, _cast_to("DATE"), _propagating("Date")),
    "toDateTime": Function(1, 2, _cast_to("TIMESTAMP"), _datetime(None)),
    "toUUID": Function(1, 1, _cast_to("UUID"), _propagating("UUID")),
    "isNull": Function(1, 1, _sql("{0} IS NULL"), _fixed(T.BOOL), boolean=True),
    "isNotNull": Function(1, 1, _sql("{0} IS NOT NULL"), _fixed(T.BOOL), boolean=True),
    "coalesce": Function(1, None, _call("coalesce"), _first_non_null),
    "ifNull": Function(2, 2, _call("coalesce"), _first_non_null),
    "nullIf": Function(2, 2, _call("nullif"), lambda types, ctx: T.nullable(types[0])),
    "assumeNotNull": Function(1, 1, lambda a, t, c: a[0], _not_null_arg_type(0)),
    # conditionals
    "if": Function(3, 3, _if, lambda types, ctx: _common(types[1:], ctx), is_condition=_first_arg),
    "multiIf": Function(3, None, _multi_if, _multi_if_type, is_condition=_multi_if_conditions),
    # dates and times
    "now": Function(0, 0, _now, _datetime(6)),
    "today": Function(0, 0, _today, _fixed("Date")),
    "toStartOfDay": Function(1, 1, _trunc("day", False), _datetime(None)),
    "toStartOfHour": Function(1, 1, _trunc("hour", False), _datetime(None)),
    "toStartOfMinute": Function(1, 1, _trunc("minute", False), _datetime(None)),
    "toStartOfWeek": Function(1, 2, _start_of_week, _propagating("Date")),
    "toStartOfMonth": Function(1, 1, _trunc("month", True), _propagating("Date")),
    "toStartOfQuarter": Function(1, 1, _trunc("quarter", True), _propagating("Date")),
    "toStartOfYear": Function(1, 1, _trunc("year", True), _propagating("Date")),
    "toMonday": Function(1, 1, _trunc("week", True), _propagating("Date")),
    "toYear": Function(1, 1, _sql("CAST(year({0}) AS USMALLINT)"), _propagating("UInt16")),
    "toMonth": Function(1, 1, _sql("CAST(month({0}) AS UTINYINT)"), _propagating("UInt8")),
    "toDayOfMonth": Function(1, 1, _sql("CAST(day({0}) AS UTINYINT)"), _propagating("UInt8")),
    "toDayOfWeek": Function(1, 1, _sql("CAST(isodow({0}) AS UTINYINT)"), _propagating("UInt8")),
    "toHour": Function(1, 1, _sql("CAST(hour({0}) AS UTINYINT)"), _propagating("UInt8")),
    "toMinute": Function(1, 1, _sql("CAST(minute({0}) AS UTINYINT)"), _propagating("UInt8")),
    "dateDiff": Function(3, 3, _date_diff, _fixed("Int64")),
    "date_diff": Function(3, 3, _date_diff, _fixed("Int64")),
    "toIntervalSecond": _interval("second"),
    "toIntervalMinute": _interval("minute"),
    "toIntervalHour": _interval("hour"),
    "toIntervalDay": _interval("day"),
    "toIntervalWeek": _interval("week"),
    "toIntervalMonth": _interval("month"),
    "toIntervalYear": _interval("year"),
    # strings
    "lower": Function(1, 1, _call("lower"), _propagating("String")),
    "upper": Function(1, 1, _call("upper"), _propagating("String")),
    "length": Function(1, 1, _length, _propagating("UInt64")),
    "lengthUTF8": Function(1, 1, _call("length"), _propagating("UInt64")),
    "concat": Function(2, None, _concat, _fixed("String")),
    "substring": Function(2, 3, _call("substring"), _propagating("String")),
    "trim": Function(1, 1, _call("trim"), _propagating("String")),
    "replaceAll": Function(3, 3, _call("replace"), _propagating("String")),
    "startsWith": Function(2, 2, _call("starts_with"), _propagating(T.BOOL), boolean=True),
    "endsWith": Function(2, 2, _call("ends_with"), _propagating(T.BOOL), boolean=True),
    "like": Function(2, 2, _like(False, False), _propagating(T.BOOL), boolean=True),
    "ilike": Function(2, 2, _like(False, True), _propagating(T.BOOL), boolean=True),
    "notLike": Function(2, 2, _like(True, False), _propagating(T.BOOL), boolean=True),
    "notILike": Function(2, 2, _like(True, True), _propagating(T.BOOL), boolean=True),
    "splitByChar": Function(2, 2, _sql("string_split({1}, {0})"), _fixed("Array(String)")),
    "empty": Function(1, 1, _sql("(coalesce(length({0}), 0) = 0)"), _fixed(T.BOOL), boolean=True),
    "notEmpty": Function(1, 1, _sql("(coalesce(length({0}), 0) > 0)"), _fixed(T.BOOL), boolean=True),
    # URLs
    "domain": Function(1, 1, _regex_group(_URL_HOST), _propagating("String")),
    "path": Function(1, 1, _regex_group(_URL_PATH), _propagating("String")),
    "extractURLParameter": Function(2, 2, _url_parameter, _propagating("String")),
    # arrays
    "has": Function(2, 2, _call("list_contains"), _fixed(T.BOOL), boolean=True),
    "arrayJoin": Function(1, 1, _call("unnest"), _array_element),
    # arithmetic
    "round": Function(1, 2, _round, _arg_type(0)),
    "abs": Function(1, 1, _call("abs"), _arg_type(0)),
    "floor": Function(1, 1, _call("floor"), _arg_type(0)),
    "ceil": Function(1, 1, _call("ceil"), _arg_type(0)),
    "intDiv": Function(2, 2, _sql("CAST(trunc({0} / {1}) AS BIGINT)"), _propagating("Int64")),
    "greatest": Function(1, None, _call("greatest"), _common),
    "least": Function(1, None, _call("least"), _common),
}

# posthog/hogql/functions/mapping.py registers these with case_sensitive=False.
CASE_INSENSITIVE = {
    name.lower(): name
    for name in (
        "count", "min", "max", "sum", "avg", "if", "coalesce", "ifNull", "nullIf", "isNull", "lower",
        "upper", "concat", "substring", "length", "trim", "abs", "round", "floor", "ceil",
    )
}  # fmt: skip

# Names PostHog knows (hogql.md §3) that hogmock does not translate yet: a clear 400, not "unknown function".
KNOWN_UNSUPPORTED = frozenset(
    {
        "quantile", "quantiles", "topK", "groupUniqArray", "stddevPop", "stddevSamp", "varPop", "varSamp",
        "corr", "anyLast", "formatDateTime", "toTimeZone", "toUnixTimestamp", "toStartOfInterval",
        "dateAdd", "dateSub", "dateTrunc", "addDays", "replaceRegexpAll", "splitByString", "position",
        "match", "extract", "arrayMap", "arrayFilter", "arrayExists", "arraySort", "arrayDistinct",
        "arrayStringConcat", "arraySum", "indexOf", "hasAny", "hasAll", "JSONExtractString", "JSONExtractInt",
        "JSONExtractFloat", "JSONExtractRaw", "JSONHas", "cutQueryString", "row_number", "rank",
        "dense_rank", "lag", "lead", "first_value", "last_value", "lagInFrame", "leadInFrame", "tuple",
        "toBool", "toDecimal", "parseDateTimeBestEffort", "modulo", "plus", "minus", "multiply", "divide",
        "equals", "notEquals", "less", "greater", "lessOrEquals", "greaterOrEquals", "and", "or", "not",
        "in", "notIn", "matchesAction", "sparkline", "toDayOfYear", "toQuarter", "toSecond", "yesterday",
    }
)  # fmt: skip


def _if_combinator(name: str) -> Function | None:
    """``fooIf(args…, cond)`` from aggregate ``foo``: the condition filters the rows the aggregate sees."""
    base = _AGGREGATES.get(name[:-2]) if name.endswith("If") else None
    if base is None:
        return None

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return filtered(base.render(args[:-1], types[:-1], ctx), args[-1])

    max_args = None if base.max_args is None else base.max_args + 1
    returns: Typer = lambda types, ctx: base.returns(types[:-1], ctx)  # noqa: E731
    return replace(
        base,
        min_args=base.min_args + 1,
        max_args=max_args,
        render=render,
        returns=returns,
        is_condition=_last_arg,
    )


def filtered(aggregate: exp.Expr, condition: exp.Expr) -> exp.Expr:
    """Attach ``FILTER (WHERE condition)`` to the aggregate inside ``aggregate`` (under any coalesce)."""
    target = aggregate.this if isinstance(aggregate, exp.Coalesce) else aggregate
    if isinstance(target, exp.Filter):
        where = target.expression
        where.set("this", exp.and_(where.this, condition))
    else:
        target.replace(exp.Filter(this=target.copy(), expression=exp.Where(this=condition)))
    return aggregate


def lookup(name: str) -> Function:
    """The function named ``name``, or PostHog's error for it."""
    found = FUNCTIONS.get(name) or FUNCTIONS.get(CASE_INSENSITIVE.get(name.lower(), "")) or _if_combinator(name)
    if found is not None:
        return found
    if name in KNOWN_UNSUPPORTED:
        raise HogQLNotImplemented(f"hogmock does not support the HogQL function '{name}' yet")
    raise HogQLQueryError(f"Unsupported function call '{name}(...)'")


def check_arity(name: str, function: Function, count: int) -> None:
    """PostHog's arity error (``posthog/hogql/functions/mapping.py`` validate_function_args)."""
    low, high = function.min_args, function.max_args
    if low <= count and (high is None or count <= high):
        return
    expected = str(low) if low == high else (f"at least {low}" if high is None else f"{low}-{high}")
    noun = "argument" if low == high == 1 else "arguments"
    raise HogQLQueryError(f"Function '{name}' expects {expected} {noun}, found {count}")
