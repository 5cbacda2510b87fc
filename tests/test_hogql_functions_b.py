# ruff: noqa: E501  (the table holds whole queries and chdb results on one line each)
"""Part B functions (dates, strings, URLs, arrays with lambdas, JSON): HogQL in, exact rows and ClickHouse types out.

Every expected value and type was produced by ClickHouse 26 (chdb) running what PostHog prints for the query
(``toDateOrNull`` for ``toDate('…')``, ``toDateTime('…', tz)``, ``now64(6, tz)``…), in the team timezone given.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mock_server.errors import HogQLQueryError
from mock_server.hogql import TranslationContext, translate
from mock_server.hogql.functions.json import JSON_TYPE
from mock_server.runner.values import convert_rows
from mock_server.store import Database
from tests.hogql_data import NOW, run

# (query, team timezone, columns, types, rows)
CASES: list[tuple[str, str, list[str], list[str], list[tuple[Any, ...]]]] = [
    (
        "select toYear(toDate('2026-11-18')), toQuarter(toDate('2026-11-18')), toMonth(toDate('2026-11-18')), toDayOfMonth(toDate('2026-11-18')), toDayOfYear(toDate('2026-11-18'))",
        "UTC",
        [
            "toYear(toDate('2026-11-18'))",
            "toQuarter(toDate('2026-11-18'))",
            "toMonth(toDate('2026-11-18'))",
            "toDayOfMonth(toDate('2026-11-18'))",
            "toDayOfYear(toDate('2026-11-18'))",
        ],
        ["Nullable(UInt16)", "Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt16)"],
        [(2026, 4, 11, 18, 322)],
    ),
    (
        "select toDayOfWeek(toDate('2026-11-18')), toDayOfWeek(toDate('2026-11-18'), 1), toDayOfWeek(toDate('2026-11-18'), 2), toDayOfWeek(toDate('2026-11-18'), 3)",
        "UTC",
        [
            "toDayOfWeek(toDate('2026-11-18'))",
            "toDayOfWeek(toDate('2026-11-18'), 1)",
            "toDayOfWeek(toDate('2026-11-18'), 2)",
            "toDayOfWeek(toDate('2026-11-18'), 3)",
        ],
        ["Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)"],
        [(3, 2, 3, 4)],
    ),
    (
        "select toHour(now()), toMinute(now()), toSecond(now()), toYear(now())",
        "Europe/Berlin",
        ["toHour(now())", "toMinute(now())", "toSecond(now())", "toYear(now())"],
        ["UInt8", "UInt8", "UInt8", "UInt16"],
        [(13, 0, 0, 2026)],
    ),
    (
        "select now(), today(), yesterday()",
        "Europe/Berlin",
        ["now()", "today()", "yesterday()"],
        ["DateTime64(6, 'Europe/Berlin')", "Date", "Date"],
        [(datetime.datetime(2026, 11, 20, 13, 0), datetime.date(2026, 11, 20), datetime.date(2026, 11, 19))],
    ),
    (
        "select toStartOfDay(now()), toStartOfHour(now()), toStartOfMinute(now())",
        "Europe/Berlin",
        ["toStartOfDay(now())", "toStartOfHour(now())", "toStartOfMinute(now())"],
        ["DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')"],
        [
            (
                datetime.datetime(2026, 11, 20, 0, 0),
                datetime.datetime(2026, 11, 20, 13, 0),
                datetime.datetime(2026, 11, 20, 13, 0),
            )
        ],
    ),
    (
        "select toStartOfFiveMinutes(toDateTime('2026-01-01 10:07:00')), toStartOfTenMinutes(toDateTime('2026-01-01 10:17:00')), toStartOfFifteenMinutes(toDateTime('2026-01-01 10:31:00'))",
        "Europe/Berlin",
        [
            "toStartOfFiveMinutes(toDateTime('2026-01-01 10:07:00'))",
            "toStartOfTenMinutes(toDateTime('2026-01-01 10:17:00'))",
            "toStartOfFifteenMinutes(toDateTime('2026-01-01 10:31:00'))",
        ],
        ["DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')"],
        [
            (
                datetime.datetime(2026, 1, 1, 10, 5),
                datetime.datetime(2026, 1, 1, 10, 10),
                datetime.datetime(2026, 1, 1, 10, 30),
            )
        ],
    ),
    (
        "select toStartOfMonth(toDate('2026-11-18')), toStartOfQuarter(toDate('2026-11-18')), toStartOfYear(toDate('2026-11-18')), toMonday(toDate('2026-11-18')), toLastDayOfMonth(toDate('2026-02-10'))",
        "UTC",
        [
            "toStartOfMonth(toDate('2026-11-18'))",
            "toStartOfQuarter(toDate('2026-11-18'))",
            "toStartOfYear(toDate('2026-11-18'))",
            "toMonday(toDate('2026-11-18'))",
            "toLastDayOfMonth(toDate('2026-02-10'))",
        ],
        ["Nullable(Date)", "Nullable(Date)", "Nullable(Date)", "Nullable(Date)", "Nullable(Date)"],
        [
            (
                datetime.date(2026, 11, 1),
                datetime.date(2026, 10, 1),
                datetime.date(2026, 1, 1),
                datetime.date(2026, 11, 16),
                datetime.date(2026, 2, 28),
            )
        ],
    ),
    (
        "select toStartOfWeek(toDate('2026-11-18'), 0), toStartOfWeek(toDate('2026-11-18'), 1), toStartOfWeek(toDate('2026-11-18'), 2), toStartOfWeek(toDate('2026-11-18'), 3), toStartOfWeek(toDate('2026-11-18'), 9)",
        "UTC",
        [
            "toStartOfWeek(toDate('2026-11-18'), 0)",
            "toStartOfWeek(toDate('2026-11-18'), 1)",
            "toStartOfWeek(toDate('2026-11-18'), 2)",
            "toStartOfWeek(toDate('2026-11-18'), 3)",
            "toStartOfWeek(toDate('2026-11-18'), 9)",
        ],
        ["Nullable(Date)", "Nullable(Date)", "Nullable(Date)", "Nullable(Date)", "Nullable(Date)"],
        [
            (
                datetime.date(2026, 11, 15),
                datetime.date(2026, 11, 16),
                datetime.date(2026, 11, 15),
                datetime.date(2026, 11, 16),
                datetime.date(2026, 11, 16),
            )
        ],
    ),
    (
        "select toStartOfDay(toDate('2026-11-18'))",
        "UTC",
        ["toStartOfDay(toDate('2026-11-18'))"],
        ["Nullable(DateTime)"],
        [(datetime.datetime(2026, 11, 18, 0, 0),)],
    ),
    (
        "select toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 7 minute), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 7 hour), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 3 day), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 3 week)",
        "Europe/Berlin",
        [
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalMinute(7))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalHour(7))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalDay(3))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalWeek(3))",
        ],
        ["DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')", "DateTime('Europe/Berlin')", "Date"],
        [
            (
                datetime.datetime(2026, 11, 18, 11, 0),
                datetime.datetime(2026, 11, 18, 7, 0),
                datetime.datetime(2026, 11, 18, 0, 0),
                datetime.date(2026, 11, 16),
            )
        ],
    ),
    (
        "select toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 2 month), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 1 quarter), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 3 year), toStartOfInterval(toDateTime('2026-11-18 11:05:03'), interval 10 second)",
        "UTC",
        [
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalMonth(2))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalQuarter(1))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalYear(3))",
            "toStartOfInterval(toDateTime('2026-11-18 11:05:03'), toIntervalSecond(10))",
        ],
        ["Date", "Date", "Date", "DateTime('UTC')"],
        [
            (
                datetime.date(2026, 11, 1),
                datetime.date(2026, 10, 1),
                datetime.date(2025, 1, 1),
                datetime.datetime(2026, 11, 18, 11, 5),
            )
        ],
    ),
    (
        "select dateDiff('day', toDate('2026-11-18'), toDate('2026-03-29')), dateDiff('week', toDate('2026-11-18'), toDate('2026-03-29')), dateDiff('month', toDate('2026-01-31'), toDate('2026-02-28')), dateDiff('quarter', toDate('2026-11-18'), toDate('2026-03-29')), dateDiff('year', toDate('2025-12-31'), toDate('2026-01-01'))",
        "UTC",
        [
            "dateDiff('day', toDate('2026-11-18'), toDate('2026-03-29'))",
            "dateDiff('week', toDate('2026-11-18'), toDate('2026-03-29'))",
            "dateDiff('month', toDate('2026-01-31'), toDate('2026-02-28'))",
            "dateDiff('quarter', toDate('2026-11-18'), toDate('2026-03-29'))",
            "dateDiff('year', toDate('2025-12-31'), toDate('2026-01-01'))",
        ],
        ["Nullable(Int64)", "Nullable(Int64)", "Nullable(Int64)", "Nullable(Int64)", "Nullable(Int64)"],
        [(-234, -34, 1, -3, 1)],
    ),
    (
        "select dateDiff('hour', toDateTime('2026-03-29 00:00:00'), toDateTime('2026-03-29 12:00:00')), dateDiff('minute', toDateTime('2026-03-29 00:00:00'), toDateTime('2026-03-29 12:00:00')), date_diff('second', toDateTime('2026-01-01 00:00:00'), toDateTime('2026-01-01 00:01:30'))",
        "Europe/Berlin",
        [
            "dateDiff('hour', toDateTime('2026-03-29 00:00:00'), toDateTime('2026-03-29 12:00:00'))",
            "dateDiff('minute', toDateTime('2026-03-29 00:00:00'), toDateTime('2026-03-29 12:00:00'))",
            "date_diff('second', toDateTime('2026-01-01 00:00:00'), toDateTime('2026-01-01 00:01:30'))",
        ],
        ["Int64", "Int64", "Int64"],
        [(11, 660, 90)],
    ),
    (
        "select age('day', toDate('2026-11-18'), toDate('2026-03-29')), age('year', toDate('2025-06-01'), toDate('2026-05-31'))",
        "UTC",
        [
            "age('day', toDate('2026-11-18'), toDate('2026-03-29'))",
            "age('year', toDate('2025-06-01'), toDate('2026-05-31'))",
        ],
        ["Nullable(Int64)", "Nullable(Int64)"],
        [(-234, 0)],
    ),
    (
        "select dateAdd(toDate('2026-11-18'), interval 1 day), dateSub(toDate('2026-11-18'), interval 1 month), dateAdd(toDate('2026-11-18'), interval 1 hour)",
        "UTC",
        [
            "dateAdd(toDate('2026-11-18'), toIntervalDay(1))",
            "dateSub(toDate('2026-11-18'), toIntervalMonth(1))",
            "dateAdd(toDate('2026-11-18'), toIntervalHour(1))",
        ],
        ["Nullable(Date)", "Nullable(Date)", "Nullable(DateTime)"],
        [(datetime.date(2026, 11, 19), datetime.date(2026, 10, 18), datetime.datetime(2026, 11, 18, 1, 0))],
    ),
    (
        "select date_add(now(), interval 1 hour), date_subtract(now(), interval 3 day)",
        "Europe/Berlin",
        ["date_add(now(), toIntervalHour(1))", "date_subtract(now(), toIntervalDay(3))"],
        ["DateTime64(6, 'Europe/Berlin')", "DateTime64(6, 'Europe/Berlin')"],
        [(datetime.datetime(2026, 11, 20, 14, 0), datetime.datetime(2026, 11, 17, 13, 0))],
    ),
    (
        "select addDays(toDate('2026-11-18'), 1), addWeeks(toDate('2026-11-18'), 1), addMonths(toDate('2026-01-31'), 1), addQuarters(toDate('2026-11-18'), 1), addYears(toDate('2026-11-18'), 1), subtractDays(toDate('2026-11-18'), 1), subtractHours(toDate('2026-11-18'), 1)",
        "UTC",
        [
            "addDays(toDate('2026-11-18'), 1)",
            "addWeeks(toDate('2026-11-18'), 1)",
            "addMonths(toDate('2026-01-31'), 1)",
            "addQuarters(toDate('2026-11-18'), 1)",
            "addYears(toDate('2026-11-18'), 1)",
            "subtractDays(toDate('2026-11-18'), 1)",
            "subtractHours(toDate('2026-11-18'), 1)",
        ],
        [
            "Nullable(Date)",
            "Nullable(Date)",
            "Nullable(Date)",
            "Nullable(Date)",
            "Nullable(Date)",
            "Nullable(Date)",
            "Nullable(DateTime)",
        ],
        [
            (
                datetime.date(2026, 11, 19),
                datetime.date(2026, 11, 25),
                datetime.date(2026, 2, 28),
                datetime.date(2027, 2, 18),
                datetime.date(2027, 11, 18),
                datetime.date(2026, 11, 17),
                datetime.datetime(2026, 11, 17, 23, 0),
            )
        ],
    ),
    (
        "select addHours(now(), 1), addMinutes(now(), 1), addSeconds(now(), 1), subtractMonths(now(), 1)",
        "Europe/Berlin",
        ["addHours(now(), 1)", "addMinutes(now(), 1)", "addSeconds(now(), 1)", "subtractMonths(now(), 1)"],
        [
            "DateTime64(6, 'Europe/Berlin')",
            "DateTime64(6, 'Europe/Berlin')",
            "DateTime64(6, 'Europe/Berlin')",
            "DateTime64(6, 'Europe/Berlin')",
        ],
        [
            (
                datetime.datetime(2026, 11, 20, 14, 0),
                datetime.datetime(2026, 11, 20, 13, 1),
                datetime.datetime(2026, 11, 20, 13, 0, 1),
                datetime.datetime(2026, 10, 20, 13, 0),
            )
        ],
    ),
    (
        "select dateTrunc('day', now()), dateTrunc('month', now()), date_trunc('hour', now()), dateTrunc('year', toDate('2026-11-18')), dateTrunc('day', toDate('2026-11-18'))",
        "Europe/Berlin",
        [
            "dateTrunc('day', now())",
            "dateTrunc('month', now())",
            "date_trunc('hour', now())",
            "dateTrunc('year', toDate('2026-11-18'))",
            "dateTrunc('day', toDate('2026-11-18'))",
        ],
        [
            "DateTime64(0, 'Europe/Berlin')",
            "Date32",
            "DateTime64(0, 'Europe/Berlin')",
            "Nullable(Date)",
            "Nullable(DateTime)",
        ],
        [
            (
                datetime.datetime(2026, 11, 20, 0, 0),
                datetime.date(2026, 11, 1),
                datetime.datetime(2026, 11, 20, 13, 0),
                datetime.date(2026, 1, 1),
                datetime.datetime(2026, 11, 18, 0, 0),
            )
        ],
    ),
    (
        "select now() + interval 1 day, now() - toIntervalHour(2)",
        "Europe/Berlin",
        ["plus(now(), toIntervalDay(1))", "minus(now(), toIntervalHour(2))"],
        ["DateTime64(6, 'Europe/Berlin')", "DateTime64(6, 'Europe/Berlin')"],
        [(datetime.datetime(2026, 11, 21, 13, 0), datetime.datetime(2026, 11, 20, 11, 0))],
    ),
    (
        "select toTimeZone(now(), 'America/New_York'), toTimeZone(toDateTime('2026-11-18 10:05:03'), 'UTC')",
        "Europe/Berlin",
        ["toTimeZone(now(), 'America/New_York')", "toTimeZone(toDateTime('2026-11-18 10:05:03'), 'UTC')"],
        ["DateTime64(6, 'America/New_York')", "DateTime('UTC')"],
        [(datetime.datetime(2026, 11, 20, 7, 0), datetime.datetime(2026, 11, 18, 9, 5, 3))],
    ),
    (
        "select toUnixTimestamp(now()), toUnixTimestamp(toDate('2026-11-18')), toUnixTimestamp(toDateTime('2026-11-18 10:05:03'))",
        "Europe/Berlin",
        [
            "toUnixTimestamp(now())",
            "toUnixTimestamp(toDate('2026-11-18'))",
            "toUnixTimestamp(toDateTime('2026-11-18 10:05:03'))",
        ],
        ["UInt32", "Nullable(UInt32)", "UInt32"],
        [(1795176000, 1794960000, 1794992703)],
    ),
    (
        "select fromUnixTimestamp(1700000000), toYYYYMM(toDate('2026-11-18')), toYYYYMMDD(toDate('2026-11-18')), toISOWeek(toDate('2027-01-01')), toISOYear(toDate('2027-01-01'))",
        "UTC",
        [
            "fromUnixTimestamp(1700000000)",
            "toYYYYMM(toDate('2026-11-18'))",
            "toYYYYMMDD(toDate('2026-11-18'))",
            "toISOWeek(toDate('2027-01-01'))",
            "toISOYear(toDate('2027-01-01'))",
        ],
        ["DateTime", "Nullable(UInt32)", "Nullable(UInt32)", "Nullable(UInt8)", "Nullable(UInt16)"],
        [(datetime.datetime(2023, 11, 14, 22, 13, 20), 202611, 20261118, 53, 2026)],
    ),
    (
        "select formatDateTime(toDateTime('2026-01-02 05:04:03'), '%Y-%m-%d %H:%i:%S'), formatDateTime(toDateTime('2026-12-29 15:40:09'), '%M %p %j %e %y %a %b %W %u %V %s %%')",
        "Europe/Berlin",
        [
            "formatDateTime(toDateTime('2026-01-02 05:04:03'), '%Y-%m-%d %H:%i:%S')",
            "formatDateTime(toDateTime('2026-12-29 15:40:09'), '%M %p %j %e %y %a %b %W %u %V %s %%')",
        ],
        ["String", "String"],
        [("2026-01-02 05:04:03", "December PM 363 29 26 Tue Dec Tuesday 2 53 09 %")],
    ),
    (
        "select formatDateTime(toDateTime('2026-12-29 15:40:09'), '%D %F %T %R %I %l %k %r %h %c %C %G %g %Q %w')",
        "UTC",
        ["formatDateTime(toDateTime('2026-12-29 15:40:09'), '%D %F %T %R %I %l %k %r %h %c %C %G %g %Q %w')"],
        ["String"],
        [("12/29/26 2026-12-29 15:40:09 15:40 03 03 15 03:40 PM 03 12 20 2026 26 4 2",)],
    ),
    (
        "select formatDateTime(toDateTime('2026-01-02 03:04:05.250000'), '%f'), formatDateTime(toDate('2026-07-04'), '%Y %H %f'), formatDateTime(toDateTime('2026-01-02 03:04:05'), '%H:%i', 'America/New_York')",
        "UTC",
        [
            "formatDateTime(toDateTime('2026-01-02 03:04:05.250000'), '%f')",
            "formatDateTime(toDate('2026-07-04'), '%Y %H %f')",
            "formatDateTime(toDateTime('2026-01-02 03:04:05'), '%H:%i', 'America/New_York')",
        ],
        ["String", "Nullable(String)", "String"],
        [("250000", "2026 00 000000", "22:04")],
    ),
    (
        "select toDateTime('2026-01-02 03:04:05'), toDateTime('2026-01-02 03:04:05.5'), toDateTime('2026-01-02T03:04:05Z'), toDateTime('2026-01-02')",
        "Europe/Berlin",
        [
            "toDateTime('2026-01-02 03:04:05')",
            "toDateTime('2026-01-02 03:04:05.5')",
            "toDateTime('2026-01-02T03:04:05Z')",
            "toDateTime('2026-01-02')",
        ],
        [
            "DateTime('Europe/Berlin')",
            "DateTime64(6, 'Europe/Berlin')",
            "DateTime64(6, 'Europe/Berlin')",
            "DateTime('Europe/Berlin')",
        ],
        [
            (
                datetime.datetime(2026, 1, 2, 3, 4, 5),
                datetime.datetime(2026, 1, 2, 3, 4, 5, 500000),
                datetime.datetime(2026, 1, 2, 4, 4, 5),
                datetime.datetime(2026, 1, 2, 0, 0),
            )
        ],
    ),
    (
        "select toDate('2026-01-02'), toDate('nope'), toDate(toDateTime('2026-01-02 00:30:00'))",
        "Europe/Berlin",
        ["toDate('2026-01-02')", "toDate('nope')", "toDate(toDateTime('2026-01-02 00:30:00'))"],
        ["Nullable(Date)", "Nullable(Date)", "Date"],
        [(datetime.date(2026, 1, 2), None, datetime.date(2026, 1, 2))],
    ),
    (
        "select concat('a', 'b'), length('héllo'), lengthUTF8('héllo'), substring('hello', 0, 2), substring('hello', 2), substring('hello', -3, 2), substring('hello', 2, 10)",
        "UTC",
        [
            "concat('a', 'b')",
            "length('héllo')",
            "lengthUTF8('héllo')",
            "substring('hello', 0, 2)",
            "substring('hello', 2)",
            "substring('hello', -3, 2)",
            "substring('hello', 2, 10)",
        ],
        ["String", "UInt64", "UInt64", "String", "String", "String", "String"],
        [("ab", 6, 5, "", "ello", "ll", "ello")],
    ),
    (
        "select trim('  a  '), ltrim('  a '), rtrim(' a  '), trimLeft('xxaxx', 'x'), trimRight('xxaxx', 'x'), trimBoth('xxaxx', 'x')",
        "UTC",
        [
            "trim('  a  ')",
            "ltrim('  a ')",
            "rtrim(' a  ')",
            "trimLeft('xxaxx', 'x')",
            "trimRight('xxaxx', 'x')",
            "trimBoth('xxaxx', 'x')",
        ],
        ["String", "String", "String", "String", "String", "String"],
        [("a", "a ", " a", "axx", "xxa", "a")],
    ),
    (
        "select replace('aXbX', 'X', '-'), replaceAll('aXbX', 'X', '-'), replaceOne('aXbX', 'X', '-'), replaceRegexpAll('a1b22', '\\\\d+', '<\\\\0>'), replaceRegexpOne('a1b22', '(\\\\d)', '[\\\\1]'), replaceRegexpAll('abc', '(b)', '\\\\1\\\\1')",
        "UTC",
        [
            "replace('aXbX', 'X', '-')",
            "replaceAll('aXbX', 'X', '-')",
            "replaceOne('aXbX', 'X', '-')",
            "replaceRegexpAll('a1b22', '\\\\d+', '<\\\\0>')",
            "replaceRegexpOne('a1b22', '(\\\\d)', '[\\\\1]')",
            "replaceRegexpAll('abc', '(b)', '\\\\1\\\\1')",
        ],
        ["String", "String", "String", "String", "String", "String"],
        [("a-b-", "a-b-", "a-bX", "a<1>b<22>", "a[1]b22", "abbc")],
    ),
    (
        "select splitByChar(',', 'a,b,,c'), splitByString('::', 'a::b'), splitByRegexp('\\\\d+', 'a1b22c'), splitByString('', 'abc'), splitByChar(',', '')",
        "UTC",
        [
            "splitByChar(',', 'a,b,,c')",
            "splitByString('::', 'a::b')",
            "splitByRegexp('\\\\d+', 'a1b22c')",
            "splitByString('', 'abc')",
            "splitByChar(',', '')",
        ],
        ["Array(String)", "Array(String)", "Array(String)", "Array(String)", "Array(String)"],
        [(["a", "b", "", "c"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c"], [""])],
    ),
    (
        "select position('hello', 'l'), position('hello', 'z'), positionCaseInsensitive('HELLO', 'l'), position('héllo', 'l')",
        "UTC",
        [
            "position('hello', 'l')",
            "position('hello', 'z')",
            "positionCaseInsensitive('HELLO', 'l')",
            "position('héllo', 'l')",
        ],
        ["UInt64", "UInt64", "UInt64", "UInt64"],
        [(3, 0, 3, 4)],
    ),
    (
        "select match('abc', 'b.'), match('abc', '^b'), extract('abc123def45', '\\\\d+'), extract('key=val', 'key=(\\\\w+)'), extract('abc', 'z'), extractAll('a1b22c333', '\\\\d+'), extractAll('k1=v1 k2=v2', '(\\\\w+)=')",
        "UTC",
        [
            "match('abc', 'b.')",
            "match('abc', '^b')",
            "extract('abc123def45', '\\\\d+')",
            "extract('key=val', 'key=(\\\\w+)')",
            "extract('abc', 'z')",
            "extractAll('a1b22c333', '\\\\d+')",
            "extractAll('k1=v1 k2=v2', '(\\\\w+)=')",
        ],
        ["UInt8", "UInt8", "String", "String", "String", "Array(String)", "Array(String)"],
        [(1, 0, "123", "val", "", ["1", "22", "333"], ["k1", "k2"])],
    ),
    (
        "select startsWith('abc', 'ab'), endsWith('abc', 'bc'), left('hello', 2), right('hello', 2), left('abc', -1), right('abc', -1), leftPad('abc', 5, '*'), rightPad('abc', 5), leftPad('abcdef', 3)",
        "UTC",
        [
            "startsWith('abc', 'ab')",
            "endsWith('abc', 'bc')",
            "left('hello', 2)",
            "right('hello', 2)",
            "left('abc', -1)",
            "right('abc', -1)",
            "leftPad('abc', 5, '*')",
            "rightPad('abc', 5)",
            "leftPad('abcdef', 3)",
        ],
        ["UInt8", "UInt8", "String", "String", "String", "String", "String", "String", "String"],
        [(1, 1, "he", "lo", "ab", "bc", "**abc", "abc  ", "abc")],
    ),
    (
        "select reverse('abc'), repeat('ab', 3), base64Encode('hello'), base64Decode('aGVsbG8='), empty(''), notEmpty('a'), empty('a'), empty([]), notEmpty([1])",
        "UTC",
        [
            "reverse('abc')",
            "repeat('ab', 3)",
            "base64Encode('hello')",
            "base64Decode('aGVsbG8=')",
            "empty('')",
            "notEmpty('a')",
            "empty('a')",
            "empty([])",
            "notEmpty([1])",
        ],
        ["String", "String", "String", "String", "UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [("cba", "ababab", "aGVsbG8=", "hello", 1, 1, 0, 1, 1)],
    ),
    (
        "select format('{} and {}', 'a', 'b'), format('{1} {0}', 'a', 'b'), concatWithSeparator('-', 'a', 'b', 'c')",
        "UTC",
        ["format('{} and {}', 'a', 'b')", "format('{1} {0}', 'a', 'b')", "concatWithSeparator('-', 'a', 'b', 'c')"],
        ["String", "String", "String"],
        [("a and b", "b a", "a-b-c")],
    ),
    (
        "select domain('https://www.example.com:8080/blog/a?utm_source=google&x=1#top'), domainWithoutWWW('https://www.example.com:8080/x'), topLevelDomain('https://www.example.co.uk/x'), protocol('https://x.com/a')",
        "UTC",
        [
            "domain('https://www.example.com:8080/blog/a?utm_source=google&x=1#top')",
            "domainWithoutWWW('https://www.example.com:8080/x')",
            "topLevelDomain('https://www.example.co.uk/x')",
            "protocol('https://x.com/a')",
        ],
        ["String", "String", "String", "String"],
        [("www.example.com", "example.com", "uk", "https")],
    ),
    (
        "select path('https://x.com/a/b?c=1#f'), pathFull('https://x.com/a/b?c=1#f'), queryString('https://x.com/a/b?c=1&d=2#f'), fragment('https://x.com/a/b?c=1#f'), path('x.com/a'), path('https://x.com'), pathFull('https://x.com')",
        "UTC",
        [
            "path('https://x.com/a/b?c=1#f')",
            "pathFull('https://x.com/a/b?c=1#f')",
            "queryString('https://x.com/a/b?c=1&d=2#f')",
            "fragment('https://x.com/a/b?c=1#f')",
            "path('x.com/a')",
            "path('https://x.com')",
            "pathFull('https://x.com')",
        ],
        ["String", "String", "String", "String", "String", "String", "String"],
        [("/a/b", "/a/b?c=1#f", "c=1&d=2", "f", "/a", "", "")],
    ),
    (
        "select extractURLParameter('https://x.com/?a=1&b=2&a=3', 'a'), extractURLParameter('https://x.com/?a=1&b=2', 'c'), extractURLParameters('https://x.com/?a=1&b=2#x'), extractURLParameterNames('https://x.com/?a=1&b=2')",
        "UTC",
        [
            "extractURLParameter('https://x.com/?a=1&b=2&a=3', 'a')",
            "extractURLParameter('https://x.com/?a=1&b=2', 'c')",
            "extractURLParameters('https://x.com/?a=1&b=2#x')",
            "extractURLParameterNames('https://x.com/?a=1&b=2')",
        ],
        ["String", "String", "Array(String)", "Array(String)"],
        [("1", "", ["a=1", "b=2"], ["a", "b"])],
    ),
    (
        "select cutQueryString('https://x.com/a?b=1#f'), cutFragment('https://x.com/a?b=1#f'), cutQueryStringAndFragment('https://x.com/a?b=1#f'), cutWWW('https://www.x.com/a'), cutWWW('https://x.com/a')",
        "UTC",
        [
            "cutQueryString('https://x.com/a?b=1#f')",
            "cutFragment('https://x.com/a?b=1#f')",
            "cutQueryStringAndFragment('https://x.com/a?b=1#f')",
            "cutWWW('https://www.x.com/a')",
            "cutWWW('https://x.com/a')",
        ],
        ["String", "String", "String", "String", "String"],
        [("https://x.com/a#f", "https://x.com/a?b=1", "https://x.com/a", "https://x.com/a", "https://x.com/a")],
    ),
    (
        "select decodeURLComponent('a%20b%2Fc+d'), encodeURLComponent('a b/c&d=é'), port('https://x.com:8080/a'), port('https://x.com/a')",
        "UTC",
        [
            "decodeURLComponent('a%20b%2Fc+d')",
            "encodeURLComponent('a b/c&d=é')",
            "port('https://x.com:8080/a')",
            "port('https://x.com/a')",
        ],
        ["String", "String", "UInt16", "UInt16"],
        [("a b/c+d", "a%20b%2Fc%26d%3D%C3%A9", 8080, 0)],
    ),
    (
        "select domain('x.com/a'), domain('//x.com/a'), domain(''), protocol('x.com'), domain('mailto:a@b.com'), domain('https://user:pw@x.com/a'), topLevelDomain('https://x.com:80/')",
        "UTC",
        [
            "domain('x.com/a')",
            "domain('//x.com/a')",
            "domain('')",
            "protocol('x.com')",
            "domain('mailto:a@b.com')",
            "domain('https://user:pw@x.com/a')",
            "topLevelDomain('https://x.com:80/')",
        ],
        ["String", "String", "String", "String", "String", "String", "String"],
        [("x.com", "x.com", "", "", "", "", "com")],
    ),
    (
        "select has([1,2], 2), hasAny([1,2], [3,2]), hasAll([1,2,3], [1,3]), indexOf([5,6,7], 6), indexOf([5], 9), length([1,2,3]), hasAll([1], []), hasAny([1], [])",
        "UTC",
        [
            "has([1, 2], 2)",
            "hasAny([1, 2], [3, 2])",
            "hasAll([1, 2, 3], [1, 3])",
            "indexOf([5, 6, 7], 6)",
            "indexOf([5], 9)",
            "length([1, 2, 3])",
            "hasAll([1], [])",
            "hasAny([1], [])",
        ],
        ["UInt8", "UInt8", "UInt8", "UInt64", "UInt64", "UInt64", "UInt8", "UInt8"],
        [(1, 1, 1, 2, 0, 3, 1, 0)],
    ),
    (
        "select arrayMap(x -> x + 1, [1,2]), arrayMap(x -> x * 2.5, [1,2]), arrayMap((x, y) -> concat(x, y), ['a','b'], ['c','d']), arrayFilter(x -> x > 1, [1,2,3])",
        "UTC",
        [
            "arrayMap(x -> plus(x, 1), [1, 2])",
            "arrayMap(x -> multiply(x, 2.5), [1, 2])",
            "arrayMap((x, y) -> concat(x, y), ['a', 'b'], ['c', 'd'])",
            "arrayFilter(x -> greater(x, 1), [1, 2, 3])",
        ],
        ["Array(UInt16)", "Array(Float64)", "Array(String)", "Array(UInt8)"],
        [([2, 3], [2.5, 5], ["ac", "bd"], [2, 3])],
    ),
    (
        "select arrayExists(x -> x > 2, [1,2,3]), arrayAll(x -> x > 0, [1,2]), arrayCount(x -> x > 1, [1,2,3]), arrayFirst(x -> x > 1, [1,2,3]), arrayFirst(x -> x > 5, [1,2,3]), arrayCount([0,1,2])",
        "UTC",
        [
            "arrayExists(x -> greater(x, 2), [1, 2, 3])",
            "arrayAll(x -> greater(x, 0), [1, 2])",
            "arrayCount(x -> greater(x, 1), [1, 2, 3])",
            "arrayFirst(x -> greater(x, 1), [1, 2, 3])",
            "arrayFirst(x -> greater(x, 5), [1, 2, 3])",
            "arrayCount([0, 1, 2])",
        ],
        ["UInt8", "UInt8", "UInt32", "UInt8", "UInt8", "UInt32"],
        [(1, 1, 2, 2, 0, 2)],
    ),
    (
        "select arraySort([3,1,2]), arrayReverseSort([3,1,2]), arraySort(x -> -x, [1,3,2]), arrayDistinct([1,2,1,3]), arrayStringConcat(['a','b'], '-'), arrayStringConcat(['a','b'])",
        "UTC",
        [
            "arraySort([3, 1, 2])",
            "arrayReverseSort([3, 1, 2])",
            "arraySort(x -> minus(0, x), [1, 3, 2])",
            "arrayDistinct([1, 2, 1, 3])",
            "arrayStringConcat(['a', 'b'], '-')",
            "arrayStringConcat(['a', 'b'])",
        ],
        ["Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "String", "String"],
        [([1, 2, 3], [3, 2, 1], [3, 2, 1], [1, 2, 3], "a-b", "ab")],
    ),
    (
        "select arraySum([1,2]), arraySum([1.5,2]), arrayMin([3,1]), arrayMax([3,1]), arrayAvg([1,2])",
        "UTC",
        ["arraySum([1, 2])", "arraySum([1.5, 2])", "arrayMin([3, 1])", "arrayMax([3, 1])", "arrayAvg([1, 2])"],
        ["UInt64", "Float64", "UInt8", "UInt8", "Float64"],
        [(3, 3.5, 1, 3, 1.5)],
    ),
    (
        "select arrayConcat([1,2],[3]), arraySlice([1,2,3,4], 2, 2), arraySlice([1,2,3,4], -2), arraySlice([1,2,3,4], 2), arrayReverse([1,2,3]), arrayElement([1,2], 3), arrayElement(['a'], 2), arrayElement([1,2], -1)",
        "UTC",
        [
            "arrayConcat([1, 2], [3])",
            "arraySlice([1, 2, 3, 4], 2, 2)",
            "arraySlice([1, 2, 3, 4], -2)",
            "arraySlice([1, 2, 3, 4], 2)",
            "arrayReverse([1, 2, 3])",
            "arrayElement([1, 2], 3)",
            "arrayElement(['a'], 2)",
            "arrayElement([1, 2], -1)",
        ],
        ["Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "UInt8", "String", "UInt8"],
        [([1, 2, 3], [2, 3], [3, 4], [2, 3, 4], [3, 2, 1], 0, "", 2)],
    ),
    (
        "select range(3), range(1, 4), range(0, 10, 3), array(1, 2), arrayCompact([1,1,2,2,1]), arrayUniq([1,2,1])",
        "UTC",
        [
            "range(3)",
            "range(1, 4)",
            "range(0, 10, 3)",
            "array(1, 2)",
            "arrayCompact([1, 1, 2, 2, 1])",
            "arrayUniq([1, 2, 1])",
        ],
        ["Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "Array(UInt8)", "UInt32"],
        [([0, 1, 2], [1, 2, 3], [0, 3, 6, 9], [1, 2], [1, 2, 1], 2)],
    ),
    (
        "select arrayMap(x -> arrayFilter(y -> y > x, [1,2,3]), [1,2]), arrayStringConcat([1,2], ','), arrayJoin(arrayMap(x -> x * 10, [1,2])) as j order by j",
        "UTC",
        ["arrayMap(x -> arrayFilter(y -> greater(y, x), [1, 2, 3]), [1, 2])", "arrayStringConcat([1, 2], ',')", "j"],
        ["Array(Array(UInt8))", "String", "UInt16"],
        [([[2, 3], [3]], "1,2", 10), ([[2, 3], [3]], "1,2", 20)],
    ),
    (
        'select JSONExtractString(\'{"a":"x","b":1,"c":null,"d":{"e":"f"},"g":[1,2]}\', \'a\'), JSONExtractString(\'{"a":"x","b":1}\', \'b\'), JSONExtractString(\'{"a":"x"}\', \'z\'), JSONExtractString(\'{"d":{"e":"f"}}\', \'d\', \'e\'), JSONExtractString(\'{"g":["p","q"]}\', \'g\', 2), JSONExtractString(\'{"g":["p","q"]}\', \'g\', -1), JSONExtractString(\'["x","y"]\', 1), JSONExtractString(\'not json\', \'a\')',
        "UTC",
        [
            'JSONExtractString(\'{"a":"x","b":1,"c":null,"d":{"e":"f"},"g":[1,2]}\', \'a\')',
            'JSONExtractString(\'{"a":"x","b":1}\', \'b\')',
            "JSONExtractString('{\"a\":\"x\"}', 'z')",
            "JSONExtractString('{\"d\":{\"e\":\"f\"}}', 'd', 'e')",
            'JSONExtractString(\'{"g":["p","q"]}\', \'g\', 2)',
            'JSONExtractString(\'{"g":["p","q"]}\', \'g\', -1)',
            'JSONExtractString(\'["x","y"]\', 1)',
            "JSONExtractString('not json', 'a')",
        ],
        ["String", "String", "String", "String", "String", "String", "String", "String"],
        [("x", "1", "", "f", "q", "q", "x", "")],
    ),
    (
        "select JSONExtractInt('{\"a\":1}', 'a'), JSONExtractInt('{\"b\":\"2\"}', 'b'), JSONExtractInt('{\"c\":1.7}', 'c'), JSONExtractInt('{\"d\":true}', 'd'), JSONExtractInt('{}', 'z'), JSONExtractFloat('{\"a\":1.5}', 'a'), JSONExtractFloat('{\"b\":\"2.5\"}', 'b'), JSONExtractFloat('{\"c\":3}', 'c')",
        "UTC",
        [
            "JSONExtractInt('{\"a\":1}', 'a')",
            "JSONExtractInt('{\"b\":\"2\"}', 'b')",
            "JSONExtractInt('{\"c\":1.7}', 'c')",
            "JSONExtractInt('{\"d\":true}', 'd')",
            "JSONExtractInt('{}', 'z')",
            "JSONExtractFloat('{\"a\":1.5}', 'a')",
            "JSONExtractFloat('{\"b\":\"2.5\"}', 'b')",
            "JSONExtractFloat('{\"c\":3}', 'c')",
        ],
        ["Int64", "Int64", "Int64", "Int64", "Int64", "Float64", "Float64", "Float64"],
        [(1, 2, 1, 0, 0, 1.5, 2.5, 3)],
    ),
    (
        "select JSONExtractBool('{\"a\":true}', 'a'), JSONExtractBool('{\"b\":1}', 'b'), JSONExtractBool('{\"c\":\"true\"}', 'c'), JSONExtractBool('{\"c\":false}', 'c')",
        "UTC",
        [
            "JSONExtractBool('{\"a\":true}', 'a')",
            "JSONExtractBool('{\"b\":1}', 'b')",
            "JSONExtractBool('{\"c\":\"true\"}', 'c')",
            "JSONExtractBool('{\"c\":false}', 'c')",
        ],
        ["UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 1, 0, 0)],
    ),
    (
        "select JSONExtractRaw('{\"a\":\"x\"}', 'a'), JSONExtractRaw('{\"b\":1.50}', 'b'), JSONExtractRaw('{\"c\":null}', 'c'), JSONExtractRaw('{\"d\":{\"e\": \"f\"}}', 'd'), JSONExtractRaw('{\"g\":[1, 2]}', 'g'), JSONExtractRaw('{\"g\":1}', 'z'), JSONExtractRaw('{\"a\": 1}')",
        "UTC",
        [
            "JSONExtractRaw('{\"a\":\"x\"}', 'a')",
            "JSONExtractRaw('{\"b\":1.50}', 'b')",
            "JSONExtractRaw('{\"c\":null}', 'c')",
            'JSONExtractRaw(\'{"d":{"e": "f"}}\', \'d\')',
            "JSONExtractRaw('{\"g\":[1, 2]}', 'g')",
            "JSONExtractRaw('{\"g\":1}', 'z')",
            "JSONExtractRaw('{\"a\": 1}')",
        ],
        ["String", "String", "String", "String", "String", "String", "String"],
        [('"x"', "1.5", "null", '{"e":"f"}', "[1,2]", "", '{"a":1}')],
    ),
    (
        "select JSONHas('{\"a\":1,\"b\":{\"c\":2}}', 'a'), JSONHas('{\"a\":1}', 'z'), JSONHas('{\"b\":{\"c\":2}}', 'b', 'c'), JSONLength('{\"a\":1,\"b\":2}'), JSONLength('[1,2,3]'), JSONLength('{\"a\":[1,2]}', 'a'), JSONLength('1')",
        "UTC",
        [
            'JSONHas(\'{"a":1,"b":{"c":2}}\', \'a\')',
            "JSONHas('{\"a\":1}', 'z')",
            "JSONHas('{\"b\":{\"c\":2}}', 'b', 'c')",
            'JSONLength(\'{"a":1,"b":2}\')',
            "JSONLength('[1,2,3]')",
            "JSONLength('{\"a\":[1,2]}', 'a')",
            "JSONLength('1')",
        ],
        ["UInt8", "UInt8", "UInt8", "UInt64", "UInt64", "UInt64", "UInt64"],
        [(1, 0, 1, 2, 3, 2, 0)],
    ),
    (
        "select JSONExtractKeys('{\"a\":1,\"b\":2}'), JSONExtractArrayRaw('[1,\"a\",{\"b\":2}]'), JSONExtractArrayRaw('{\"g\":[1, 2]}', 'g'), JSONExtractKeys('[1]')",
        "UTC",
        [
            'JSONExtractKeys(\'{"a":1,"b":2}\')',
            'JSONExtractArrayRaw(\'[1,"a",{"b":2}]\')',
            "JSONExtractArrayRaw('{\"g\":[1, 2]}', 'g')",
            "JSONExtractKeys('[1]')",
        ],
        ["Array(String)", "Array(String)", "Array(String)", "Array(String)"],
        [(["a", "b"], ["1", '"a"', '{"b":2}'], ["1", "2"], [])],
    ),
    (
        "select JSONType('{\"a\":1}'), JSONType('{\"a\":1}', 'a'), JSONType('[1]'), JSONType('{\"a\":\"x\"}','a'), JSONType('{\"a\":null}','a'), JSONType('{\"a\":1.5}','a'), JSONType('{\"a\":true}','a'), JSONType('{}', 'z'), isValidJSON('{\"a\":1}'), isValidJSON('{a')",
        "UTC",
        [
            "JSONType('{\"a\":1}')",
            "JSONType('{\"a\":1}', 'a')",
            "JSONType('[1]')",
            "JSONType('{\"a\":\"x\"}', 'a')",
            "JSONType('{\"a\":null}', 'a')",
            "JSONType('{\"a\":1.5}', 'a')",
            "JSONType('{\"a\":true}', 'a')",
            "JSONType('{}', 'z')",
            "isValidJSON('{\"a\":1}')",
            "isValidJSON('{a')",
        ],
        [
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            JSON_TYPE,
            "UInt8",
            "UInt8",
        ],
        [("Object", "Int64", "Array", "String", "Null", "Double", "Bool", "Null", 1, 0)],
    ),
]


@pytest.mark.parametrize(("query", "timezone", "columns", "types", "rows"), CASES, ids=[c[0][:70] for c in CASES])
def test_function(
    hogql_db: Database, query: str, timezone: str, columns: list[str], types: list[str], rows: list[Any]
) -> None:
    assert run(hogql_db, query, timezone=timezone) == (columns, types, rows)


def test_event_timestamps_in_team_timezone(hogql_db: Database) -> None:
    # chdb: toTimeZone(toDateTime64('2026-11-18 10:00:00', 6, 'UTC'), 'Europe/Berlin') through each function.
    query = (
        "select toHour(timestamp), toStartOfDay(timestamp), formatDateTime(timestamp, '%H:%i'), "
        "toUnixTimestamp(timestamp), toTimeZone(timestamp, 'UTC') from events order by timestamp limit 1"
    )
    _, types, rows = run(hogql_db, query, timezone="Europe/Berlin")
    assert types == ["UInt8", "DateTime('Europe/Berlin')", "String", "UInt32", "DateTime64(6, 'UTC')"]
    assert rows == [(11, datetime.datetime(2026, 11, 18), "11:00", 1794996000, datetime.datetime(2026, 11, 18, 10))]


# ---- date parsing, casts and DST (values as the API sends them: mock_server.runner.values) ------------------
# (query, team timezone, types, rows) — each checked in chdb against what PostHog prints: a lone constant in
# toDateTime is toDateTime/toDateTime64/parseDateTime64BestEffort (posthog/hogql/printer/clickhouse.py), toDate is
# toDateOrNull unless its argument is a Date/DateTime, and `::T` casts follow posthog/hogql/printer/base.py.
BERLIN = "Europe/Berlin"
_B = ZoneInfo(BERLIN)
CONVERTED: list[tuple[str, str, list[str], list[tuple[Any, ...]]]] = [
    (
        "select toDate('2026/03/29'), toDate('2026-03-29T01:30:00Z'), toDate('2026-03-29 01:30:00'), toDate(20000), toDate(1711670400)",
        "UTC",
        ["Nullable(Date)"] * 5,
        [
            (
                datetime.date(2026, 3, 29),
                None,
                datetime.date(2026, 3, 29),
                datetime.date(2024, 10, 4),
                datetime.date(2024, 3, 29),
            )
        ],
    ),
    (
        "select toDateTime('2026-03-29 02:30:00'), toDateTime('2026-03-29T01:30:00+02:00'), toDateTime('2026-03-29 02:30:00.25')",
        BERLIN,
        ["DateTime('Europe/Berlin')", "DateTime64(6, 'Europe/Berlin')", "DateTime64(6, 'Europe/Berlin')"],
        [
            (
                datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B),
                datetime.datetime(2026, 3, 29, 0, 30, tzinfo=_B),
                datetime.datetime(2026, 3, 29, 1, 30, 0, 250000, tzinfo=_B),
            )
        ],
    ),
    (
        "select toDateTime('2026-03-28 02:30:00') + interval 1 day, addHours(toDateTime('2026-03-29 01:30:00'), 1), toDateTime('2026-03-29 03:30:00') - interval 1 hour",
        BERLIN,
        ["DateTime('Europe/Berlin')"] * 3,
        [
            (
                datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B),
                datetime.datetime(2026, 3, 29, 3, 30, tzinfo=_B),
                datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B),
            )
        ],
    ),
    (
        "select parseDateTimeBestEffort('2026-03-29 02:30:00'), parseDateTimeBestEffort(concat('2026-03-29 ', '02:30:00'))",
        BERLIN,
        ["DateTime('Europe/Berlin')", "Nullable(DateTime64(6, 'Europe/Berlin'))"],
        [(datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B), datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B))],
    ),
    (
        "select -3.7::Int, '2.5'::Float, '2026-03-29 02:30:00'::DateTime, '2026-03-29'::Date",
        BERLIN,
        ["Int64", "Float64", "DateTime('Europe/Berlin')", "Date"],
        [(-3, 2.5, datetime.datetime(2026, 3, 29, 1, 30, tzinfo=_B), datetime.date(2026, 3, 29))],
    ),
    (
        "select min(timestamp) from events where event = 'nope'",
        BERLIN,
        ["DateTime64(6, 'Europe/Berlin')"],
        [(datetime.datetime(1970, 1, 1, 1, 0, tzinfo=_B),)],
    ),
    (
        "select toIntervalDay(3), toIntervalMonth(14), toIntervalWeek(2), interval 90 minute",
        "UTC",
        ["IntervalDay", "IntervalMonth", "IntervalWeek", "IntervalMinute"],
        [(3, 14, 2, 90)],
    ),
]


@pytest.mark.parametrize(("query", "timezone", "types", "rows"), CONVERTED, ids=[c[0][:70] for c in CONVERTED])
def test_converted(hogql_db: Database, query: str, timezone: str, types: list[str], rows: list[Any]) -> None:
    translation = translate(query, TranslationContext(now=NOW, timezone=timezone))
    assert translation.types == types
    assert [tuple(row) for row in convert_rows(hogql_db.run(translation.sql).rows, types)] == rows


# What PostHog refuses, or ClickHouse fails on, for these functions and casts.
REFUSED: list[tuple[str, str]] = [
    # dateAdd('unit', n, x) is passed through, and ClickHouse takes no quoted unit (chdb).
    ("select dateAdd('day', 1, toDate('2026-03-28'))", "Number of arguments for function plus doesn't match"),
    # parseDateTime64BestEffort('bad', 6, 'UTC'): "Cannot read DateTime: unexpected word" (chdb).
    ("select toDateTime('bad')", "Cannot read DateTime"),
    ("select cast('7' as Int64)", "Unsupported type cast to 'Int64'"),
    ("select 1::UUID", "Unsupported type cast to 'UUID'"),
    # ::Bool prints as toBoolean(x), which ClickHouse does not have (chdb: UNKNOWN_FUNCTION).
    ("select 1::Bool", "toBoolean"),
]


@pytest.mark.parametrize(("query", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(query: str, message: str) -> None:
    with pytest.raises(HogQLQueryError, match=re.escape(message)):
        translate(query, TranslationContext(now=NOW))


# ClickHouse edge cases of strings, URLs, arrays and rounding (each row: chdb's values and types).
EDGES: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    # lower/upper fold ASCII letters only; the UTF8 variants fold all
    (
        "select lower('ÄBC'), upper('äbc'), lowerUTF8('ÄBC'), upperUTF8('äbc')",
        ["lower('ÄBC')", "upper('äbc')", "lowerUTF8('ÄBC')", "upperUTF8('äbc')"],
        ["String", "String", "String", "String"],
        [("Äbc", "äBC", "äbc", "ÄBC")],
    ),
    # substring counts bytes; a cut through a character shows as one U+FFFD per broken edge, as ClickHouse's JSON
    (
        "select substring('héllo', 2, 2), substring('héllo', 2, 1), substring('a€😀b', 4, 2), substring('hello', 2, -1), substring('hello', -4, -1), substring('hello', 0, 2)",
        [
            "substring('héllo', 2, 2)",
            "substring('héllo', 2, 1)",
            "substring('a€😀b', 4, 2)",
            "substring('hello', 2, -1)",
            "substring('hello', -4, -1)",
            "substring('hello', 0, 2)",
        ],
        ["String", "String", "String", "String", "String", "String"],
        [("é", "�", "�", "ell", "ell", "")],
    ),
    # left/right count bytes too; negative lengths drop bytes at the other end
    (
        "select left('héllo', 3), left('hello', -2), right('héllo', 4), right('hello', -2), substringUTF8('héllo', 2, 2)",
        [
            "left('héllo', 3)",
            "left('hello', -2)",
            "right('héllo', 4)",
            "right('hello', -2)",
            "substringUTF8('héllo', 2, 2)",
        ],
        ["String", "String", "String", "String", "String"],
        [("hé", "hel", "�llo", "llo", "él")],
    ),
    # a bare NULL argument makes the call Nullable(Nothing), except and/or (three-valued) and toBool
    (
        "select toString(null), lower(null), length(null), avg(null), and(1, null), xor(1, null), toBool(null)",
        ["toString(NULL)", "lower(NULL)", "length(NULL)", "avg(NULL)", "and(1, NULL)", "xor(1, NULL)", "toBool(NULL)"],
        [
            "Nullable(Nothing)",
            "Nullable(Nothing)",
            "Nullable(Nothing)",
            "Nullable(Nothing)",
            "Nullable(UInt8)",
            "Nullable(Nothing)",
            "Nullable(Bool)",
        ],
        [(None, None, None, None, None, None, None)],
    ),
    # splitBy* read a Nullable string's NULL as '' (so ['']); a bare NULL stays NULL
    (
        "select splitByChar('/', toNullable(null)::Nullable(String)), splitByChar('/', null), splitByString(',', ''), splitByRegexp(',', nullIf('', ''))",
        [
            "splitByChar('/', CAST(toNullable(NULL) AS Nullable(String)))",
            "splitByChar('/', NULL)",
            "splitByString(',', '')",
            "splitByRegexp(',', nullIf('', ''))",
        ],
        ["Array(String)", "Nullable(Nothing)", "Array(String)", "Array(String)"],
        [([""], None, [""], [""])],
    ),
    # empty/notEmpty of a Nullable string are Nullable(UInt8)
    (
        "select empty(nullIf('', '')), notEmpty(toNullable('x')), empty(null), empty([])",
        ["empty(nullIf('', ''))", "notEmpty(toNullable('x'))", "empty(NULL)", "empty([])"],
        ["Nullable(UInt8)", "Nullable(UInt8)", "Nullable(Nothing)", "UInt8"],
        [(None, 1, None, 1)],
    ),
    # a host needs a dot and no forbidden characters; ':' before '@' leaves no host; the last '@' starts it
    (
        "select domain('not a url'), domain('localhost'), domain('https://user:pw@x.com/a'), domain('user@x.com'), domain('a@b@c.com'), domain('x.com:abc'), domain('https://x.com.')",
        [
            "domain('not a url')",
            "domain('localhost')",
            "domain('https://user:pw@x.com/a')",
            "domain('user@x.com')",
            "domain('a@b@c.com')",
            "domain('x.com:abc')",
            "domain('https://x.com.')",
        ],
        ["String", "String", "String", "String", "String", "String", "String"],
        [("", "", "", "x.com", "c.com", "x.com", "")],
    ),
    # no host, no port; the port's digits must end the host part
    (
        "select port('http://localhost:8080/a'), port('https://u@x.com:80/p'), port('https://x.com:80@y.com'), topLevelDomain('https://a b.com/'), domainWithoutWWW('//www.x.com/')",
        [
            "port('http://localhost:8080/a')",
            "port('https://u@x.com:80/p')",
            "port('https://x.com:80@y.com')",
            "topLevelDomain('https://a b.com/')",
            "domainWithoutWWW('//www.x.com/')",
        ],
        ["UInt16", "UInt16", "UInt16", "String", "String"],
        [(0, 80, 0, "", "x.com")],
    ),
    # arrayFlatten removes every level; arrayZip makes tuples
    (
        "select arrayFlatten([[1], [2, 3]]), arrayFlatten([[[1, 2]], [[3]]]), arrayZip([1, 2], ['a', 'b'])",
        ["arrayFlatten([[1], [2, 3]])", "arrayFlatten([[[1, 2]], [[3]]])", "arrayZip([1, 2], ['a', 'b'])"],
        ["Array(UInt8)", "Array(UInt8)", "Array(Tuple(UInt8, String))"],
        [([1, 2, 3], [1, 2, 3], [(1, "a"), (2, "b")])],
    ),
    # float rounding scales by a power of ten first: 2.675 * 100 is 267.5 in doubles
    (
        "select round(2.675, 2), round(1.005, 2), round(0.125, 2), round(-1234.5678, -2), floor(1.23, 1), ceil(-0.001, 2)",
        [
            "round(2.675, 2)",
            "round(1.005, 2)",
            "round(0.125, 2)",
            "round(-1234.5678, -2)",
            "floor(1.23, 1)",
            "ceil(-0.001, 2)",
        ],
        ["Float64", "Float64", "Float64", "Float64", "Float64", "Float64"],
        [(2.68, 1.0, 0.12, -1200.0, 1.2, 0.0)],
    ),
]


@pytest.mark.parametrize(("query", "columns", "types", "rows"), EDGES, ids=[e[0][:70] for e in EDGES])
def test_clickhouse_edges(
    hogql_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]
) -> None:
    assert run(hogql_db, query) == (columns, types, rows)
