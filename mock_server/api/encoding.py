"""JSON bodies as PostHog renders them: ``SafeJSONRenderer`` (``posthog/renderers.py``).

PostHog renders API responses with ``orjson.dumps(data, default=DRF JSONEncoder().default, option=OPT_UTC_Z)``:
compact text, non-ASCII characters literal, NaN and ±Infinity as ``null``, datetimes in ISO 8601 with a zero
offset written ``Z`` and microseconds only when non-zero, dates as ISO dates, UUIDs as text; what orjson cannot
write itself goes through DRF's encoder (``rest_framework/utils/encoders.py``): decimals as floats, timedeltas as
their seconds, bytes decoded. hogmock writes the same with the standard library. Known difference: floats in
exponent form (``1e+16`` here, ``1e16`` from orjson).
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from starlette.responses import Response


def _datetime(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Checked in order: datetime before date, since a datetime is a date.
ENCODERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (datetime, _datetime),
    (date, date.isoformat),
    (time, time.isoformat),
    (timedelta, lambda value: str(value.total_seconds())),
    (Decimal, float),
    (uuid.UUID, str),
    (bytes, bytes.decode),
    (set, list),
    (frozenset, list),
)


def encode_default(value: Any) -> Any:
    """The JSON-able form of a value ``json`` cannot write itself."""
    for kind, encode in ENCODERS:
        if isinstance(value, kind):
            return encode(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def finite(data: Any) -> Any:
    """``data`` with NaN and ±Infinity floats replaced by ``None`` at any depth (orjson writes them as null)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, list | tuple):
        return [finite(item) for item in data]
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    return data


def render(data: Any) -> bytes:
    """The response body PostHog's renderer would write for ``data``; ``None`` is an empty body."""
    if data is None:
        return b""
    text = json.dumps(finite(data), default=encode_default, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


class PostHogJSONResponse(Response):
    """A Starlette response whose body is rendered as PostHog renders API responses."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return render(content)
