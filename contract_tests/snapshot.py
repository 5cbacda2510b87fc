"""Compare bodies by shape where values differ on every run (ids, timestamps, cache keys), as LocalStack's
snapshot tests do: ``shape()`` replaces such values with named placeholders and keeps everything else."""

from __future__ import annotations

import re
from typing import Any

# A value matching a pattern becomes its placeholder; checked in order.
PLACEHOLDERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"), "<datetime>"),
    (re.compile(r"^cache_[0-9a-f]+$"), "<cache_key>"),
    (re.compile(r"^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), "<id>"),
)
# Keys whose values vary by target (the project's id) or run, whatever their form.
VARYING_KEYS = {"team_id": "<team_id>", "id": "<id>", "task_id": "<task_id>"}


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return next((name for pattern, name in PLACEHOLDERS if pattern.match(value)), value)
    return shape(value)


def shape(data: Any) -> Any:
    """``data`` with run-specific values replaced by placeholders, at any depth."""
    if isinstance(data, dict):
        return {k: VARYING_KEYS[k] if k in VARYING_KEYS and v is not None else _value(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_value(item) for item in data]
    return data
