"""HogQL's clauses and operators: window functions, ARRAY JOIN, LIMIT BY / WITH TIES, tuples, regex operators,
``??``, f-strings, BETWEEN, IS NULL, set operations and joins.

Each case is a row (query, columns, types, rows) run by one validator; values and types are what ClickHouse
(chdb, ClickHouse 26) returns for the SQL PostHog prints, columns are PostHog's HogQL printing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mock_server.errors import HogQLError, HogQLNotImplemented, HogQLQueryError, HogQLSyntaxError
from mock_server.hogql import TranslationContext, translate
from mock_server.store import Database
from tests.hogql_data import NOW, run

NUMS = "from numbers(4)"

CASES: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    # ---- window functions -------------------------------------------------------------------------------
    (
        f"select number, row_number() over (order by number desc) {NUMS} order by number",
        ["number", "row_number() OVER (ORDER BY number DESC)"],
        ["UInt64", "UInt64"],
        [(0, 4), (1, 3), (2, 2), (3, 1)],
    ),
    (
        f"select rank() over (order by intDiv(number, 2)), dense_rank() over (order by intDiv(number, 2)) {NUMS} "
        "order by number",
        ["rank() OVER (ORDER BY intDiv(number, 2) ASC)", "dense_rank() OVER (ORDER BY intDiv(number, 2) ASC)"],
        ["UInt64", "UInt64"],
        [(1, 1), (1, 1), (3, 2), (3, 2)],
    ),
    (
        f"select row_number() over (partition by number % 2 order by number) {NUMS} order by number",
        ["row_number() OVER (PARTITION BY modulo(number, 2) ORDER BY number ASC)"],
        ["UInt64"],
        [(1,), (1,), (2,), (2,)],
    ),
    (
        f"select first_value(number) over (), nth_value(number, 3) over (order by number) {NUMS} order by number",
        ["first_value(number) OVER ()", "nth_value(number, 3) OVER (ORDER BY number ASC)"],
        ["UInt64", "UInt64"],
        [(0, 0), (0, 0), (0, 2), (0, 2)],
    ),
    (
        f"select last_value(toNullable(number)) over (order by number) {NUMS} order by number",
        ["last_value(toNullable(number)) OVER (ORDER BY number ASC)"],
        ["Nullable(UInt64)"],
        [(0,), (1,), (2,), (3,)],
    ),
    (
        "select first_value(x) over (order by n) from (select 1 as n, null as x union all select 2, 5) order by n",
        ["first_value(x) OVER (ORDER BY n ASC)"],
        ["Nullable(UInt8)"],
        [(None,), (5,)],
    ),
    (
        f"select lagInFrame(number) over (order by number), lagInFrame(number, 2, 100) over (order by number) {NUMS} "
        "order by number",
        ["lagInFrame(number) OVER (ORDER BY number ASC)", "lagInFrame(number, 2, 100) OVER (ORDER BY number ASC)"],
        ["UInt64", "UInt64"],
        [(0, 100), (0, 100), (1, 0), (2, 1)],
    ),
    (
        f"select lagInFrame(toString(number)) over (order by number) {NUMS} order by number",
        ["lagInFrame(toString(number)) OVER (ORDER BY number ASC)"],
        ["String"],
        [("",), ("0",), ("1",), ("2",)],
    ),
    (
        f"select leadInFrame(number) over (order by number rows between unbounded preceding and unbounded following) "
        f"{NUMS} order by number",
        ["leadInFrame(number) OVER (ORDER BY number ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"],
        ["UInt64"],
        [(1,), (2,), (3,), (0,)],
    ),
    (
        f"select lag(number) over (order by number) {NUMS} order by number",
        [
            "lagInFrame(toNullable(number)) OVER (ORDER BY number ASC ROWS BETWEEN UNBOUNDED PRECEDING AND "
            "UNBOUNDED FOLLOWING)"
        ],
        ["Nullable(UInt64)"],
        [(None,), (0,), (1,), (2,)],
    ),
    (
        f"select lead(number) over (order by number) {NUMS} order by number",
        [
            "leadInFrame(toNullable(number)) OVER (ORDER BY number ASC ROWS BETWEEN UNBOUNDED PRECEDING AND "
            "UNBOUNDED FOLLOWING)"
        ],
        ["Nullable(UInt64)"],
        [(1,), (2,), (3,), (None,)],
    ),
    (
        f"select lag(number, 2, 9) over (partition by number % 2 order by number) {NUMS} order by number",
        [
            "lagInFrame(toNullable(number), 2, 9) OVER (PARTITION BY modulo(number, 2) ORDER BY number ASC ROWS "
            "BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
        ],
        ["Nullable(UInt64)"],
        [(9,), (9,), (9,), (9,)],
    ),
    (
        f"select lag(number) over w {NUMS} window w as (order by number) order by number",
        [
            "lagInFrame(toNullable(number)) OVER (ORDER BY number ASC ROWS BETWEEN UNBOUNDED PRECEDING AND "
            "UNBOUNDED FOLLOWING)"
        ],
        ["Nullable(UInt64)"],
        [(None,), (0,), (1,), (2,)],
    ),
    (
        f"select sum(number) over (order by number rows between 1 preceding and current row) {NUMS} order by number",
        ["sum(number) OVER (ORDER BY number ASC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)"],
        ["UInt64"],
        [(0,), (1,), (3,), (5,)],
    ),
    (
        f"select sum(number) over (order by number) {NUMS} order by number",
        ["sum(number) OVER (ORDER BY number ASC)"],
        ["UInt64"],
        [(0,), (1,), (3,), (6,)],
    ),
    (
        f"select count() over (partition by number % 2), max(number) over () {NUMS} order by number",
        ["count() OVER (PARTITION BY modulo(number, 2))", "max(number) OVER ()"],
        ["UInt64", "UInt64"],
        [(2, 3), (2, 3), (2, 3), (2, 3)],
    ),
    (
        f"select avg(number) over w, row_number() over w {NUMS} window w as (order by number) order by number",
        ["avg(number) OVER w", "row_number() OVER w"],
        ["Float64", "UInt64"],
        [(0.0, 1), (0.5, 2), (1.0, 3), (1.5, 4)],
    ),
    (
        f"select sum(number) over (order by number rows between current row and 1 following) {NUMS} order by number",
        ["sum(number) OVER (ORDER BY number ASC ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)"],
        ["UInt64"],
        [(1,), (3,), (5,), (3,)],
    ),
    (
        "select event, row_number() over (partition by distinct_id order by timestamp) as n from events "
        "order by timestamp",
        ["event", "n"],
        ["String", "UInt64"],
        [("$pageview", 1), ("$pageview", 2), ("purchase", 1), ("$pageleave", 1)],
    ),
    (
        "select distinct_id, count() as c, sum(count()) over () from events group by distinct_id order by distinct_id",
        ["distinct_id", "c", "sum(count()) OVER ()"],
        ["String", "UInt64", "UInt64"],
        [("d1", 2, 4), ("d2", 1, 4), ("d3", 1, 4)],
    ),
    # ---- ARRAY JOIN ------------------------------------------------------------------------------------------
    (
        "select event, x from events array join [1, 2] as x order by timestamp, x limit 3",
        ["event", "x"],
        ["String", "UInt8"],
        [("$pageview", 1), ("$pageview", 2), ("$pageview", 1)],
    ),
    (
        "select x, y from (select [1, 2] as a, ['p', 'q'] as b) array join a as x, b as y order by x",
        ["x", "y"],
        ["UInt8", "String"],
        [(1, "p"), (2, "q")],
    ),
    ("select a from (select [1, 2] as a) array join a order by a", ["a"], ["UInt8"], [(1,), (2,)]),
    (
        "select number, x from numbers(3) array join splitByChar(',', if(number = 1, 'c', 'a,b')) as x "
        "order by number, x",
        ["number", "x"],
        ["UInt64", "String"],
        [(0, "a"), (0, "b"), (1, "c"), (2, "a"), (2, "b")],
    ),
    (
        "select n, x from (select 1 as n, [7] as a union all select 2, []) left array join a as x order by n",
        ["n", "x"],
        ["UInt8", "UInt8"],
        [(1, 7), (2, 0)],
    ),
    (
        "select n, x from (select 1 as n, [7] as a union all select 2, []) array join a as x order by n",
        ["n", "x"],
        ["UInt8", "UInt8"],
        [(1, 7)],
    ),
    (
        "select count() from events array join [1, 2, 3] as x where x > 1",
        ["count()"],
        ["UInt64"],
        [(8,)],
    ),
    # ---- LIMIT BY, WITH TIES, OFFSET ----------------------------------------------------------------------
    (
        "select distinct_id, event from events order by timestamp desc limit 1 by distinct_id",
        ["distinct_id", "event"],
        ["String", "String"],
        [("d3", "$pageleave"), ("d2", "purchase"), ("d1", "$pageview")],
    ),
    (
        f"select number % 2 as k, number {NUMS} order by number limit 1 offset 1 by k",
        ["k", "number"],
        ["UInt8", "UInt64"],
        [(0, 2), (1, 3)],
    ),
    (
        f"select intDiv(number, 2) as k {NUMS} order by k limit 1 with ties",
        ["k"],
        ["UInt64"],
        [(0,), (0,)],
    ),
    (f"select number {NUMS} order by number limit 2 offset 1", ["number"], ["UInt64"], [(1,), (2,)]),
    (f"select number {NUMS} order by number limit 1, 2", ["number"], ["UInt64"], [(1,), (2,)]),
    # ---- tuples and arrays ---------------------------------------------------------------------------------
    ("select tuple(1, 'a')", ["tuple(1, 'a')"], ["Tuple(UInt8, String)"], [((1, "a"),)]),
    ("select (1, 'a')", ["tuple(1, 'a')"], ["Tuple(UInt8, String)"], [((1, "a"),)]),
    ("select (1, 2).2", ["tuple(1, 2).2"], ["UInt8"], [(2,)]),
    ("select (1, 'a').1", ["tuple(1, 'a').1"], ["UInt8"], [(1,)]),
    ("select tupleElement((1, 'x'), 2)", ["tupleElement(tuple(1, 'x'), 2)"], ["String"], [("x",)]),
    ("select t.1, t.2 from (select tuple(1, 'z') as t)", ["t.1", "t.2"], ["UInt8", "String"], [(1, "z")]),
    ("select [1, 2, 3][-1]", ["[1, 2, 3][-1]"], ["UInt8"], [(3,)]),
    ("select [1, 2, 3][1]", ["[1, 2, 3][1]"], ["UInt8"], [(1,)]),
    ("select [1, 2][5], ['a'][3]", ["[1, 2][5]", "['a'][3]"], ["UInt8", "String"], [(0, "")]),
    ("select [1, 2][-3]", ["[1, 2][-3]"], ["UInt8"], [(0,)]),
    ("select a[2] from (select ['x', 'y'] as a)", ["a[2]"], ["String"], [("y",)]),
    # ---- operators --------------------------------------------------------------------------------------------
    ("select null ?? 2", ["ifNull(NULL, 2)"], ["UInt8"], [(2,)]),
    (
        "select properties.nothing ?? 'none' from events order by timestamp limit 1",
        ["ifNull(properties.nothing, 'none')"],
        ["String"],
        [("none",)],
    ),
    ("select 'abc' =~ 'b'", ["match('abc', 'b')"], ["UInt8"], [(1,)]),
    ("select 'abc' !~ 'b'", ["not(match('abc', 'b'))"], ["UInt8"], [(0,)]),
    ("select 'ABC' =~* 'b'", ["match('ABC', concat('(?i)', 'b'))"], ["UInt8"], [(1,)]),
    ("select 'ABC' !~* 'b'", ["not(match('ABC', concat('(?i)', 'b')))"], ["UInt8"], [(0,)]),
    ("select 'ABC' =~ 'b'", ["match('ABC', 'b')"], ["UInt8"], [(0,)]),
    (
        "select count() from events where properties.$browser =~ '^Chr'",
        ["count()"],
        ["UInt64"],
        [(2,)],
    ),
    (
        "select count() from events where properties.$browser !~ '^Chr'",
        ["count()"],
        ["UInt64"],
        [(2,)],
    ),
    ("select 3 between 1 and 5", ["3 BETWEEN 1 AND 5"], ["UInt8"], [(1,)]),
    ("select 3 not between 1 and 2", ["3 NOT BETWEEN 1 AND 2"], ["UInt8"], [(1,)]),
    (
        "select count() from events where toFloat(properties.price) between 10 and 100",
        ["count()"],
        ["UInt64"],
        [(2,)],
    ),
    (
        "select count() from events where toFloat(properties.price) not between 50 and 100",
        ["count()"],
        ["UInt64"],
        [(1,)],
    ),
    (
        "select 1 in (1, 2), 3 not in (1, 2)",
        ["in(1, tuple(1, 2))", "notIn(3, tuple(1, 2))"],
        ["UInt8", "UInt8"],
        [(1, 1)],
    ),
    ("select null in (null, 1)", ["in(NULL, tuple(NULL, 1))"], ["UInt8"], [(1,)]),
    (
        "select count() from events where distinct_id in (select distinct_id from events where event = 'purchase')",
        ["count()"],
        ["UInt64"],
        [(1,)],
    ),
    (
        "select count() from events where properties.$browser is null",
        ["count()"],
        ["UInt64"],
        [(1,)],
    ),
    (
        "select count() from events where properties.$browser is not null",
        ["count()"],
        ["UInt64"],
        [(3,)],
    ),
    ("select -number from numbers(2)", ["minus(0, number)"], ["Int64"], [(0,), (-1,)]),
    ("select not 1, not 0", ["not(1)", "not(0)"], ["UInt8", "UInt8"], [(0, 1)]),
    ("select f'a{1 + 1}b'", ["concat('a', plus(1, 1), 'b')"], ["String"], [("a2b",)]),
    (
        "select f'{event}!' from events order by timestamp limit 1",
        ["concat(event, '!')"],
        ["String"],
        [("$pageview!",)],
    ),
    ("select f'plain'", ["'plain'"], ["String"], [("plain",)]),
    # ---- casts ----------------------------------------------------------------------------------------------
    ("select 1::String", ["CAST(1 AS String)"], ["String"], [("1",)]),
    # posthog/hogql/printer/base.py visit_type_cast: ::Int is toInt64 (chdb: toInt64('42') is Int64 42).
    ("select '42'::Int", ["CAST('42' AS Int32)"], ["Int64"], [(42,)]),
    ("select '1.5'::Float64", ["CAST('1.5' AS Float64)"], ["Float64"], [(1.5,)]),
    # ---- set operations, subqueries and joins ----------------------------------------------------------------
    ("select 1 union distinct select 1", ["1"], ["UInt8"], [(1,)]),
    (
        "select number from (select number from numbers(3) intersect select number from numbers(1, 3)) order by number",
        ["number"],
        ["UInt64"],
        [(1,), (2,)],
    ),
    ("select number from numbers(3) except select number from numbers(1, 3)", ["number"], ["UInt64"], [(0,)]),
    ("select 1 as x", ["x"], ["UInt8"], [(1,)]),
    (
        "select a.number, b.number from numbers(2) a cross join numbers(2) b order by a.number, b.number",
        ["number", "number"],
        ["UInt64", "UInt64"],
        [(0, 0), (0, 1), (1, 0), (1, 1)],
    ),
    (
        "select count() from (select number from numbers(3)) a join (select number from numbers(2, 3)) b "
        "using (number)",
        ["count()"],
        ["UInt64"],
        [(1,)],
    ),
    (
        "select x from (select (select max(number) from numbers(5)) as x)",
        ["x"],
        ["Nullable(UInt64)"],
        [(4,)],
    ),
    (
        "select event from events order by properties.$browser asc nulls first, timestamp limit 2",
        ["event"],
        ["String"],
        [("$pageleave",), ("$pageview",)],
    ),
    (
        "select event from events order by properties.$browser desc, timestamp limit 2",
        ["event"],
        ["String"],
        [("purchase",), ("$pageview",)],
    ),
    ("select number from numbers(10) sample 1 order by number limit 2", ["number"], ["UInt64"], [(0,), (1,)]),
    # ---- operators as PostHog parses them (checked in chdb) ----------------------------------------------
    # and/or/not are Bool as soon as an operand is Bool; a nested chain is one flat and(…).
    (
        "select true and false, true or false, not true, 1 and 0, not 1, true and 1, 1 and (0 or 1) and 1",
        [
            "and(true, false)",
            "or(true, false)",
            "not(true)",
            "and(1, 0)",
            "not(1)",
            "and(true, 1)",
            "and(1, or(0, 1), 1)",
        ],
        ["Bool", "Bool", "Bool", "UInt8", "UInt8", "Bool", "UInt8"],
        [(0, 1, 0, 0, 0, 1, 1)],
    ),
    # -x is minus(0, x): -(1) and -(-2) are Int16, -number Int64; a number literal stays a constant.
    (
        "select -(1), -(-2), -(1.5), -(255), -number, -1 from numbers(2) order by number",
        ["minus(0, 1)", "minus(0, -2)", "minus(0, 1.5)", "minus(0, 255)", "minus(0, number)", "-1"],
        ["Int16", "Int16", "Float64", "Int16", "Int64", "Int8"],
        [(-1, 2, -1.5, -255, 0, -1), (-1, 2, -1.5, -255, -1, -1)],
    ),
    # % is modulo, with its type: UInt64 % UInt8 is UInt8, UInt64 % Int8 too.
    (
        "select number % 3, modulo(number, 3), number % -2 from numbers(2) order by number",
        ["modulo(number, 3)", "modulo(number, 3)", "modulo(number, -2)"],
        ["UInt8", "UInt8", "UInt8"],
        [(0, 0, 0), (1, 1, 1)],
    ),
    # CASE x WHEN is caseWithExpression, where NULL matches NULL; CASE WHEN with one branch is if().
    (
        "select case 2 when 1 then 'one' when 2 then 'two' else 'many' end, case null when null then 1 else 2 end, "
        "case 3 when 1 then 5 end, case when 1 then 2 end",
        [
            "_caseWithExpression(2, 1, 'one', 2, 'two', 'many')",
            "_caseWithExpression(NULL, NULL, 1, 2)",
            "_caseWithExpression(3, 1, 5, NULL)",
            "if(1, 2, NULL)",
        ],
        ["String", "UInt8", "Nullable(UInt8)", "Nullable(UInt8)"],
        [("two", 1, None, 2)],
    ),
    # || is concat, whose NULL arguments print as ''.
    (
        "select 'a' || 'b', 'x' || null, 1 || 2 || 'c', 'a' || ('b' || 'c')",
        ["concat('a', 'b')", "concat('x', NULL)", "concat(1, 2, 'c')", "concat('a', 'b', 'c')"],
        ["String", "String", "String", "String"],
        [("ab", "x", "12c", "abc")],
    ),
    # not like / not ilike with a NULL side are true (ifNull(notLike(…), 1)); NULL like NULL is true.
    (
        "select countIf(properties.$browser not like 'Chr%'), countIf(properties.$browser not ilike '%r%'), "
        "countIf(notLike(properties.$browser, 'Chr%')), countIf(properties.$browser like 'Chr%'), "
        "countIf(properties.nothing like properties.missing), countIf(properties.nothing not like properties.missing) "
        "from events",
        [
            "countIf(notLike(properties.$browser, 'Chr%'))",
            "countIf(notILike(properties.$browser, '%r%'))",
            "countIf(notLike(properties.$browser, 'Chr%'))",
            "countIf(like(properties.$browser, 'Chr%'))",
            "countIf(like(properties.nothing, properties.missing))",
            "countIf(notLike(properties.nothing, properties.missing))",
        ],
        ["UInt64"] * 6,
        [(2, 1, 2, 2, 4, 0)],
    ),
    # DISTINCT in any aggregation is ClickHouse's -Distinct combinator.
    (
        "select sum(distinct number % 3), avg(distinct number % 3), arraySort(groupArray(distinct number % 3)), "
        "uniq(distinct number % 3), sumIf(distinct number % 3, number > 4), countIf(distinct number % 3, number > 4) "
        "from numbers(10)",
        [
            "sum(DISTINCT modulo(number, 3))",
            "avg(DISTINCT modulo(number, 3))",
            "arraySort(groupArray(DISTINCT modulo(number, 3)))",
            "uniq(DISTINCT modulo(number, 3))",
            "sumIf(DISTINCT modulo(number, 3), greater(number, 4))",
            "countIf(DISTINCT modulo(number, 3), greater(number, 4))",
        ],
        ["UInt64", "Float64", "Array(UInt8)", "UInt64", "UInt64", "UInt64"],
        [(3, 1.0, [0, 1, 2], 3, 3, 3)],
    ),
    # A negative index into a property counts from the end (JSONExtractRaw's path), NULL past the start.
    (
        "select properties.tags[-1], properties.tags[-2], properties.tags[-3] from events order by timestamp limit 2",
        ["tags__-1", "tags__-2", "tags__-3"],
        ["Nullable(String)"] * 3,
        [("b", "a", None), (None, None, None)],
    ),
    # A constant index past the end gives the element type's default, as arrayElement does.
    ("select [1, 2][5], ['a'][3]", ["[1, 2][5]", "['a'][3]"], ["UInt8", "String"], [(0, "")]),
    # Date ± an interval of days or more stays a Date.
    (
        "select toDate('2024-01-31') + interval 1 day, toDate('2024-01-31') - interval 1 month",
        ["plus(toDate('2024-01-31'), toIntervalDay(1))", "minus(toDate('2024-01-31'), toIntervalMonth(1))"],
        ["Nullable(Date)", "Nullable(Date)"],
        [(date(2024, 2, 1), date(2023, 12, 31))],
    ),
    # join_use_nulls=0: an outer join's missing row reads defaults from non-Nullable columns, NULL from Nullable.
    (
        "select a.n, b.m, b.s, b.z from (select number as n from numbers(3)) a left join (select number as m, "
        "'x' as s, toNullable(1) as z from numbers(1)) b on a.n = b.m order by a.n",
        ["n", "m", "s", "z"],
        ["UInt64", "UInt64", "String", "Nullable(UInt8)"],
        [(0, 0, "x", 1), (1, 0, "", None), (2, 0, "", None)],
    ),
    (
        "select a.n, b.m from (select number as n from numbers(1)) a right join (select number as m from numbers(3)) "
        "b on a.n = b.m order by b.m",
        ["n", "m"],
        ["UInt64", "UInt64"],
        [(0, 0), (0, 1), (0, 2)],
    ),
    (
        "select count(), countIf(b.m = 0) from (select number as n from numbers(3)) a left join "
        "(select number + 10 as m from numbers(1)) b on a.n = b.m where b.m = 0",
        ["count()", "countIf(equals(b.m, 0))"],
        ["UInt64", "UInt64"],
        [(3, 3)],
    ),
    (
        "select a.n from (select number as n from numbers(3)) a join (select number as n from numbers(5)) b using (n) "
        "order by a.n",
        ["n"],
        ["UInt64"],
        [(0,), (1,), (2,)],
    ),
]


@pytest.mark.parametrize(("query", "columns", "types", "rows"), CASES, ids=[c[0][:70] for c in CASES])
def test_language(hogql_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(hogql_db, query) == (columns, types, rows)


ERRORS: list[tuple[str, type[HogQLError], str]] = [
    # posthog/hogql/printer/base.py visit_type_cast knows int/float/string/date/datetime names only.
    ("select cast('7' as Int64)", HogQLQueryError, "Unsupported type cast to 'Int64'"),
    ("select [1, 2][0]", HogQLQueryError, "SQL indexes start from one, not from zero. E.g: array[1]"),
    ("select (1, 2).0", HogQLQueryError, "SQL indexes start from one, not from zero. E.g: array.1"),
    (
        "select t.0 from (select tuple(1) as t)",
        HogQLQueryError,
        "SQL indexes start from one, not from zero. E.g: array.1",
    ),
    ("select row_number() over w from numbers(2)", HogQLQueryError, "Window 'w' is not defined"),
    ("select number from numbers(2) limit 1 with ties", HogQLQueryError, "Can not use WITH TIES without ORDER BY"),
    ("select x from numbers(2) array join number as x", HogQLQueryError, "ARRAY JOIN requires an array, got UInt64"),
    (
        "select number from numbers(2) group by rollup(number)",
        HogQLNotImplemented,
        "hogmock does not support ROLLUP yet",
    ),
    (
        "select number from numbers(2) group by number with totals",
        HogQLNotImplemented,
        "hogmock does not support WITH TOTALS yet",
    ),
    # PostHog prints a bare lambda as is; ClickHouse refuses it (chdb, BAD_ARGUMENTS).
    ("select x -> x, 1", HogQLQueryError, "Lambda x -> x is not allowed in expression context"),
    ("select lower(distinct event) from events", HogQLQueryError,
     "DISTINCT event is only allowed in count() or an aggregation"),
    # USING does not merge the two `n` (posthog/hogql/resolver_utils.py lookup_field_by_name).
    ("select n from (select number as n from numbers(3)) a join (select number as n from numbers(5)) b using (n)",
     HogQLQueryError, "Ambiguous query. Found multiple sources for field: n"),
    # hogql-parser rejects these ("no viable alternative at input …"); a keyword is no alias without AS.
    ("select", HogQLSyntaxError, "no viable alternative at input 'select'"),
    ("select 1 group by", HogQLSyntaxError, "no viable alternative at input 'select 1 group by'"),
    ("select 1 order", HogQLSyntaxError, "Syntax error at line 1, column 14: no viable alternative at input 'order'"),
    ("select 1 limit", HogQLSyntaxError, "Syntax error at line 1, column 14: no viable alternative at input 'limit'"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(query: str, error: type[HogQLError], message: str) -> None:
    with pytest.raises(error) as raised:
        translate(query, TranslationContext(now=NOW))
    assert (type(raised.value), raised.value.detail) == (error, message)


def test_distinct_on_is_not_hogql() -> None:
    """HogQL's grammar has ``SELECT DISTINCT`` only (posthog/hogql/grammar/HogQLParser.g4 selectStmt)."""
    with pytest.raises(HogQLSyntaxError):
        translate("select distinct on (event) event from events", TranslationContext(now=NOW))


# A top-level LIMIT BY limits rows per group only: the paginator's LIMIT still applies (paginated) and follows it.
PAGINATED: list[tuple[str, bool, str]] = [
    ("select number from numbers(10) limit 1 by number", True,
     "SELECT number FROM numbers(10) LIMIT 1 BY number LIMIT 101 OFFSET 0"),
    ("select number from numbers(10) limit 1 offset 2 by number", True,
     "SELECT number FROM numbers(10) LIMIT 1 OFFSET 2 BY number LIMIT 101 OFFSET 0"),
    ("select number from numbers(10) limit 3", False, "SELECT number FROM numbers(10) LIMIT 3"),
    ("select 1", True, "SELECT 1 LIMIT 101 OFFSET 0"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "paginated", "hogql"), PAGINATED, ids=[p[0] for p in PAGINATED])
def test_paginated(query: str, paginated: bool, hogql: str) -> None:
    translation = translate(query, TranslationContext(now=NOW))
    assert (translation.paginated, translation.hogql) == (paginated, hogql)
