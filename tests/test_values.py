"""DuckDB values → PostHog values per ClickHouse type, and PostHog's JSON rendering of them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mock_server.api.encoding import render
from mock_server.runner.values import ChType, convert, convert_rows, parse_type

BERLIN = ZoneInfo("Europe/Berlin")
UUID = uuid.UUID("0f6b1ab0-9f1e-4e34-9a8d-4b5a3c8f2a10")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("UInt8", ChType("UInt8")),
        ("Nullable(String)", ChType("Nullable", (ChType("String"),))),
        ("DateTime64(6, 'Europe/Berlin')", ChType("DateTime64", ("6", "'Europe/Berlin'"))),
        ("Array(Nullable(Float64))", ChType("Array", (ChType("Nullable", (ChType("Float64"),)),))),
        (
            "Tuple(String, DateTime('UTC'))",
            ChType("Tuple", (ChType("String"), ChType("DateTime", ("'UTC'",)))),
        ),
        ("Tuple(a String, b UInt8)", ChType("Tuple", (ChType("String"), ChType("UInt8")))),
        ("Map(String, Array(UInt8))", ChType("Map", (ChType("String"), ChType("Array", (ChType("UInt8"),))))),
        ("Decimal(38, 2)", ChType("Decimal", ("38", "2"))),
    ],
)
def test_parse_type(text: str, parsed: ChType) -> None:
    assert parse_type(text) == parsed


@pytest.mark.parametrize(
    ("value", "ch_type", "expected"),
    [
        (datetime(2026, 1, 2, 3, 4, 5), "DateTime64(6, 'Europe/Berlin')", datetime(2026, 1, 2, 3, 4, 5, tzinfo=BERLIN)),
        (datetime(2026, 1, 2, 3, 4, 5), "DateTime('UTC')", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (datetime(2026, 1, 2, 3, 4, 5), "DateTime", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (
            datetime(2026, 1, 2, 12, 0, tzinfo=UTC),
            "DateTime64(6, 'Europe/Berlin')",
            datetime(2026, 1, 2, 13, 0, tzinfo=BERLIN),
        ),
        (date(2026, 1, 2), "DateTime('UTC')", datetime(2026, 1, 2, tzinfo=UTC)),
        (datetime(2026, 1, 2, 3, 4), "Date", date(2026, 1, 2)),
        (date(2026, 1, 2), "Date", date(2026, 1, 2)),
        (UUID, "UUID", str(UUID)),
        (True, "UInt8", 1),
        (False, "UInt8", 0),
        (Decimal("3"), "UInt64", 3),
        (7, "Int64", 7),
        (Decimal("1.25"), "Float64", 1.25),
        (3, "Float64", 3.0),
        (Decimal("1.25"), "Decimal(10, 2)", 1.25),
        (Decimal("1.25"), "SomethingElse", 1.25),
        (None, "Nullable(String)", None),
        ("x", "Nullable(String)", "x"),
        (UUID, "Nullable(UUID)", str(UUID)),
        (b"bytes", "String", "bytes"),
        ("anything", "Nothing", None),
        ([True, None, False], "Array(Nullable(UInt8))", [1, None, 0]),
        ({"a": UUID, "b": True}, "Tuple(UUID, UInt8)", [str(UUID), 1]),
        ((UUID, True), "Tuple(x UUID, y UInt8)", [str(UUID), 1]),
        ({"k": True}, "Map(String, UInt8)", {"k": 1}),
        (True, "Bool", True),
        ([[1, 2], [3]], "Array(Array(Float64))", [[1.0, 2.0], [3.0]]),
    ],
)
def test_convert(value: Any, ch_type: str, expected: Any) -> None:
    converted = convert(value, ch_type)
    assert converted == expected
    assert type(converted) is type(expected)


def test_convert_keeps_the_zone_name() -> None:
    converted = convert(datetime(2026, 7, 1, 12, 0), "DateTime64(6, 'Europe/Berlin')")
    assert converted.tzinfo == BERLIN
    assert converted.isoformat() == "2026-07-01T12:00:00+02:00"


def test_convert_rows_makes_lists_and_passes_untyped_columns() -> None:
    rows = [(True, UUID, "extra")]
    assert convert_rows(rows, ["UInt8", "UUID"]) == [[1, str(UUID), "extra"]]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), '"2026-01-02T03:04:05Z"'),
        (datetime(2026, 1, 2, 3, 4, 5, 120, tzinfo=UTC), '"2026-01-02T03:04:05.000120Z"'),
        (datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN), '"2026-07-01T12:00:00+02:00"'),
        (datetime(2026, 1, 2, 3, 4, 5), '"2026-01-02T03:04:05"'),
        (date(2026, 1, 2), '"2026-01-02"'),
        (time(3, 4, 5), '"03:04:05"'),
        (timedelta(minutes=1, microseconds=500000), '"60.5"'),
        (Decimal("1.5"), "1.5"),
        (UUID, f'"{UUID}"'),
        (float("nan"), "null"),
        (float("inf"), "null"),
        (float("-inf"), "null"),
        ((1, "a"), '[1,"a"]'),
        ("ünïcødé", '"ünïcødé"'),
        ({"a": [1.5, None]}, '{"a":[1.5,null]}'),
    ],
)
def test_render(value: Any, text: str) -> None:
    assert render(value).decode("utf-8") == text


def test_render_replaces_non_finite_floats_at_any_depth() -> None:
    body = {"results": [[1.0, float("nan")], (float("inf"),)], "x": {"y": float("-inf")}}
    assert json.loads(render(body)) == {"results": [[1.0, None], [None]], "x": {"y": None}}


def test_render_of_none_is_an_empty_body() -> None:
    assert render(None) == b""


def test_render_refuses_unknown_objects() -> None:
    with pytest.raises(TypeError):
        render(object())


def test_rendering_a_deeply_nested_body_does_not_recurse_in_python() -> None:
    # A response may echo request filters nested as deep as validation allows (255 property groups).
    groups: list[Any] = []
    inner = groups
    for _ in range(260):
        group: dict[str, Any] = {"type": "AND", "values": [float("nan")]}
        inner.append(group)
        inner = group["values"]
    text = render({"filters": groups}).decode()
    assert (text.count('"type":"AND"'), text.count("null"), "NaN" in text) == (260, 260, False)
