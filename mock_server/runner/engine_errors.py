"""DuckDB failures, classified as PostHog classifies ClickHouse failures (``posthog/errors.py``).

PostHog passes a user-caused ClickHouse error through as ``ExposedCHQueryError`` (a 400 ``validation_error``
whose code is the ClickHouse error name, e.g. ``illegal_type_of_argument``), and hides everything else behind
``InternalCHQueryError`` (500 "ClickHouse error while executing query."). DuckDB's exception classes map onto
the same split: a query that binds or converts badly is the user's; anything else is ours.
"""

from __future__ import annotations

import duckdb

from mock_server.errors import APIError, ServerError, ValidationError

CLICKHOUSE_ERROR = "ClickHouse error while executing query."

# DuckDB exception class → the ClickHouse error name PostHog would report for the same mistake.
USER_ERRORS: dict[type[duckdb.Error], str] = {
    duckdb.BinderException: "illegal_type_of_argument",
    duckdb.ConversionException: "type_mismatch",
    duckdb.OutOfRangeException: "argument_out_of_bound",
    duckdb.InvalidInputException: "bad_arguments",
}

# A more specific name when DuckDB's message says which mistake it was; the first fragment found wins.
MESSAGE_CODES: dict[str, str] = {
    "to UUID": "cannot_parse_uuid",
    "must appear in the GROUP BY clause": "not_an_aggregate",
    "aggregate function calls cannot be nested": "illegal_aggregation",
    "Could not convert": "type_mismatch",
}


def classify(error: duckdb.Error) -> APIError:
    """The API error a DuckDB failure becomes."""
    code = next((name for kind, name in USER_ERRORS.items() if isinstance(error, kind)), None)
    if code is None:
        return ServerError(CLICKHOUSE_ERROR)
    message = _first_line(str(error))
    code = next((name for fragment, name in MESSAGE_CODES.items() if fragment in message), code)
    return ValidationError(message, code)


def _first_line(message: str) -> str:
    """DuckDB's message without its ``Binder Error:`` prefix or the echoed SQL that follows it."""
    first = message.strip().splitlines()[0] if message.strip() else "query failed"
    return first.split(": ", 1)[1] if first.split(": ", 1)[0].endswith("Error") else first
