"""Running one corpus entry on both engines, and judging whether hogmock told itself apart from ClickHouse.

Owns the comparison rules: ``types`` must be equal as strings; rows are compared after putting both sides in
one canonical form chosen by ClickHouse type (hogmock's rows go through ``mock_server.runner.values``, as the
API sends them): DateTimes as ClickHouse prints them, Bool/UInt8 as integers, floats equal within 1e-9
relative (NaN equals NaN), and row order ignored only when the query has no top-level ORDER BY.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from mock_server.errors import HogQLError, HogQLNotImplemented
from mock_server.hogql import TranslationContext, translate
from mock_server.runner.values import ChType, convert_rows, parse_type
from mock_server.store import Database
from tests.differential import printer, reference_parser
from tests.differential.clickhouse import ClickHouse, ClickHouseError
from tests.differential.corpus import Case
from tests.differential.dataset import NOW


@dataclass(frozen=True)
class Outcome:
    """What one engine answered: types and rows, or the error it raised."""

    types: list[str] | None = None
    rows: list[list[Any]] | None = None
    error: str | None = None
    not_implemented: bool = False
    sql: str = ""


@dataclass(frozen=True)
class Verdict:
    case: Case
    same: bool
    detail: str
    hogmock: Outcome
    clickhouse: Outcome

    def report(self) -> str:
        return (
            f"{self.case.id}: {self.detail}\n  hogql: {self.case.hogql}\n  clickhouse sql: {self.clickhouse.sql}\n"
            f"  duckdb sql: {self.hogmock.sql}\n  hogmock: {self.hogmock.types} {_head(self.hogmock)}\n"
            f"  clickhouse: {self.clickhouse.types} {_head(self.clickhouse)}"
        )


def _head(outcome: Outcome) -> str:
    return outcome.error or repr((outcome.rows or [])[:4])[:600]


def clickhouse_sql(case: Case) -> str:
    if case.ch is not None:
        return case.ch
    return printer.Printer(case.tz, NOW).query(reference_parser.parse_select(case.hogql))


def run_clickhouse(clickhouse: ClickHouse, case: Case) -> Outcome:
    try:
        sql = clickhouse_sql(case)
    except printer.Unprintable as error:
        return Outcome(error=f"oracle cannot print: {error}")
    except (printer.Rejected, reference_parser.ParseFailure) as error:
        return Outcome(error=f"PostHog rejects: {error}")
    try:
        result = clickhouse.query(sql, case.tz)
    except ClickHouseError as error:
        return Outcome(error=str(error).splitlines()[0][:300], sql=sql)
    rows = [[_from_json(v, parse_type(t)) for v, t in zip(row, result.types, strict=True)] for row in result.rows]
    return Outcome(result.types, rows, sql=sql)


def run_hogmock(database: Database, case: Case) -> Outcome:
    try:
        translation = translate(case.hogql, TranslationContext(now=NOW, timezone=case.tz))
    except HogQLError as error:
        return Outcome(error=f"{type(error).__name__}: {error}", not_implemented=isinstance(error, HogQLNotImplemented))
    try:
        rows = database.run(translation.sql).rows
    except Exception as error:  # a DuckDB error is a translator bug, reported as a difference
        return Outcome(error=f"DuckDB: {str(error).splitlines()[0][:300]}", sql=translation.sql)
    converted = convert_rows(rows, translation.types)
    canonical = [
        [_from_python(v, parse_type(t)) for v, t in zip(row, translation.types, strict=False)] for row in converted
    ]
    return Outcome(translation.types, canonical, sql=translation.sql)


def judge(case: Case, hogmock: Outcome, clickhouse: Outcome) -> Verdict:
    def verdict(same: bool, detail: str) -> Verdict:
        return Verdict(case, same, detail, hogmock, clickhouse)

    if clickhouse.error and hogmock.error:
        both = not hogmock.not_implemented and "oracle cannot print" not in clickhouse.error
        return verdict(both, "both reject" if both else f"hogmock: {hogmock.error}; clickhouse: {clickhouse.error}")
    if hogmock.error:
        return verdict(False, f"hogmock fails: {hogmock.error}")
    if clickhouse.error:
        return verdict(False, f"clickhouse fails: {clickhouse.error}")
    if hogmock.types != clickhouse.types:
        return verdict(False, f"types differ: hogmock {hogmock.types} vs clickhouse {clickhouse.types}")
    left, right = hogmock.rows or [], clickhouse.rows or []
    if not _ordered(case):
        left, right = sorted(left, key=repr), sorted(right, key=repr)
    if len(left) != len(right):
        return verdict(False, f"row count differs: hogmock {len(left)} vs clickhouse {len(right)}")
    for index, (a, b) in enumerate(zip(left, right, strict=True)):
        if not _equal(a, b):
            return verdict(False, f"row {index} differs: hogmock {a!r} vs clickhouse {b!r}")
    return verdict(True, "same")


def compare(database: Database, clickhouse: ClickHouse, case: Case) -> Verdict:
    return judge(case, run_hogmock(database, case), run_clickhouse(clickhouse, case))


def _ordered(case: Case) -> bool:
    try:
        tree = reference_parser.parse_select(case.hogql)
    except reference_parser.ParseFailure:
        return False
    return bool(tree.get("order_by"))


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return False
        return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(a == b)


# ---- canonical values --------------------------------------------------------------------------------------

_FLOATS = {"Float32", "Float64", "Decimal", "Decimal32", "Decimal64", "Decimal128"}
_SPECIAL_FLOATS = {"nan": math.nan, "-nan": math.nan, "inf": math.inf, "-inf": -math.inf, "+inf": math.inf}


def _items(value: Any, kind: ChType, convert: Any) -> Any:
    inner = kind.type_args()
    if kind.name == "Tuple":
        items = list(value.values()) if isinstance(value, dict) else list(value)
        return [convert(v, t) for v, t in zip(items, inner, strict=False)]
    if kind.name == "Map":
        return {str(convert(k, inner[0])): convert(v, inner[1]) for k, v in dict(value).items()}
    return [convert(v, inner[0]) for v in value]


def _from_json(value: Any, kind: ChType) -> Any:
    """A ClickHouse JSONCompact value in canonical form."""
    if value is None:
        return None
    if kind.name in ("Nullable", "LowCardinality"):
        return _from_json(value, kind.type_args()[0])
    if kind.name in ("Array", "Tuple", "Map"):
        return _items(value, kind, _from_json)
    if kind.name in _FLOATS:
        return (
            _SPECIAL_FLOATS.get(value, math.nan)
            if isinstance(value, str) and value in _SPECIAL_FLOATS
            else float(value)
        )
    if isinstance(value, bool):
        return int(value)
    return value


def _from_python(value: Any, kind: ChType) -> Any:
    """A value from ``mock_server.runner.values`` in canonical form."""
    if value is None:
        return None
    if kind.name in ("Nullable", "LowCardinality"):
        return _from_python(value, kind.type_args()[0])
    if kind.name in ("Array", "Tuple", "Map") and isinstance(value, list | tuple | dict):
        return _items(value, kind, _from_python)
    if isinstance(value, datetime):
        return _datetime_text(value, kind)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal) or kind.name in _FLOATS:
        return float(value)
    return value


def _datetime_text(value: datetime, kind: ChType) -> str:
    text = value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    precision = int(kind.literal_args()[0]) if kind.name == "DateTime64" and kind.literal_args() else 0
    if kind.name == "Date":
        return text[:10]
    return text[: 20 + precision] if precision else text[:19]
