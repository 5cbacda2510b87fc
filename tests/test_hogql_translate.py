"""Translator tests: HogQL in, exact rows and ClickHouse types out, on the tiny dataset of ``hogql_data``.

Each case is a row of a table run by one validator, as sqlglot's dialect tests are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import pytest

from mock_server.errors import HogQLError, HogQLNotImplemented, HogQLQueryError, HogQLSyntaxError
from mock_server.hogql import TranslationContext, translate
from mock_server.hogql import schema as S
from mock_server.hogql.resolver import Scope, Source
from mock_server.store import Database
from tests.hogql_data import NOW, P1, P2, P3, run

# (query, columns, types, rows)
CASES: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    ("select 1", ["1"], ["UInt8"], [(1,)]),
    (
        "select 1, -1, 300, 1.5, 'a', null",
        ["1", "-1", "300", "1.5", "'a'", "NULL"],
        ["UInt8", "Int8", "UInt16", "Float64", "String", "Nullable(Nothing)"],
        [(1, -1, 300, 1.5, "a", None)],
    ),
    (
        "select event, count() from events group by event order by event",
        ["event", "count()"],
        ["String", "UInt64"],
        [("$pageleave", 1), ("$pageview", 2), ("purchase", 1)],
    ),
    (
        "select count(*), count(distinct distinct_id), uniq(distinct_id) from events",
        ["count(*)", "count(DISTINCT distinct_id)", "uniq(distinct_id)"],
        ["UInt64", "UInt64", "UInt64"],
        [(4, 3, 3)],
    ),
    # properties: Nullable(String) text, strings unquoted, missing and null are NULL, '' stays ''; price and
    # coupon have inferred Numeric/Boolean definitions, so PostHog's PropertySwapper casts them
    (
        "select properties.$browser, properties.price, properties.coupon, properties.empty, properties.nothing "
        "from events order by timestamp",
        ["$browser", "price", "coupon", "empty", "nothing"],
        ["Nullable(String)", "Nullable(Float64)", "Nullable(Bool)", "Nullable(String)", "Nullable(String)"],
        [
            ("Chrome", 10.5, True, None, None),
            ("Chrome", None, None, None, None),
            ("Safari", 99.0, False, "", None),
            (None, None, None, None, None),
        ],
    ),
    (
        "select properties.cart.items, properties['cart']['items'], properties.tags.1, properties.tags[2], "
        "properties.cart from events order by timestamp limit 1",
        ["cart__items", "cart__items", "tags__1", "tags__2", "cart"],
        ["Nullable(String)"] * 5,
        [("2", "2", "a", "b", '{"items":2}')],
    ),
    (
        "select person.properties.email, person.id, pdi.person_id from events order by timestamp",
        ["email", "id", "person_id"],
        ["Nullable(String)", "UUID", "UUID"],
        [
            ("a@x.com", UUID(P1), UUID(P1)),
            ("a@x.com", UUID(P1), UUID(P1)),
            ("b@y.com", UUID(P2), UUID(P2)),
            (None, UUID(P3), UUID(P3)),
        ],
    ),
    (
        "select e.event, e.timestamp from events e order by e.timestamp desc limit 1",
        ["event", "timestamp"],
        ["String", "DateTime64(6, 'UTC')"],
        [("$pageleave", dt.datetime(2026, 11, 20, 8, 0))],
    ),
    # null-safe comparisons: NULL != 'Chrome' is true, NULL = NULL is true
    ("select count() from events where properties.$browser != 'Chrome'", ["count()"], ["UInt64"], [(2,)]),
    ("select count() from events where properties.$browser = 'Chrome'", ["count()"], ["UInt64"], [(2,)]),
    ("select count() from events where properties.nothing = null", ["count()"], ["UInt64"], [(4,)]),
    (
        "select properties.$browser = 'Chrome' from events order by timestamp",
        ["equals(properties.$browser, 'Chrome')"],
        ["UInt8"],
        [(1,), (1,), (0,), (0,)],
    ),
    (
        "select count() from events where properties.$browser like 'Chr%' or properties.$browser ilike 'saf%'",
        ["count()"],
        ["UInt64"],
        [(3,)],
    ),
    (
        "select count() from events where event in ('purchase', '$pageleave') and not event = 'purchase'",
        ["count()"],
        ["UInt64"],
        [(1,)],
    ),
    # aggregates with ClickHouse defaults over no rows
    (
        "select sum(1), min(event), max(timestamp), avg(1), countIf(event = 'x') from events where 0",
        ["sum(1)", "min(event)", "max(timestamp)", "avg(1)", "countIf(equals(event, 'x'))"],
        ["UInt64", "String", "DateTime64(6, 'UTC')", "Float64", "UInt64"],
        [(0, "", dt.datetime(1970, 1, 1), pytest.approx(float("nan"), nan_ok=True), 0)],
    ),
    (
        "select sumIf(toFloat(properties.price), event = 'purchase'), argMax(event, timestamp), "
        "groupArray(properties.$browser) from events",
        [
            "sumIf(toFloat(properties.price), equals(event, 'purchase'))",
            "argMax(event, timestamp)",
            "groupArray(properties.$browser)",
        ],
        ["Nullable(Float64)", "String", "Array(String)"],
        [(99.0, "$pageleave", ["Chrome", "Chrome", "Safari"])],
    ),
    # dates: toStartOfWeek follows the team's week start
    (
        "select toDate(timestamp), toStartOfDay(timestamp), toStartOfHour(timestamp), toStartOfWeek(timestamp), "
        "toStartOfMonth(timestamp) from events order by timestamp limit 1",
        [
            "toDate(timestamp)",
            "toStartOfDay(timestamp)",
            "toStartOfHour(timestamp)",
            "toStartOfWeek(timestamp)",
            "toStartOfMonth(timestamp)",
        ],
        ["Date", "DateTime('UTC')", "DateTime('UTC')", "Date", "Date"],
        [
            (
                dt.date(2026, 11, 18),
                dt.datetime(2026, 11, 18),
                dt.datetime(2026, 11, 18, 10),
                dt.date(2026, 11, 15),
                dt.date(2026, 11, 1),
            )
        ],
    ),
    (
        "select now(), today(), dateDiff('hour', toDateTime('2026-11-20 00:00:00'), now()), now() - interval 1 day",
        [
            "now()",
            "today()",
            "dateDiff('hour', toDateTime('2026-11-20 00:00:00'), now())",
            "minus(now(), toIntervalDay(1))",
        ],
        ["DateTime64(6, 'UTC')", "Date", "Int64", "DateTime64(6, 'UTC')"],
        [(dt.datetime(2026, 11, 20, 12), dt.date(2026, 11, 20), 12, dt.datetime(2026, 11, 19, 12))],
    ),
    ("select count() from events where timestamp >= now() - interval 2 day", ["count()"], ["UInt64"], [(2,)]),
    # conversions and strings
    (
        "select toString(1.0), toString(0.1 + 0.2), toString(toDateTime('2026-01-02 03:04:05')), toInt('3.9'), "
        "toInt('42'), toFloat('1e3'), toFloat('x')",
        [
            "toString(1.0)",
            "toString(plus(0.1, 0.2))",
            "toString(toDateTime('2026-01-02 03:04:05'))",
            "toInt('3.9')",
            "toInt('42')",
            "toFloat('1e3')",
            "toFloat('x')",
        ],
        [
            "String",
            "String",
            "String",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
        ],
        [("1", "0.30000000000000004", "2026-01-02 03:04:05", None, 42, 1000.0, None)],
    ),
    (
        "select lower('AbC'), upper('abc'), concat('a', 1, null, 'b'), length('héllo'), round(2.5), round(3.5), "
        "round(1.2345, 2)",
        [
            "lower('AbC')",
            "upper('abc')",
            "concat('a', 1, NULL, 'b')",
            "length('héllo')",
            "round(2.5)",
            "round(3.5)",
            "round(1.2345, 2)",
        ],
        ["String", "String", "String", "UInt64", "Float64", "Float64", "Float64"],
        [("abc", "ABC", "a1b", 6, 2.0, 4.0, 1.23)],
    ),
    (
        "select coalesce(properties.$browser, 'none'), ifNull(properties.nothing, 'x'), "
        "if(event = 'purchase', 1, 0), multiIf(event = 'purchase', 'p', event = '$pageview', 'v', 'o') "
        "from events order by timestamp",
        [
            "coalesce(properties.$browser, 'none')",
            "ifNull(properties.nothing, 'x')",
            "if(equals(event, 'purchase'), 1, 0)",
            "multiIf(equals(event, 'purchase'), 'p', equals(event, '$pageview'), 'v', 'o')",
        ],
        ["String", "String", "UInt8", "String"],
        [("Chrome", "x", 0, "v"), ("Chrome", "x", 0, "v"), ("Safari", "x", 1, "p"), ("none", "x", 0, "o")],
    ),
    (
        "select domain(properties.$current_url), path(properties.$current_url), "
        "extractURLParameter(properties.$current_url, 'utm_source') from events order by timestamp limit 2",
        [
            "domain(properties.$current_url)",
            "path(properties.$current_url)",
            "extractURLParameter(properties.$current_url, 'utm_source')",
        ],
        ["Nullable(String)"] * 3,
        [("www.example.com", "/blog/a", "google"), ("example.com", "/pricing", "")],
    ),
    (
        "select has(['a', 'b'], 'b'), arrayJoin([1, 2]) as n order by n",
        ["has(['a', 'b'], 'b')", "n"],
        ["UInt8", "UInt8"],
        [(1, 1), (1, 2)],
    ),
    # clauses: subqueries, CTEs, joins, HAVING, DISTINCT, UNION ALL, aliases reused
    (
        "select event, c from (select event, count() as c from events group by event) where c > 1",
        ["event", "c"],
        ["String", "UInt64"],
        [("$pageview", 2)],
    ),
    (
        "with t as (select distinct_id, count() c from events group by distinct_id) select count() from t where c >= 1",
        ["count()"],
        ["UInt64"],
        [(3,)],
    ),
    (
        "select e.event, p.properties.email from events e join persons p on p.id = e.person_id "
        "where e.event = 'purchase'",
        ["event", "email"],
        ["String", "Nullable(String)"],
        [("purchase", "b@y.com")],
    ),
    (
        "select distinct_id, count() c from events group by distinct_id having c > 1",
        ["distinct_id", "c"],
        ["String", "UInt64"],
        [("d1", 2)],
    ),
    (
        "select distinct event from events order by event",
        ["event"],
        ["String"],
        [("$pageleave",), ("$pageview",), ("purchase",)],
    ),
    ("select x from (select 1 as x union all select 2) order by x desc", ["x"], ["UInt8"], [(2,), (1,)]),
    (
        "select toDate(timestamp) as d, count() from events group by d order by d desc limit 1",
        ["d", "count()"],
        ["Date", "UInt64"],
        [(dt.date(2026, 11, 20), 1)],
    ),
    ("select number from numbers(3)", ["number"], ["UInt64"], [(0,), (1,), (2,)]),
    # transform_null_in=1 with a subquery (chdb): a NULL is in a set that holds NULL, and so not NOT IN it.
    (
        "select properties.$browser b, b in (select properties.$browser from events where event != 'purchase') i, "
        "b not in (select properties.$browser from events where event != 'purchase') ni from events order by timestamp",
        ["b", "i", "ni"],
        ["Nullable(String)", "UInt8", "UInt8"],
        [("Chrome", 1, 0), ("Chrome", 1, 0), ("Safari", 0, 1), (None, 1, 0)],
    ),
    # posthog/hogql/functions/test/test_sparkline.py: sparkline expands to a UI tag tuple.
    (
        "select sparkline([1, 2, 3])",
        ["tuple('__hx_tag', 'Sparkline', 'data', [1, 2, 3])"],
        ["Tuple(String, String, String, Array(UInt8))"],
        [(("__hx_tag", "Sparkline", "data", [1, 2, 3]),)],
    ),
    ("select count() from persons where properties.email like '%@x.com'", ["count()"], ["UInt64"], [(1,)]),
    (
        "select distinct_id, person.properties.plan from person_distinct_ids order by distinct_id",
        ["distinct_id", "plan"],
        ["String", "Nullable(String)"],
        [("d1", "pro"), ("d2", None), ("d3", None)],
    ),
    (
        "select session.$session_duration from events where event = '$pageview' limit 1",
        ["$session_duration"],
        ["Int64"],
        [(300,)],
    ),
]


@pytest.mark.parametrize(("query", "columns", "types", "rows"), CASES, ids=[c[0][:60] for c in CASES])
def test_translation(hogql_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(hogql_db, query) == (columns, types, rows)


def test_team_timezone_shows_datetimes_in_it(hogql_db: Database) -> None:
    _, types, rows = run(
        hogql_db, "select timestamp, now() from events order by timestamp limit 1", timezone="Europe/Berlin"
    )
    assert types == ["DateTime64(6, 'Europe/Berlin')", "DateTime64(6, 'Europe/Berlin')"]
    assert rows == [(dt.datetime(2026, 11, 18, 11, 0), dt.datetime(2026, 11, 20, 13, 0))]


def test_monday_week_start(hogql_db: Database) -> None:
    _, _, rows = run(hogql_db, "select toStartOfWeek(toDate('2026-11-22'))", week_start_day=1)
    assert rows == [(dt.date(2026, 11, 16),)]


def test_top_level_limits() -> None:
    context = TranslationContext(now=NOW)
    paginated = translate("select event from events", context)
    assert (paginated.paginated, paginated.sql.endswith("LIMIT 101 OFFSET 0")) == (True, True)
    assert paginated.hogql == "SELECT event FROM events LIMIT 101 OFFSET 0"
    capped = translate("select event from events limit 100000", context)
    assert (capped.paginated, capped.sql.endswith("LIMIT 50000")) == (False, True)
    union = translate("select 1 union all select 2", context)
    assert (union.paginated, union.sql) == (
        False,
        '(SELECT 1 AS "1" LIMIT 100) UNION ALL (SELECT 2 AS "2" LIMIT 100)',
    )


ERRORS: list[tuple[str, type[HogQLError], str]] = [
    ("select * from foo", HogQLQueryError, "Unknown table `foo`."),
    ("select nope from events", HogQLQueryError, "Unable to resolve field: nope"),
    ("select foo(1)", HogQLQueryError, "Unsupported function call 'foo(...)'"),
    ("select TOSTRING(1)", HogQLQueryError, "Unsupported function call 'TOSTRING(...)'"),
    ("select toString()", HogQLQueryError, "Function 'toString' expects 1 argument, found 0"),
    ("select dateDiff('day')", HogQLQueryError, "Function 'dateDiff' expects 3 arguments, found 1"),
    ("select sum()", HogQLQueryError, "Aggregation 'sum' expects 1 argument, found 0"),
    ("select concat('a')", HogQLQueryError, "Function 'concat' expects at least 2 arguments, found 1"),
    ("select round(1, 2, 3)", HogQLQueryError, "Function 'round' expects at most 2 arguments, found 3"),
    (
        "select properties.tags[0] from events",
        HogQLQueryError,
        "SQL indexes start from one, not from zero. E.g: array[1]",
    ),
    ("select quantile(1)", HogQLQueryError, "Aggregation 'quantile' requires parameters in addition to arguments"),
    (
        "select matchesAction(1)",
        HogQLNotImplemented,
        "hogmock does not support the HogQL function 'matchesAction' yet",
    ),
    ("select sparkline()", HogQLQueryError, "Function 'sparkline' expects 1 argument, found 0"),
    ("selec 1", HogQLSyntaxError, "mismatched input 'selec' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("select 1; select 2", HogQLSyntaxError, "mismatched input ';' expecting <EOF>"),
    (
        "select (1",
        HogQLSyntaxError,
        "Unexpected end of query. Check for a missing closing bracket, quote, or clause.",
    ),
    (
        "select 1 from",
        HogQLSyntaxError,
        "Unexpected end of query. Check for a missing closing bracket, quote, or clause.",
    ),
    ("select 1 union all select 2 order by x", HogQLQueryError, "Unable to resolve field: x"),
    # A template string's {…} holds one expression (HogQLParser.g4 stringContents: columnExpr RBRACE); found in
    # review: a trailing clause was silently dropped, a second statement ignored, an empty {} a server error.
    (
        "select f'a{1 FROM events WHERE x}b'",
        HogQLSyntaxError,
        "Syntax error at line 1, column 6: Invalid expression / Unexpected token",
    ),
    ("select f'{1; 2}'", HogQLSyntaxError, "mismatched input ';' expecting <EOF>"),
    (
        "select f'{}'",
        HogQLSyntaxError,
        "Unexpected end of query. Check for a missing closing bracket, quote, or clause.",
    ),
]


@pytest.mark.parametrize(("query", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(query: str, error: type[HogQLError], message: str) -> None:
    with pytest.raises(error) as raised:
        translate(query, TranslationContext(now=NOW))
    assert (type(raised.value), raised.value.detail) == (error, message)


# Untrusted HogQL must never reach files, the network, settings or extensions (DEVELOPERS.md).
ESCAPES: list[tuple[str, str]] = [
    ("select * from read_csv('/etc/passwd')", "Unknown table `read_csv`."),
    ("select * from read_parquet('x.parquet')", "Unknown table `read_parquet`."),
    ("select * from read_json('x.json')", "Unknown table `read_json`."),
    ("select * from glob('*')", "Unknown table `glob`."),
    ("select read_csv('/etc/passwd')", "Unsupported function call 'read_csv(...)'"),
    ("select getenv('HOME')", "Unsupported function call 'getenv(...)'"),
    ("select * from duckdb_settings()", "Unknown table `duckdb_settings`."),
    ("select duckdb_extensions()", "Unsupported function call 'duckdb_extensions(...)'"),
    ("select current_setting('threads')", "Unsupported function call 'current_setting(...)'"),
    ("select * from 'events.csv'", "Unknown table `events.csv`."),
    ("COPY events TO '/tmp/x.csv'", "mismatched input 'COPY' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("ATTACH '/tmp/x.db' AS x", "mismatched input 'ATTACH' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("INSTALL httpfs", "mismatched input 'INSTALL' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("LOAD httpfs", "mismatched input 'LOAD' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("PRAGMA enable_profiling", "mismatched input 'PRAGMA' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("SET enable_external_access = true", "mismatched input 'SET' expecting {SELECT, WITH, '{', '(', '<'}"),
    ("select 1; COPY events TO '/tmp/x.csv'", "mismatched input ';' expecting <EOF>"),
    # An INTERVAL amount given as a string is a whole number, never SQL text (found in review: it reached
    # DuckDB verbatim, so a subquery or a stacked COMMIT could ride in on it).
    (
        "select interval '0 + (select count() from read_csv(''/etc/passwd''))' day",
        "Invalid interval amount: \"0 + (select count() from read_csv('/etc/passwd'))\"",
    ),
    (
        "select interval '(1) AS DOUBLE) AS BIGINT)); COMMIT; DELETE FROM persons; --' day",
        "Invalid interval amount: '(1) AS DOUBLE) AS BIGINT)); COMMIT; DELETE FROM persons; --'",
    ),
    ("select e.* from events", "Unable to resolve field: e.*"),
    ("select 1 from events a join persons b using (properties)", "Unable to resolve field: properties"),
    ("(COPY events TO '/tmp/x.csv')", "Syntax error at line 1, column 15: Expecting )"),
]


@pytest.mark.parametrize(("query", "message"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_escapes_are_refused(query: str, message: str) -> None:
    with pytest.raises(HogQLError) as raised:
        translate(query, TranslationContext(now=NOW))
    assert raised.value.detail == message


def test_datetimes_of_different_zones_compare_as_instants(hogql_db: Database) -> None:
    # ClickHouse compares the instants: 10:00 UTC is 11:00 in Berlin (chdb: 1); two events are after 10:30 UTC
    # (wall clocks compared naively would count all four: 11:00 and 11:05 Berlin are after 10:30).
    _, _, same = run(
        hogql_db,
        "select toDateTime('2026-11-18 10:00:00', 'UTC') = toDateTime('2026-11-18 11:00:00')",
        timezone="Europe/Berlin",
    )
    _, _, later = run(
        hogql_db,
        "select count() from events where timestamp > toDateTime('2026-11-18 10:30:00', 'UTC')",
        timezone="Europe/Berlin",
    )
    assert (same, later) == ([(1,)], [(2,)])


def test_a_resolve_probe_adds_no_join() -> None:
    # The printer asks whether a chain's prefix resolves (``a.b[1]``: a tuple element or a property?); found in
    # review: the probe registered the lazy joins it went through, even when it then failed.
    scope = Scope(TranslationContext(now=NOW))
    scope.add_source("events", Source("events", S.TABLES["events"]))
    probes = (scope.type_of(["pdi", "person"]), scope.type_of(["person", "properties"]))
    assert (probes, scope.lazy_joins) == ((None, "String"), {})
    # A chain the query uses joins once, through the same lazy join the probe went through.
    sql = translate("select person.properties.tags.1 from events", TranslationContext(now=NOW)).sql
    assert (sql.count(" JOIN "), sql.count('LEFT JOIN "persons" AS "events__person"')) == (1, 1)
