"""DuckDB values → the Python values PostHog's ClickHouse driver would give, per ClickHouse type name.

A HogQL response reports each column's ClickHouse type (``types``); the translator runs the query on DuckDB,
whose Python values differ in the details a client sees. ``convert(value, ch_type)`` closes that gap:
``DateTime64(6, 'Europe/Berlin')`` gets its zone attached (DuckDB gives naive wall-clock times in that zone),
``UInt8`` booleans become 0/1, ``UUID`` becomes text, decimals become floats, and ``Nullable``,
``LowCardinality``, ``Array``, ``Tuple`` and ``Map`` convert element by element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class ChType:
    """A parsed ClickHouse type: ``Array(Nullable(String))`` is ``ChType("Array", (ChType("Nullable", …),))``.
    Arguments that are not types (``6``, ``'UTC'``) are kept as their text."""

    name: str
    args: tuple[ChType | str, ...] = ()

    def type_args(self) -> list[ChType]:
        return [arg for arg in self.args if isinstance(arg, ChType)]

    def literal_args(self) -> list[str]:
        return [arg for arg in self.args if isinstance(arg, str)]


def split_top_level(text: str) -> list[str]:
    """Split ``text`` at commas outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(text):
        if char == "'" and (index == 0 or text[index - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == ",":
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _argument(text: str) -> ChType | str:
    if text[0] in "'0123456789-":
        return text
    head = text.split("(", 1)[0]
    if " " in head.strip():  # a named tuple element: ``name Type``
        name, rest = text.split(None, 1)
        return parse_type(rest) if _IDENTIFIER.match(name) else text
    return parse_type(text)


@lru_cache(maxsize=1024)
def parse_type(text: str) -> ChType:
    """Parse a ClickHouse type name such as ``Tuple(String, DateTime64(6, 'UTC'))``."""
    text = text.strip()
    if "(" not in text or not text.endswith(")"):
        return ChType(text)
    name, inner = text.split("(", 1)
    return ChType(name.strip(), tuple(_argument(part) for part in split_top_level(inner[:-1])))


def _zone(ch_type: ChType) -> tzinfo:
    quoted = [arg.strip("'") for arg in ch_type.literal_args() if arg.startswith("'")]
    return ZoneInfo(quoted[0]) if quoted else UTC


def _datetime(value: Any, ch_type: ChType) -> Any:
    if not isinstance(value, date):
        return value
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    zone = _zone(ch_type)
    # DuckDB hands back naive wall-clock time in the column's zone; an aware value is converted instead.
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _date(value: Any, ch_type: ChType) -> Any:
    return value.date() if isinstance(value, datetime) else value


def _integer(value: Any, ch_type: ChType) -> Any:
    # ClickHouse has no boolean in UInt8 results: comparisons and logic give 0/1.
    return int(value) if isinstance(value, bool | Decimal | float) and float(value).is_integer() else value


def _boolean(value: Any, ch_type: ChType) -> Any:
    # ClickHouse's Bool reaches the client as true/false; hogmock may compute it as 0/1.
    return bool(value) if isinstance(value, int) else value


def _float(value: Any, ch_type: ChType) -> Any:
    return float(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else value


def _text(value: Any, ch_type: ChType) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def _unwrap(value: Any, ch_type: ChType) -> Any:
    inner = ch_type.type_args()
    return convert_parsed(value, inner[0]) if inner else value


def _array(value: Any, ch_type: ChType) -> Any:
    inner = ch_type.type_args()
    if not isinstance(value, list | tuple) or not inner:
        return value
    return [convert_parsed(item, inner[0]) for item in value]


def _tuple(value: Any, ch_type: ChType) -> Any:
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(items, list | tuple):
        return value
    # The driver gives tuples, which render as JSON arrays; DuckDB gives a STRUCT (dict) or a list.
    return [convert_parsed(item, kind) for item, kind in zip(items, ch_type.type_args(), strict=False)]


def _map(value: Any, ch_type: ChType) -> Any:
    kinds = ch_type.type_args()
    if not isinstance(value, dict) or len(kinds) != 2:
        return value
    return {convert_parsed(key, kinds[0]): convert_parsed(item, kinds[1]) for key, item in value.items()}


def _nothing(value: Any, ch_type: ChType) -> Any:
    return None


# ClickHouse sends an Interval as its count of units (toIntervalDay(3) is 3); DuckDB gives a timedelta, with a
# month as 30 days (so a year is 360).
_INTERVAL_SECONDS = {
    "IntervalSecond": 1, "IntervalMinute": 60, "IntervalHour": 3600, "IntervalDay": 86400, "IntervalWeek": 604800,
    "IntervalMonth": 30 * 86400, "IntervalQuarter": 90 * 86400, "IntervalYear": 360 * 86400,
}  # fmt: skip


def _interval(value: Any, ch_type: ChType) -> Any:
    if not isinstance(value, timedelta):
        return value
    return round(value.total_seconds() / _INTERVAL_SECONDS[ch_type.name])


Converter = Callable[[Any, ChType], Any]

CONVERTERS: dict[str, Converter] = {
    "Nullable": _unwrap,
    "LowCardinality": _unwrap,
    "Array": _array,
    "Tuple": _tuple,
    "Map": _map,
    "DateTime": _datetime,
    "DateTime64": _datetime,
    "Date": _date,
    "Date32": _date,
    "UUID": _text,
    "String": _text,
    "FixedString": _text,
    "Nothing": _nothing,
    **dict.fromkeys(_INTERVAL_SECONDS, _interval),
    **{f"{sign}Int{bits}": _integer for sign in ("", "U") for bits in (8, 16, 32, 64, 128, 256)},
    "Bool": _boolean,
    "Float32": _float,
    "Float64": _float,
    **{name: _float for name in ("Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256")},
}


def _generic(value: Any, ch_type: ChType) -> Any:
    """For types without their own rule: what DRF's encoder would do with what the driver gives."""
    return float(value) if isinstance(value, Decimal) else value


def convert_parsed(value: Any, ch_type: ChType) -> Any:
    if value is None:
        return None
    return CONVERTERS.get(ch_type.name, _generic)(value, ch_type)


def convert(value: Any, ch_type: str) -> Any:
    """``value`` from DuckDB as PostHog would return a value of ClickHouse type ``ch_type``."""
    return convert_parsed(value, parse_type(ch_type))


def convert_rows(rows: Sequence[Sequence[Any]], types: Sequence[str]) -> list[list[Any]]:
    """Every row converted column by column; rows become lists, as they render as JSON arrays."""
    kinds = [parse_type(ch_type) for ch_type in types]
    # A column without a type (which would be a translator bug) passes through unconverted.
    kinds += [ChType("")] * max(0, max((len(row) for row in rows), default=0) - len(kinds))
    return [[convert_parsed(value, kind) for value, kind in zip(row, kinds, strict=False)] for row in rows]
