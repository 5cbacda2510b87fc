"""Functions part A: aggregates, arithmetic, conversions, comparison and logic, each checked against ClickHouse.

Every expected value and type was produced by chdb (ClickHouse 26) running what PostHog prints for the query
(``toInt`` as ``accurateCastOrNull(x, 'Int64')`` and so on), then asserted here, table-driven, on hogmock's
DuckDB translation. ``numbers(n)`` gives both engines the same rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from mock_server.errors import HogQLError, HogQLQueryError
from mock_server.hogql import TranslationContext, translate
from mock_server.store import Database
from tests.hogql_data import NOW, run

NAN = pytest.approx(float("nan"), nan_ok=True)
INF = float("inf")

# (query, columns, types, rows)
CASES: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
    (
        "SELECT count(), count(number), sum(number), avg(number), min(number), max(number) FROM numbers(10)",
        ["count()", "count(number)", "sum(number)", "avg(number)", "min(number)", "max(number)"],
        ["UInt64", "UInt64", "UInt64", "Float64", "UInt64", "UInt64"],
        [(10, 10, 45, 4.5, 0, 9)],
    ),
    (
        "SELECT uniq(number % 3), uniqExact(number % 4), countDistinct(number % 5), "
        "count(DISTINCT number % 2) FROM numbers(10)",
        [
            "uniq(modulo(number, 3))",
            "uniqExact(modulo(number, 4))",
            "countDistinct(modulo(number, 5))",
            "count(DISTINCT modulo(number, 2))",
        ],
        ["UInt64", "UInt64", "UInt64", "UInt64"],
        [(3, 4, 5, 2)],
    ),
    (
        "SELECT countIf(number > 4), sumIf(number, number > 4), avgIf(number, number > 4), minIf(number, "
        "number > 4), maxIf(number, number < 4) FROM numbers(10)",
        [
            "countIf(greater(number, 4))",
            "sumIf(number, greater(number, 4))",
            "avgIf(number, greater(number, 4))",
            "minIf(number, greater(number, 4))",
            "maxIf(number, less(number, 4))",
        ],
        ["UInt64", "UInt64", "Float64", "UInt64", "UInt64"],
        [(5, 35, 7.0, 5, 3)],
    ),
    (
        "SELECT uniqIf(number % 3, number > 4), uniqExactIf(number, number > 4), countDistinctIf(number % 2, "
        "number > 4) FROM numbers(10)",
        [
            "uniqIf(modulo(number, 3), greater(number, 4))",
            "uniqExactIf(number, greater(number, 4))",
            "countDistinctIf(modulo(number, 2), greater(number, 4))",
        ],
        ["UInt64", "UInt64", "UInt64"],
        [(3, 5, 2)],
    ),
    (
        "SELECT any(number), anyLast(number), anyIf(number, number > 4), anyLastIf(number, "
        "number < 4) FROM numbers(10)",
        ["any(number)", "anyLast(number)", "anyIf(number, greater(number, 4))", "anyLastIf(number, less(number, 4))"],
        ["UInt64", "UInt64", "UInt64", "UInt64"],
        [(0, 9, 5, 3)],
    ),
    (
        "SELECT argMin(number, number), argMax(number, number), argMinIf(number, number, number > 4), "
        "argMaxIf(number, number, number < 4) FROM numbers(10)",
        [
            "argMin(number, number)",
            "argMax(number, number)",
            "argMinIf(number, number, greater(number, 4))",
            "argMaxIf(number, number, less(number, 4))",
        ],
        ["UInt64", "UInt64", "UInt64", "UInt64"],
        [(0, 9, 5, 3)],
    ),
    (
        "SELECT argMax(toString(number), number), argMin(toString(number), number) FROM numbers(10)",
        ["argMax(toString(number), number)", "argMin(toString(number), number)"],
        ["String", "String"],
        [("9", "0")],
    ),
    (
        "SELECT groupArray(number), groupArrayIf(number, number > 6) FROM numbers(10)",
        ["groupArray(number)", "groupArrayIf(number, greater(number, 6))"],
        ["Array(UInt64)", "Array(UInt64)"],
        [([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [7, 8, 9])],
    ),
    (
        "SELECT groupUniqArray(number % 3), groupUniqArrayIf(number % 4, number > 5) FROM numbers(10)",
        ["groupUniqArray(modulo(number, 3))", "groupUniqArrayIf(modulo(number, 4), greater(number, 5))"],
        ["Array(UInt8)", "Array(UInt8)"],
        [([0, 1, 2], [0, 1, 2, 3])],
    ),
    (
        "SELECT quantile(0.9)(number), quantile(0.5)(number), quantile(0)(number), "
        "quantile(1)(number) FROM numbers(10)",
        ["quantile(0.9)(number)", "quantile(0.5)(number)", "quantile(0)(number)", "quantile(1)(number)"],
        ["Float64", "Float64", "Float64", "Float64"],
        [(8.1, 4.5, 0.0, 9.0)],
    ),
    (
        "SELECT quantiles(0.1, 0.5, 0.9)(number), quantilesIf(0.5)(number, number > 4) FROM numbers(10)",
        ["quantiles(0.1, 0.5, 0.9)(number)", "quantilesIf(0.5)(number, greater(number, 4))"],
        ["Array(Float64)", "Array(Float64)"],
        [([0.9, 4.5, 8.1], [7.0])],
    ),
    (
        "SELECT median(number), medianIf(number, number > 4), quantileIf(0.25)(number, number > 4) FROM numbers(10)",
        ["median(number)", "medianIf(number, greater(number, 4))", "quantileIf(0.25)(number, greater(number, 4))"],
        ["Float64", "Float64", "Float64"],
        [(4.5, 7.0, 6.0)],
    ),
    (
        "SELECT topK(1)(number % 3), topK(5)(number % 2) FROM numbers(10)",
        ["topK(1)(modulo(number, 3))", "topK(5)(modulo(number, 2))"],
        ["Array(UInt8)", "Array(UInt8)"],
        [([0], [0, 1])],
    ),
    (
        "SELECT topK(2)(toString(number % 3 + number % 2)) FROM numbers(10)",
        ["topK(2)(toString(plus(modulo(number, 3), modulo(number, 2))))"],
        ["Array(String)"],
        [(["2", "1"],)],
    ),
    (
        "SELECT stddevPop(number), stddevSamp(number), varPop(number), varSamp(number) FROM numbers(10)",
        ["stddevPop(number)", "stddevSamp(number)", "varPop(number)", "varSamp(number)"],
        ["Float64", "Float64", "Float64", "Float64"],
        [(2.8722813232690143, 3.0276503540974917, 8.25, 9.166666666666666)],
    ),
    (
        "SELECT covarPop(number, number * 2), covarSamp(number, number), corr(number, number * 2) FROM numbers(10)",
        ["covarPop(number, multiply(number, 2))", "covarSamp(number, number)", "corr(number, multiply(number, 2))"],
        ["Float64", "Float64", "Float64"],
        [(16.5, 9.166666666666666, 1.0)],
    ),
    (
        "SELECT avgWeighted(number, number), avgWeightedIf(number, number, number > 4) FROM numbers(10)",
        ["avgWeighted(number, number)", "avgWeightedIf(number, number, greater(number, 4))"],
        ["Float64", "Float64"],
        [(6.333333333333333, 7.285714285714286)],
    ),
    (
        "SELECT stddevPopIf(number, number > 4), varSampIf(number, number > 4), corrIf(number, number, "
        "number > 4) FROM numbers(10)",
        [
            "stddevPopIf(number, greater(number, 4))",
            "varSampIf(number, greater(number, 4))",
            "corrIf(number, number, greater(number, 4))",
        ],
        ["Float64", "Float64", "Float64"],
        [(1.4142135623730951, 2.5, 0.9999999999999998)],
    ),
    (
        "SELECT count(), sum(number), avg(number), min(number), max(number), any(number), "
        "anyLast(number) FROM numbers(10) WHERE 0",
        ["count()", "sum(number)", "avg(number)", "min(number)", "max(number)", "any(number)", "anyLast(number)"],
        ["UInt64", "UInt64", "Float64", "UInt64", "UInt64", "UInt64", "UInt64"],
        [(0, 0, NAN, 0, 0, 0, 0)],
    ),
    (
        "SELECT argMax(number, number), argMin(toString(number), number), groupArray(number), "
        "groupUniqArray(number), topK(2)(number) FROM numbers(10) WHERE 0",
        [
            "argMax(number, number)",
            "argMin(toString(number), number)",
            "groupArray(number)",
            "groupUniqArray(number)",
            "topK(2)(number)",
        ],
        ["UInt64", "String", "Array(UInt64)", "Array(UInt64)", "Array(UInt64)"],
        [(0, "", [], [], [])],
    ),
    (
        "SELECT quantile(0.5)(number), quantiles(0.1, 0.9)(number), median(number), stddevPop(number), "
        "varSamp(number), corr(number, number) FROM numbers(10) WHERE 0",
        [
            "quantile(0.5)(number)",
            "quantiles(0.1, 0.9)(number)",
            "median(number)",
            "stddevPop(number)",
            "varSamp(number)",
            "corr(number, number)",
        ],
        ["Float64", "Array(Float64)", "Float64", "Float64", "Float64", "Float64"],
        [(NAN, [NAN, NAN], NAN, NAN, NAN, NAN)],
    ),
    (
        "SELECT uniq(number), uniqExact(number), avgWeighted(number, number) FROM numbers(10) WHERE 0",
        ["uniq(number)", "uniqExact(number)", "avgWeighted(number, number)"],
        ["UInt64", "UInt64", "Float64"],
        [(0, 0, NAN)],
    ),
    (
        "SELECT sumIf(number, number > 100), avgIf(number, number > 100), minIf(number, number > 100), "
        "maxIf(toString(number), number > 100), argMaxIf(number, number, number > 100), "
        "countIf(number > 100) FROM numbers(10)",
        [
            "sumIf(number, greater(number, 100))",
            "avgIf(number, greater(number, 100))",
            "minIf(number, greater(number, 100))",
            "maxIf(toString(number), greater(number, 100))",
            "argMaxIf(number, number, greater(number, 100))",
            "countIf(greater(number, 100))",
        ],
        ["UInt64", "Float64", "UInt64", "String", "UInt64", "UInt64"],
        [(0, NAN, 0, "", 0, 0)],
    ),
    (
        "SELECT stddevSamp(number), varSamp(number), covarSamp(number, number) FROM numbers(1)",
        ["stddevSamp(number)", "varSamp(number)", "covarSamp(number, number)"],
        ["Float64", "Float64", "Float64"],
        [(NAN, NAN, NAN)],
    ),
    (
        "SELECT sum(x), avg(x), min(x), max(x), count(x), uniq(x) FROM (SELECT if(number = 1, NULL, "
        "number) AS x FROM numbers(3))",
        ["sum(x)", "avg(x)", "min(x)", "max(x)", "count(x)", "uniq(x)"],
        ["Nullable(UInt64)", "Nullable(Float64)", "Nullable(UInt64)", "Nullable(UInt64)", "UInt64", "UInt64"],
        [(2, 1.0, 0, 2, 2, 2)],
    ),
    (
        "SELECT groupArray(x), topK(2)(x), groupUniqArray(x), median(x), "
        "quantile(0.5)(x) FROM (SELECT if(number = 1, NULL, number) AS x FROM numbers(3))",
        ["groupArray(x)", "topK(2)(x)", "groupUniqArray(x)", "median(x)", "quantile(0.5)(x)"],
        ["Array(UInt64)", "Array(UInt64)", "Array(UInt64)", "Nullable(Float64)", "Nullable(Float64)"],
        [([0, 2], [0, 2], [0, 2], 1.0, 1.0)],
    ),
    (
        "SELECT sum(x), avg(x), min(x), median(x), stddevPop(x) FROM (SELECT if(number = 1, NULL, "
        "number) AS x FROM numbers(3)) WHERE x > 100",
        ["sum(x)", "avg(x)", "min(x)", "median(x)", "stddevPop(x)"],
        ["Nullable(UInt64)", "Nullable(Float64)", "Nullable(UInt64)", "Nullable(Float64)", "Nullable(Float64)"],
        [(None, None, None, None, None)],
    ),
    (
        "SELECT sumIf(x, x > 0), minIf(x, x > 100), countIf(x > 0) FROM (SELECT if(number = 1, NULL, "
        "number) AS x FROM numbers(3))",
        ["sumIf(x, greater(x, 0))", "minIf(x, greater(x, 100))", "countIf(greater(x, 0))"],
        ["Nullable(UInt64)", "Nullable(UInt64)", "UInt64"],
        [(2, None, 1)],
    ),
    (
        "SELECT sum(number % 3), sum(-number), sum(number * 1.5), avg(number % 3), "
        "sum(toFloat(toString(number))) FROM numbers(10)",
        [
            "sum(modulo(number, 3))",
            "sum(minus(0, number))",
            "sum(multiply(number, 1.5))",
            "avg(modulo(number, 3))",
            "sum(toFloat(toString(number)))",
        ],
        ["UInt64", "Int64", "Float64", "Float64", "Nullable(Float64)"],
        [(9, -45, 67.5, 0.9, 45.0)],
    ),
    (
        "SELECT SUM(number), Count(), AVG(number), MIN(number), Max(number) FROM numbers(10)",
        ["SUM(number)", "Count()", "AVG(number)", "MIN(number)", "Max(number)"],
        ["UInt64", "UInt64", "Float64", "UInt64", "UInt64"],
        [(45, 10, 4.5, 0, 9)],
    ),
    (
        "SELECT sum(number) + count(), max(number) - min(number), avg(number) * 2 FROM numbers(10)",
        ["plus(sum(number), count())", "minus(max(number), min(number))", "multiply(avg(number), 2)"],
        ["UInt64", "Int64", "Float64"],
        [(55, 9, 9.0)],
    ),
    (
        "SELECT number % 2 AS g, count(), sum(number), groupArray(number) FROM numbers(6) GROUP BY g ORDER BY g",
        ["g", "count()", "sum(number)", "groupArray(number)"],
        ["UInt8", "UInt64", "UInt64", "Array(UInt64)"],
        [(0, 3, 6, [0, 2, 4]), (1, 3, 9, [1, 3, 5])],
    ),
    (
        "SELECT number % 2 AS g, quantile(0.5)(number), topK(1)(intDiv(number, "
        "4)) FROM numbers(6) GROUP BY g ORDER BY g",
        ["g", "quantile(0.5)(number)", "topK(1)(intDiv(number, 4))"],
        ["UInt8", "Float64", "Array(UInt64)"],
        [(0, 2.0, [0]), (1, 3.0, [0])],
    ),
    (
        "SELECT plus(1, 2), minus(1, 2), multiply(3, 4), divide(7, 2)",
        ["plus(1, 2)", "minus(1, 2)", "multiply(3, 4)", "divide(7, 2)"],
        ["UInt16", "Int16", "UInt16", "Float64"],
        [(3, -1, 12, 3.5)],
    ),
    (
        "SELECT plus(1, 2.5), minus(2.5, 1), multiply(2, 0.5), divide(1, 4)",
        ["plus(1, 2.5)", "minus(2.5, 1)", "multiply(2, 0.5)", "divide(1, 4)"],
        ["Float64", "Float64", "Float64", "Float64"],
        [(3.5, 1.5, 1.0, 0.25)],
    ),
    (
        "SELECT plus(255, 1), multiply(200, 200), minus(1, 2), plus(-1, 1000), minus(300, 1)",
        ["plus(255, 1)", "multiply(200, 200)", "minus(1, 2)", "plus(-1, 1000)", "minus(300, 1)"],
        ["UInt16", "UInt16", "Int16", "Int32", "Int32"],
        [(256, 40000, -1, 999, 299)],
    ),
    (
        "SELECT divide(1, 0), divide(-1, 0), divide(0, 0)",
        ["divide(1, 0)", "divide(-1, 0)", "divide(0, 0)"],
        ["Float64", "Float64", "Float64"],
        [(INF, -INF, NAN)],
    ),
    (
        "SELECT intDiv(7, 2), intDiv(-7, 2), intDiv(7, -2), intDiv(-70000, 2)",
        ["intDiv(7, 2)", "intDiv(-7, 2)", "intDiv(7, -2)", "intDiv(-70000, 2)"],
        ["UInt8", "Int8", "Int8", "Int32"],
        [(3, -3, -3, -35000)],
    ),
    (
        "SELECT intDiv(7.5, 2), intDiv(300, 7), intDivOrZero(7, 0), intDivOrZero(-7, 2)",
        ["intDiv(7.5, 2)", "intDiv(300, 7)", "intDivOrZero(7, 0)", "intDivOrZero(-7, 2)"],
        ["Int64", "UInt16", "UInt8", "Int8"],
        [(3, 42, 0, -3)],
    ),
    (
        "SELECT modulo(7, 3), modulo(-7, 2), modulo(7, -2), modulo(7.5, 2)",
        ["modulo(7, 3)", "modulo(-7, 2)", "modulo(7, -2)", "modulo(7.5, 2)"],
        ["UInt8", "Int16", "UInt8", "Float64"],
        [(1, -1, 1, 1.5)],
    ),
    (
        "SELECT moduloOrZero(7, 0), moduloOrZero(-7, 2), positiveModulo(-7, 2), positiveModulo(7.5, 2)",
        ["moduloOrZero(7, 0)", "moduloOrZero(-7, 2)", "positiveModulo(-7, 2)", "positiveModulo(7.5, 2)"],
        ["UInt8", "Int16", "UInt8", "Float64"],
        [(0, -1, 1, 1.5)],
    ),
    (
        "SELECT negate(3), negate(-3), negate(2.5), abs(-3), abs(-3.5), abs(300), negate(300)",
        ["negate(3)", "negate(-3)", "negate(2.5)", "abs(-3)", "abs(-3.5)", "abs(300)", "negate(300)"],
        ["Int16", "Int8", "Float64", "UInt8", "Float64", "UInt16", "Int32"],
        [(-3, 3, -2.5, 3, 3.5, 300, -300)],
    ),
    (
        "SELECT round(2.5), round(3.5), round(-2.5), round(1.2345, 2), round(7), round(15, -1), round(25, -1)",
        ["round(2.5)", "round(3.5)", "round(-2.5)", "round(1.2345, 2)", "round(7)", "round(15, -1)", "round(25, -1)"],
        ["Float64", "Float64", "Float64", "Float64", "UInt8", "UInt8", "UInt8"],
        [(2.0, 4.0, -2.0, 1.23, 7, 20, 30)],
    ),
    (
        "SELECT roundBankers(2.5), roundBankers(3.5), roundBankers(15, -1), roundBankers(25, -1), "
        "roundBankers(1.125, 2)",
        [
            "roundBankers(2.5)",
            "roundBankers(3.5)",
            "roundBankers(15, -1)",
            "roundBankers(25, -1)",
            "roundBankers(1.125, 2)",
        ],
        ["Float64", "Float64", "UInt8", "UInt8", "Float64"],
        [(2.0, 4.0, 20, 20, 1.12)],
    ),
    (
        "SELECT floor(2.7), floor(-2.5), floor(3), floor(1.234, 2), ceil(2.1), ceil(-2.1), ceil(1.231, 2)",
        ["floor(2.7)", "floor(-2.5)", "floor(3)", "floor(1.234, 2)", "ceil(2.1)", "ceil(-2.1)", "ceil(1.231, 2)"],
        ["Float64", "Float64", "UInt8", "Float64", "Float64", "Float64", "Float64"],
        [(2.0, -3.0, 3, 1.23, 3.0, -2.0, 1.24)],
    ),
    (
        "SELECT trunc(-2.7), trunc(2.7), trunc(1.239, 2), trunc(5)",
        ["trunc(-2.7)", "trunc(2.7)", "trunc(1.239, 2)", "trunc(5)"],
        ["Float64", "Float64", "Float64", "UInt8"],
        [(-2.0, 2.0, 1.23, 5)],
    ),
    (
        "SELECT greatest(1, 2), greatest(1, -2), greatest(1, 2.5), least(1, 2), least(-1, 2), least('a', 'b')",
        ["greatest(1, 2)", "greatest(1, -2)", "greatest(1, 2.5)", "least(1, 2)", "least(-1, 2)", "least('a', 'b')"],
        ["UInt8", "Int16", "Float64", "UInt8", "Int16", "String"],
        [(2, 1, 2.5, 1, -1, "a")],
    ),
    (
        "SELECT max2(1, 2), min2(1, 2), max2(1.5, -1), min2(-3, 2.5)",
        ["max2(1, 2)", "min2(1, 2)", "max2(1.5, -1)", "min2(-3, 2.5)"],
        ["Float64", "Float64", "Float64", "Float64"],
        [(2.0, 1.0, 1.5, -3.0)],
    ),
    (
        "SELECT pow(2, 10), power(2, 0.5), sqrt(16), sqrt(2), exp(0), exp(1)",
        ["pow(2, 10)", "power(2, 0.5)", "sqrt(16)", "sqrt(2)", "exp(0)", "exp(1)"],
        ["Float64", "Float64", "Float64", "Float64", "Float64", "Float64"],
        [(1024.0, 1.4142135623730951, 4.0, 1.4142135623730951, 1.0, 2.718281828459045)],
    ),
    (
        "SELECT log(e()), ln(1), log2(8), log10(1000), log(10)",
        ["log(e())", "ln(1)", "log2(8)", "log10(1000)", "log(10)"],
        ["Float64", "Float64", "Float64", "Float64", "Float64"],
        [(1.0, 0.0, 3.0, 3.0, 2.302585092994046)],
    ),
    (
        "SELECT sqrt(-1), log(0), log(-1), log10(0)",
        ["sqrt(-1)", "log(0)", "log(-1)", "log10(0)"],
        ["Float64", "Float64", "Float64", "Float64"],
        [(NAN, -INF, NAN, -INF)],
    ),
    (
        "SELECT sign(-5), sign(0), sign(2.5), sign(-0.5), pi(), e()",
        ["sign(-5)", "sign(0)", "sign(2.5)", "sign(-0.5)", "pi()", "e()"],
        ["Int8", "Int8", "Int8", "Int8", "Float64", "Float64"],
        [(-1, 0, 1, -1, 3.141592653589793, 2.718281828459045)],
    ),
    (
        "SELECT plus(number, 1), minus(number, 1), multiply(number, number), divide(number, 2), intDiv(number, 3), "
        "modulo(number, 3) FROM numbers(3)",
        [
            "plus(number, 1)",
            "minus(number, 1)",
            "multiply(number, number)",
            "divide(number, 2)",
            "intDiv(number, 3)",
            "modulo(number, 3)",
        ],
        ["UInt64", "Int64", "UInt64", "Float64", "UInt64", "UInt8"],
        [(1, -1, 0, 0.0, 0, 0), (2, 0, 1, 0.5, 0, 1), (3, 1, 4, 1.0, 0, 2)],
    ),
    (
        "SELECT round(number / 3, 2), floor(number / 3), ceil(number / 3) FROM numbers(3)",
        ["round(divide(number, 3), 2)", "floor(divide(number, 3))", "ceil(divide(number, 3))"],
        ["Float64", "Float64", "Float64"],
        [(0.0, 0.0, 0.0), (0.33, 0.0, 1.0), (0.67, 0.0, 1.0)],
    ),
    (
        "SELECT ABS(-1), Round(2.5), FLOOR(1.5), CEIL(1.5), Sqrt(4), POW(2, 2), Greatest(1, 2), LN(1)",
        ["ABS(-1)", "Round(2.5)", "FLOOR(1.5)", "CEIL(1.5)", "Sqrt(4)", "POW(2, 2)", "Greatest(1, 2)", "LN(1)"],
        ["UInt8", "Float64", "Float64", "Float64", "Float64", "Float64", "UInt8", "Float64"],
        [(1, 2.0, 1.0, 2.0, 2.0, 4.0, 2, 0.0)],
    ),
    (
        "SELECT plus(toNullable(1), 2), round(toNullable(2.5)), greatest(toNullable(1), 2), abs(toNullable(-1)), "
        "intDiv(toNullable(7), 2)",
        [
            "plus(toNullable(1), 2)",
            "round(toNullable(2.5))",
            "greatest(toNullable(1), 2)",
            "abs(toNullable(-1))",
            "intDiv(toNullable(7), 2)",
        ],
        ["Nullable(UInt16)", "Nullable(Float64)", "Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)"],
        [(3, 2.0, 2, 1, 3)],
    ),
    (
        "SELECT toString(1.5), toString(100), toString(-1), toString(1.0), toString(0.1 + 0.2)",
        ["toString(1.5)", "toString(100)", "toString(-1)", "toString(1.0)", "toString(plus(0.1, 0.2))"],
        ["String", "String", "String", "String", "String"],
        [("1.5", "100", "-1", "1", "0.30000000000000004")],
    ),
    (
        "SELECT toString(1e20), toString(1e21), toString(1e-7), toString(0.000001), toString(0.00002), "
        "toString(1.25e-7)",
        [
            "toString(1e20)",
            "toString(1e21)",
            "toString(1e-7)",
            "toString(0.000001)",
            "toString(0.00002)",
            "toString(1.25e-7)",
        ],
        ["String", "String", "String", "String", "String", "String"],
        [("100000000000000000000", "1e21", "1e-7", "0.000001", "0.00002", "1.25e-7")],
    ),
    (
        "SELECT toString(123456789.125), toString(1 / 3), toString(1e15), toString(1e16), toString(1.5e300)",
        ["toString(123456789.125)", "toString(divide(1, 3))", "toString(1e15)", "toString(1e16)", "toString(1.5e300)"],
        ["String", "String", "String", "String", "String"],
        [("123456789.125", "0.3333333333333333", "1000000000000000", "10000000000000000", "1.5e300")],
    ),
    (
        "SELECT toString(true), toString(1 = 1), toString(toNullable(1.5))",
        ["toString(true)", "toString(equals(1, 1))", "toString(toNullable(1.5))"],
        ["String", "String", "Nullable(String)"],
        [("true", "1", "1.5")],
    ),
    (
        "SELECT toString(divide(1, 0)), toString(divide(0, 0)), toString(divide(-1, 0))",
        ["toString(divide(1, 0))", "toString(divide(0, 0))", "toString(divide(-1, 0))"],
        ["String", "String", "String"],
        [("inf", "nan", "-inf")],
    ),
    (
        "SELECT toString(number), toString(number / 4) FROM numbers(3)",
        ["toString(number)", "toString(divide(number, 4))"],
        ["String", "String"],
        [("0", "0"), ("1", "0.25"), ("2", "0.5")],
    ),
    (
        "SELECT toInt(3.9), toInt(3.0), toInt('3.9'), toInt('42'), toInt(' 42'), toInt('+42'), toInt('-42'), "
        "toInt(NULL)",
        [
            "toInt(3.9)",
            "toInt(3.0)",
            "toInt('3.9')",
            "toInt('42')",
            "toInt(' 42')",
            "toInt('+42')",
            "toInt('-42')",
            "toInt(NULL)",
        ],
        [
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
            "Nullable(Int64)",
        ],
        [(None, 3, None, 42, None, 42, -42, None)],
    ),
    (
        "SELECT toInt(true), toInt(7), toInt(-7)",
        ["toInt(true)", "toInt(7)", "toInt(-7)"],
        ["Nullable(Int64)", "Nullable(Int64)", "Nullable(Int64)"],
        [(1, 7, -7)],
    ),
    (
        "SELECT toFloat('1e3'), toFloat('1.5'), toFloat('x'), toFloat(' 1.5'), toFloat('inf'), toFloat(3), "
        "toFloat('.5'), toFloat('5.'), toFloat('')",
        [
            "toFloat('1e3')",
            "toFloat('1.5')",
            "toFloat('x')",
            "toFloat(' 1.5')",
            "toFloat('inf')",
            "toFloat(3)",
            "toFloat('.5')",
            "toFloat('5.')",
            "toFloat('')",
        ],
        [
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
        ],
        [(1000.0, 1.5, None, None, INF, 3.0, 0.5, 5.0, None)],
    ),
    (
        "SELECT toIntOrZero('3.9'), toIntOrZero('42'), toIntOrZero('x'), toFloatOrZero('1.5'), toFloatOrZero('x'), "
        "toFloatOrZero(toNullable('2'))",
        [
            "toIntOrZero('3.9')",
            "toIntOrZero('42')",
            "toIntOrZero('x')",
            "toFloatOrZero('1.5')",
            "toFloatOrZero('x')",
            "toFloatOrZero(toNullable('2'))",
        ],
        ["Int64", "Int64", "Int64", "Float64", "Float64", "Nullable(Float64)"],
        [(0, 42, 0, 1.5, 0.0, 2.0)],
    ),
    (
        "SELECT toBool(1), toBool(0), toBool('true'), toBool('false'), toBool(2.5), toBool('1'), toBool('True')",
        ["toBool(1)", "toBool(0)", "toBool('true')", "toBool('false')", "toBool(2.5)", "toBool('1')", "toBool('True')"],
        ["Bool", "Bool", "Bool", "Bool", "Bool", "Bool", "Bool"],
        [(1, 0, 1, 0, 1, 1, 1)],
    ),
    (
        "SELECT toDecimal('1.239', 2), toDecimal(1.5, 3), toDecimal('x', 2)",
        ["toDecimal('1.239', 2)", "toDecimal(1.5, 3)", "toDecimal('x', 2)"],
        ["Nullable(Decimal(18, 2))", "Nullable(Decimal(18, 3))", "Nullable(Decimal(18, 2))"],
        [(Decimal("1.23"), Decimal("1.500"), None)],
    ),
    (
        "SELECT toUUID('11111111-1111-4111-8111-111111111111'), toUUID('nope')",
        ["toUUID('11111111-1111-4111-8111-111111111111')", "toUUID('nope')"],
        ["Nullable(UUID)", "Nullable(UUID)"],
        [(UUID("11111111-1111-4111-8111-111111111111"), None)],
    ),
    (
        "SELECT toTypeName(1), toTypeName(-1), toTypeName(300), toTypeName(1.5), toTypeName('a'), toTypeName(NULL), "
        "toTypeName(1 = 1)",
        [
            "toTypeName(1)",
            "toTypeName(-1)",
            "toTypeName(300)",
            "toTypeName(1.5)",
            "toTypeName('a')",
            "toTypeName(NULL)",
            "toTypeName(equals(1, 1))",
        ],
        ["String", "String", "String", "String", "String", "String", "String"],
        [("UInt8", "Int8", "UInt16", "Float64", "String", "Nullable(Nothing)", "UInt8")],
    ),
    (
        "SELECT toTypeName(toNullable(1)), toTypeName([1, 2]), toTypeName(number), "
        "toTypeName(number + 1) FROM numbers(2)",
        ["toTypeName(toNullable(1))", "toTypeName([1, 2])", "toTypeName(number)", "toTypeName(plus(number, 1))"],
        ["String", "String", "String", "String"],
        [
            ("Nullable(UInt8)", "Array(UInt8)", "UInt64", "UInt64"),
            ("Nullable(UInt8)", "Array(UInt8)", "UInt64", "UInt64"),
        ],
    ),
    (
        "SELECT toTypeName(toInt('1')), toTypeName(toFloat('1')), toTypeName(divide(1, 2)), toTypeName(intDiv(-7, "
        "2)), toTypeName(modulo(-7, 2))",
        [
            "toTypeName(toInt('1'))",
            "toTypeName(toFloat('1'))",
            "toTypeName(divide(1, 2))",
            "toTypeName(intDiv(-7, 2))",
            "toTypeName(modulo(-7, 2))",
        ],
        ["String", "String", "String", "String", "String"],
        [("Nullable(Int64)", "Nullable(Float64)", "Float64", "Int8", "Int16")],
    ),
    (
        "SELECT toNullable(1), toNullable('a'), assumeNotNull(toNullable(3)), assumeNotNull(toNullable('x'))",
        ["toNullable(1)", "toNullable('a')", "assumeNotNull(toNullable(3))", "assumeNotNull(toNullable('x'))"],
        ["Nullable(UInt8)", "Nullable(String)", "UInt8", "String"],
        [(1, "a", 3, "x")],
    ),
    (
        "SELECT isNull(NULL), isNull(1), isNotNull(NULL), isNotNull('a'), isnull(NULL), ISNULL(2)",
        ["isNull(NULL)", "isNull(1)", "isNotNull(NULL)", "isNotNull('a')", "isnull(NULL)", "ISNULL(2)"],
        ["UInt8", "UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 0, 0, 1, 1, 0)],
    ),
    (
        "SELECT coalesce(NULL, 1), coalesce(NULL, NULL, 'a'), coalesce(toNullable(1), toNullable(2)), "
        "coalesce(NULL, toNullable(5), 3)",
        [
            "coalesce(NULL, 1)",
            "coalesce(NULL, NULL, 'a')",
            "coalesce(toNullable(1), toNullable(2))",
            "coalesce(NULL, toNullable(5), 3)",
        ],
        ["UInt8", "String", "Nullable(UInt8)", "UInt8"],
        [(1, "a", 1, 5)],
    ),
    (
        "SELECT ifNull(NULL, 2), ifNull(toNullable(1), 2), ifnull(NULL, 'x'), IFNULL(toNullable('y'), 'z')",
        ["ifNull(NULL, 2)", "ifNull(toNullable(1), 2)", "ifnull(NULL, 'x')", "IFNULL(toNullable('y'), 'z')"],
        ["UInt8", "UInt8", "String", "String"],
        [(2, 1, "x", "y")],
    ),
    (
        "SELECT nullIf(1, 1), nullIf(1, 2), nullIf('a', 'b'), NULLIF('a', 'a')",
        ["nullIf(1, 1)", "nullIf(1, 2)", "nullIf('a', 'b')", "NULLIF('a', 'a')"],
        ["Nullable(UInt8)", "Nullable(UInt8)", "Nullable(String)", "Nullable(String)"],
        [(None, 1, "a", None)],
    ),
    (
        "SELECT coalesce(if(number = 1, NULL, number), 100), ifNull(nullIf(number, 0), 7) FROM numbers(3)",
        ["coalesce(if(equals(number, 1), NULL, number), 100)", "ifNull(nullIf(number, 0), 7)"],
        ["UInt64", "UInt64"],
        [(0, 7), (100, 1), (2, 2)],
    ),
    (
        "SELECT equals(1, 1), notEquals(1, 2), less(1, 2), greater(1, 2), lessOrEquals(2, 2), greaterOrEquals(1, 2)",
        [
            "equals(1, 1)",
            "notEquals(1, 2)",
            "less(1, 2)",
            "greater(1, 2)",
            "lessOrEquals(2, 2)",
            "greaterOrEquals(1, 2)",
        ],
        ["UInt8", "UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 1, 1, 0, 1, 0)],
    ),
    (
        "SELECT equals('a', 'a'), less('a', 'b'), greater(2.5, 2), equals(1, 1.0), notEquals(-1, 255)",
        ["equals('a', 'a')", "less('a', 'b')", "greater(2.5, 2)", "equals(1, 1.0)", "notEquals(-1, 255)"],
        ["UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 1, 1, 1, 1)],
    ),
    (
        "SELECT equals(NULL, NULL), equals(toNullable(1), NULL), notEquals(NULL, 1), less(NULL, 1), "
        "greaterOrEquals(toNullable(2), 1)",
        [
            "equals(NULL, NULL)",
            "equals(toNullable(1), NULL)",
            "notEquals(NULL, 1)",
            "less(NULL, 1)",
            "greaterOrEquals(toNullable(2), 1)",
        ],
        ["UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 0, 1, 0, 1)],
    ),
    (
        "SELECT notIn(3, (1, 2)), notIn(1, (1, 2)), 1 IN (1, 2), 3 NOT IN (1, 2)",
        ["notIn(3, tuple(1, 2))", "notIn(1, tuple(1, 2))", "in(1, tuple(1, 2))", "notIn(3, tuple(1, 2))"],
        ["UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 0, 1, 1)],
    ),
    (
        "SELECT and(1, 1), and(1, 0), or(0, 1), or(0, 0), and(1, 2, 3), or(0, 0, 5), and(2, 3)",
        ["and(1, 1)", "and(1, 0)", "or(0, 1)", "or(0, 0)", "and(1, 2, 3)", "or(0, 0, 5)", "and(2, 3)"],
        ["UInt8", "UInt8", "UInt8", "UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 0, 1, 0, 1, 1, 1)],
    ),
    (
        "SELECT and(1, NULL), and(0, NULL), or(1, NULL), or(0, NULL)",
        ["and(1, NULL)", "and(0, NULL)", "or(1, NULL)", "or(0, NULL)"],
        ["Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)", "Nullable(UInt8)"],
        [(None, 0, 1, None)],
    ),
    (
        "SELECT xor(1, 0), xor(1, 1), xor(0, 0), xor(1, 1, 1)",
        ["xor(1, 0)", "xor(1, 1)", "xor(0, 0)", "xor(1, 1, 1)"],
        ["UInt8", "UInt8", "UInt8", "UInt8"],
        [(1, 0, 0, 1)],
    ),
    (
        "SELECT not(1), not(0), not(2), NOT 0",
        ["not(1)", "not(0)", "not(2)", "not(0)"],
        ["UInt8", "UInt8", "UInt8", "UInt8"],
        [(0, 1, 0, 1)],
    ),
    (
        "SELECT if(1, 1, -1), if(0, 'a', 'b'), if(NULL, 1, 2), if(1, 'a', NULL), if(1, 1, 300), if(0, -1, 70000)",
        ["if(1, 1, -1)", "if(0, 'a', 'b')", "if(NULL, 1, 2)", "if(1, 'a', NULL)", "if(1, 1, 300)", "if(0, -1, 70000)"],
        ["Int16", "String", "UInt8", "Nullable(String)", "UInt16", "Int64"],
        [(1, "b", 2, "a", 1, 70000)],
    ),
    (
        "SELECT multiIf(0, 1, 0, 2, 3), multiIf(1, 1, 0, 2.5, 3), multiIf(number = 0, 'zero', number = 1, 'one', "
        "'many') FROM numbers(3)",
        [
            "multiIf(0, 1, 0, 2, 3)",
            "multiIf(1, 1, 0, 2.5, 3)",
            "multiIf(equals(number, 0), 'zero', equals(number, 1), 'one', 'many')",
        ],
        ["UInt8", "Float64", "String"],
        [(3, 1.0, "zero"), (3, 1.0, "one"), (3, 1.0, "many")],
    ),
    (
        "SELECT if(number > 1, number, 100), equals(number, 1), and(number > 0, number < 2), xor(number > 0, "
        "number > 1) FROM numbers(3)",
        [
            "if(greater(number, 1), number, 100)",
            "equals(number, 1)",
            "and(greater(number, 0), less(number, 2))",
            "xor(greater(number, 0), greater(number, 1))",
        ],
        ["UInt64", "UInt8", "UInt8", "UInt8"],
        [(100, 0, 0, 0), (100, 1, 1, 1), (2, 0, 0, 0)],
    ),
    (
        "SELECT countIf(and(number > 2, notEquals(number, 5))), sumIf(number, or(equals(number, 1), equals(number, "
        "9))) FROM numbers(10)",
        [
            "countIf(and(greater(number, 2), notEquals(number, 5)))",
            "sumIf(number, or(equals(number, 1), equals(number, 9)))",
        ],
        ["UInt64", "UInt64"],
        [(6, 10)],
    ),
    (
        "SELECT greater(count(), 5), equals(sum(number), 45), if(avg(number) > 4, 'high', 'low') FROM numbers(10)",
        ["greater(count(), 5)", "equals(sum(number), 45)", "if(greater(avg(number), 4), 'high', 'low')"],
        ["UInt8", "UInt8", "String"],
        [(1, 1, "high")],
    ),
]


@pytest.mark.parametrize(("query", "columns", "types", "rows"), CASES, ids=[c[0][:70] for c in CASES])
def test_function(hogql_db: Database, query: str, columns: list[str], types: list[str], rows: list[Any]) -> None:
    assert run(hogql_db, query) == (columns, types, rows)


# On the shared tiny dataset: properties are Nullable(String), so aggregates of toFloat(...) are Nullable.
DATASET_CASES: list[tuple[str, list[str], list[tuple[Any, ...]]]] = [
    (
        "select sum(toFloat(properties.price)), avg(toFloat(properties.price)), median(toFloat(properties.price)), "
        "quantile(0.5)(toFloat(properties.price)), min(properties.$browser), topK(1)(properties.$browser), "
        "groupUniqArray(properties.$browser) from events",
        [
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(Float64)",
            "Nullable(String)",
            "Array(String)",
            "Array(String)",
        ],
        [(109.5, 54.75, 54.75, 54.75, "Chrome", ["Chrome"], ["Chrome", "Safari"])],
    ),
    (
        "select anyLast(event), argMaxIf(event, timestamp, event != '$pageleave'), uniqIf(distinct_id, event = "
        "'$pageview'), countIf(distinct_id, properties.$browser = 'Chrome') from events",
        ["String", "String", "UInt64", "UInt64"],
        [("$pageleave", "purchase", 1, 2)],
    ),
    (
        "select event, equals(properties.$browser, 'Chrome'), notEquals(properties.$browser, 'Chrome'), "
        "toIntOrZero(properties.price), toString(toFloat(properties.price)), isNull(properties.price) "
        "from events order by timestamp",
        ["String", "UInt8", "UInt8", "Nullable(Int64)", "Nullable(String)", "UInt8"],
        [
            ("$pageview", 1, 0, 0, "10.5", 0),
            ("$pageview", 1, 0, None, None, 1),
            ("purchase", 0, 1, 99, "99", 0),
            ("$pageleave", 0, 1, None, None, 1),
        ],
    ),
]


@pytest.mark.parametrize(("query", "types", "rows"), DATASET_CASES, ids=[c[0][:70] for c in DATASET_CASES])
def test_on_dataset(hogql_db: Database, query: str, types: list[str], rows: list[Any]) -> None:
    assert run(hogql_db, query)[1:] == (types, rows)


# PostHog's messages (posthog/hogql/printer.py visit_call, posthog/hogql/test/test_printer.py).
ERRORS: list[tuple[str, type[HogQLError], str]] = [
    ("select quantile(number) from numbers(2)", HogQLQueryError,
     "Aggregation 'quantile' requires parameters in addition to arguments"),
    ("select quantile(0.5, 2)(number) from numbers(2)", HogQLQueryError,
     "Aggregation 'quantile' expects 1 parameter, found 2"),
    ("select topK(number) from numbers(2)", HogQLQueryError,
     "Aggregation 'topK' requires parameters in addition to arguments"),
    ("select quantileIf(0.5)(number) from numbers(2)", HogQLQueryError,
     "Aggregation 'quantileIf' expects 2 arguments, found 1"),
    ("select sumIf(number) from numbers(2)", HogQLQueryError, "Aggregation 'sumIf' expects 2 arguments, found 1"),
    ("select argMax(number) from numbers(2)", HogQLQueryError, "Aggregation 'argMax' expects 2 arguments, found 1"),
    ("select greatest(1, 2, 3)", HogQLQueryError, "Function 'greatest' expects 2 arguments, found 3"),
    ("select plus(1)", HogQLQueryError, "Function 'plus' expects 2 arguments, found 1"),
    ("select and(1)", HogQLQueryError, "Function 'and' expects at least 2 arguments, found 1"),
    ("select toDecimal(1)", HogQLQueryError, "Function 'toDecimal' expects 2 arguments, found 1"),
    ("select PLUS(1, 2)", HogQLQueryError, "Unsupported function call 'PLUS(...)'"),
    ("select toint('1')", HogQLQueryError, "Unsupported function call 'toint(...)'"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(query: str, error: type[HogQLError], message: str) -> None:
    with pytest.raises(error) as raised:
        translate(query, TranslationContext(now=NOW))
    assert (type(raised.value), raised.value.detail) == (error, message)
