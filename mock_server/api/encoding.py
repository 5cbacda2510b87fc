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


def iso_datetime(value: datetime) -> str:
    """``value`` as PostHog writes a datetime: ISO 8601, a zero offset as ``Z`` (orjson's ``OPT_UTC_Z``)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Checked in order: datetime before date, since a datetime is a date.
ENCODERS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (datetime, iso_datetime),
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
    """A copy of ``data`` with NaN and ±Infinity floats replaced by ``None`` at any depth (orjson writes them as
    null). Walked with a stack, not recursion: a response may echo a deeply nested request."""
    root: list[Any] = [data]
    pending: list[tuple[Any, Any]] = [(root, 0)]
    while pending:
        holder, key = pending.pop()
        value = holder[key]
        if isinstance(value, float) and not math.isfinite(value):
            holder[key] = None
        elif isinstance(value, list | tuple | dict):
            holder[key] = copied = dict(value) if isinstance(value, dict) else list(value)
            pending.extend((copied, k) for k in (copied if isinstance(copied, dict) else range(len(copied))))
    return root[0]


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
