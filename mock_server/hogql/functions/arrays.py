"""Array functions (``posthog/hogql/functions/clickhouse/arrays.py``); HogQL arrays are 1-based, as DuckDB lists are."""

from __future__ import annotations

from mock_server.hogql import types as T
from mock_server.hogql.functions.core import (
    Function,
    array_element,
    call,
    fixed,
)

FUNCTIONS: dict[str, Function] = {
    "has": Function(2, 2, call("list_contains"), fixed(T.BOOL), boolean=True),
    "arrayJoin": Function(1, 1, call("unnest"), array_element),
}
