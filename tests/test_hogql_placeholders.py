"""Placeholders: ``{name}`` from ``values``, ``{filters}`` and its date bounds, ``{variables.code_name}``.

Table-driven on the tiny dataset of ``hogql_data`` (NOW = 2026-11-20T12:00Z): each row is (query, context, columns,
ClickHouse types, rows) or (query, context, error class, PostHog's message). Types are as chdb reports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.errors import HogQLError, HogQLNotImplemented, HogQLQueryError, HogQLSyntaxError, ValidationError
from mock_server.hogql import TranslationContext, translate
from mock_server.store import Database
from tests.conftest import HTTP_PROJECT_ID
from tests.hogql_data import NOW, run

EVENTS = "select event from events where {filters} order by timestamp"
PV, BUY, LEAVE = ("$pageview",), ("purchase",), ("$pageleave",)
ALL = [PV, PV, BUY, LEAVE]
UTC = "DateTime64(6, 'UTC')"


def _prop(key: str, value: Any = None, operator: str = "exact", kind: str = "event") -> dict[str, Any]:
    return {"key": key, "value": value, "operator": operator, "type": kind}


def _props(*props: dict[str, Any]) -> dict[str, Any]:
    return {"filters": {"properties": list(props)}}


def _range(date_from: str | None = None, date_to: str | None = None, **context: Any) -> dict[str, Any]:
    return {"filters": {"dateRange": {"date_from": date_from, "date_to": date_to}}, **context}


def _var(code_name: str, value: Any = None, is_null: bool = False, variable_id: str = "1") -> dict[str, Any]:
    return {variable_id: {"variableId": variable_id, "code_name": code_name, "value": value, "isNull": is_null}}


# (query, context, columns, types, rows)
CASES: list[tuple[str, dict[str, Any], list[str], list[str], list[tuple[Any, ...]]]] = [
    # values: constants of every JSON type, typed as ClickHouse types the inlined/parameter value
    ("select {x}", {"values": {"x": 5}}, ["5"], ["UInt8"], [(5,)]),
    ("select {x}", {"values": {"x": -300}}, ["-300"], ["Int16"], [(-300,)]),
    ("select {x}", {"values": {"x": 300000}}, ["300000"], ["UInt32"], [(300000,)]),
    ("select {x}", {"values": {"x": 1.5}}, ["1.5"], ["Float64"], [(1.5,)]),
    ("select {x}", {"values": {"x": "a'b"}}, ["'a\\'b'"], ["String"], [("a'b",)]),
    ("select {x}", {"values": {"x": True}}, ["true"], ["Bool"], [(1,)]),
    ("select {x}", {"values": {"x": None}}, ["NULL"], ["Nullable(Nothing)"], [(None,)]),
    ("select {x}", {"values": {"x": [1, 2]}}, ["[1, 2]"], ["Array(UInt8)"], [([1, 2],)]),
    ("select {x}", {"values": {"x": ["a", "b"]}}, ["['a', 'b']"], ["Array(String)"], [(["a", "b"],)]),
    ("select {x} + 1 as y", {"values": {"x": 5}}, ["y"], ["UInt16"], [(6,)]),
    ("select {x} as a, {x} as b", {"values": {"x": "s"}}, ["a", "b"], ["String", "String"], [("s", "s")]),
    ("select event from events where event = {e}", {"values": {"e": "purchase"}}, ["event"], ["String"], [BUY]),
    ("select count() from events where properties.$browser = {b}", {"values": {"b": "Chrome"}}, ["count()"],
     ["UInt64"], [(2,)]),
    ("select {1}, {'s'}", {}, ["1", "'s'"], ["UInt8", "String"], [(1, "s")]),
    # {filters}: none given is `true`
    (EVENTS, {}, ["event"], ["String"], ALL),
    (EVENTS, {"filters": {}}, ["event"], ["String"], ALL),
    (EVENTS, {"filters": {"properties": []}}, ["event"], ["String"], ALL),
    # dateRange: relative bounds from the mock clock (posthog/utils.py relative_date_parse)
    (EVENTS, _range("-2d"), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _range("-3d"), ["event"], ["String"], ALL),
    (EVENTS, _range("-1dStart"), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _range("-24h"), ["event"], ["String"], [LEAVE]),
    (EVENTS, _range("dStart"), ["event"], ["String"], [LEAVE]),
    (EVENTS, _range("mStart"), ["event"], ["String"], ALL),
    (EVENTS, _range("all"), ["event"], ["String"], ALL),
    (EVENTS, _range(None, "-1d"), ["event"], ["String"], [PV, PV, BUY]),
    # dateRange: absolute dates and datetimes; naive ones are in the team's timezone
    (EVENTS, _range(None, "2026-11-19"), ["event"], ["String"], [PV, PV]),
    (EVENTS, _range("2026-11-18T10:05:00"), ["event"], ["String"], [PV, BUY, LEAVE]),
    (EVENTS, _range("2026-11-18T10:05:00.250000Z"), ["event"], ["String"], [PV, BUY, LEAVE]),
    (EVENTS, _range("2026-11-18T10:05:00.250001Z"), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _range("2026-11-18", "2026-11-19T09:00:00"), ["event"], ["String"], [PV, PV]),
    (EVENTS, _range("2026-11-19", timezone="America/New_York"), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _range(None, "2026-11-18T05:05:00-05:00", timezone="America/New_York"), ["event"], ["String"], [PV]),
    # {filters.dateRange.from} / {filters.dateRange.to} values
    *[
        ("select {filters.dateRange.from} as d", _range(text), ["d"], [UTC], [(value,)])
        for text, value in [
            ("-7d", dt.datetime(2026, 11, 13, 12, 0)),
            ("-1w", dt.datetime(2026, 11, 13, 12, 0)),
            ("-2h", dt.datetime(2026, 11, 20, 10, 0)),
            ("-1hStart", dt.datetime(2026, 11, 20, 11, 0)),
            ("-30M", dt.datetime(2026, 11, 20, 11, 30)),
            ("-1dStart", dt.datetime(2026, 11, 19, 0, 0)),
            ("-1dEnd", dt.datetime(2026, 11, 19, 23, 59, 59, 999999)),
            ("mStart", dt.datetime(2026, 11, 1, 12, 0)),
            ("-1mStart", dt.datetime(2026, 10, 1, 12, 0)),
            ("-1mEnd", dt.datetime(2026, 10, 31, 12, 0)),
            ("-1q", dt.datetime(2026, 8, 21, 12, 0)),
            ("yStart", dt.datetime(2026, 1, 1, 12, 0)),
            ("-1yStart", dt.datetime(2025, 1, 1, 12, 0)),
            ("2026-1-5", dt.datetime(2026, 1, 5, 0, 0)),
            ("garbage", dt.datetime(2026, 11, 20, 12, 0)),
        ]
    ],
    ("select {filters.dateRange.to} as d", _range(None, "all"), ["d"], [UTC], [(dt.datetime(2026, 11, 20, 12, 0),)]),
    ("select {filters.dateRange.from} as d", _range("-1dStart", timezone="Europe/Berlin"), ["d"],
     ["DateTime64(6, 'Europe/Berlin')"], [(dt.datetime(2026, 11, 19, 0, 0),)]),
    ("select {filters.dateRange.from} as d", _range("2026-11-18T10:00:00Z", timezone="Europe/Berlin"), ["d"],
     ["DateTime64(6, 'Europe/Berlin')"], [(dt.datetime(2026, 11, 18, 11, 0),)]),
    ("select count() from events where timestamp >= {filters.dateRange.from} and timestamp < {filters.dateRange.to}",
     _range("2026-11-18T10:01:00", "2026-11-20"), ["count()"], ["UInt64"], [(2,)]),
    # an absent bound makes its comparison `true = true`
    ("select count() from events where timestamp >= {filters.dateRange.from}", {}, ["count()"], ["UInt64"], [(4,)]),
    ("select count() from events where timestamp < {filters.dateRange.to} and event = 'purchase'", _range("-1d"),
     ["count()"], ["UInt64"], [(1,)]),
    # properties (posthog/hogql/property.py property_to_expr)
    (EVENTS, _props(_prop("$browser", "Chrome")), ["event"], ["String"], [PV, PV]),
    (EVENTS, _props(_prop("$browser", ["Chrome", "Safari"])), ["event"], ["String"], [PV, PV, BUY]),
    (EVENTS, _props(_prop("$browser", ["Safari"])), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("$browser", [])), ["event"], ["String"], ALL),
    (EVENTS, _props(_prop("$browser", "Chrome", "is_not")), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _props(_prop("$browser", ["Chrome", "Safari"], "is_not")), ["event"], ["String"], [LEAVE]),
    (EVENTS, _props(_prop("$browser", "chr", "icontains")), ["event"], ["String"], [PV, PV]),
    (EVENTS, _props(_prop("$browser", ["chr", "SAF"], "icontains")), ["event"], ["String"], [PV, PV, BUY]),
    (EVENTS, _props(_prop("$current_url", "pricing", "icontains")), ["event"], ["String"], [PV]),
    (EVENTS, _props(_prop("$browser", None, "is_set"), _prop("$browser", "ROM", "not_icontains")), ["event"],
     ["String"], [BUY]),
    (EVENTS, _props(_prop("$browser", "^Chr", "regex")), ["event"], ["String"], [PV, PV]),
    (EVENTS, _props(_prop("$browser", ["^Chr", "^Saf"], "regex")), ["event"], ["String"], [PV, PV, BUY]),
    (EVENTS, _props(_prop("$browser", "^Chr", "not_regex")), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _props(_prop("$browser", ["^Chr", "^Saf"], "not_regex")), ["event"], ["String"], [LEAVE]),
    (EVENTS, _props(_prop("$browser", None, "is_set")), ["event"], ["String"], [PV, PV, BUY]),
    (EVENTS, _props(_prop("$browser", None, "is_not_set")), ["event"], ["String"], [LEAVE]),
    (EVENTS, _props(_prop("empty", None, "is_set")), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("nothing", None, "is_not_set")), ["event"], ["String"], ALL),
    # untyped properties are text: a string bound compares as text, as ClickHouse compares Nullable(String)
    (EVENTS, _props(_prop("price", "50", "gt")), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("price", "50", "lt")), ["event"], ["String"], [PV]),
    (EVENTS, _props(_prop("price", "99", "gte")), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("price", "10.5", "lte")), ["event"], ["String"], [PV]),
    (EVENTS, _props(_prop("price", ["10", "50"], "between")), ["event"], ["String"], [PV]),
    (EVENTS, _props(_prop("price", ["10", "50"], "not_between")), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("price", ["99", "10.5"], "in")), ["event"], ["String"], [PV, BUY]),
    # booleans compare as 'true'/'false' text (_handle_bool_values without a Boolean definition)
    (EVENTS, _props(_prop("coupon", True)), ["event"], ["String"], [PV]),
    (EVENTS, _props(_prop("coupon", False)), ["event"], ["String"], [BUY]),
    # person properties, and several filters ANDed
    (EVENTS, _props(_prop("email", "a@x.com", kind="person")), ["event"], ["String"], [PV, PV]),
    (EVENTS, _props(_prop("email", "@Y.COM", "icontains", "person")), ["event"], ["String"], [BUY]),
    (EVENTS, _props(_prop("email", None, "is_not_set", "person")), ["event"], ["String"], [LEAVE]),
    (EVENTS, _props(_prop("$browser", "Chrome"), _prop("plan", "pro", kind="person")), ["event"], ["String"],
     [PV, PV]),
    (EVENTS, _props(_prop("$browser", "Chrome"), _prop("plan", "free", kind="person")), ["event"], ["String"], []),
    (EVENTS, _props({"type": "hogql", "key": "event = 'purchase'"}), ["event"], ["String"], [BUY]),
    (EVENTS, {"filters": {"properties": [_prop("$browser", "Chrome")], "dateRange": {"date_from": "2026-11-18T10:01"}}},
     ["event"], ["String"], [PV]),
    # filterTestAccounts: a new team's default ($host not_regex localhost), or the project's own
    (EVENTS, {"filters": {"filterTestAccounts": True}}, ["event"], ["String"], ALL),
    (EVENTS, {"filters": {"filterTestAccounts": False}, "test_account_filters": (_prop("$browser", "Chrome"),)},
     ["event"], ["String"], ALL),
    (EVENTS, {"filters": {"filterTestAccounts": True}, "test_account_filters": (_prop("$browser", "Chrome"),)},
     ["event"], ["String"], [PV, PV]),
    # {filters} in a subquery over events, and on groups (created_at)
    ("select count() from (select event from events where {filters})", _range("-1d"), ["count()"], ["UInt64"],
     [(1,)]),
    ("select count() from groups where {filters}", _range("-1d"), ["count()"], ["UInt64"], [(0,)]),
    ("select count() from sessions where {filters}", {}, ["count()"], ["UInt64"], [(1,)]),
    ("select count() from sessions where {filters}", _range("2026-11-18T10:00:01"), ["count()"], ["UInt64"], [(0,)]),
    # variables (posthog/hogql/variables.py)
    ("select {variables.v} as v", {"variables": _var("v", 5)}, ["v"], ["UInt8"], [(5,)]),
    ("select {variables.v} as v", {"variables": _var("v", "text")}, ["v"], ["String"], [("text",)]),
    ("select {variables.v} as v", {"variables": _var("v", [1, 2])}, ["v"], ["Array(UInt8)"], [([1, 2],)]),
    ("select {variables.v} as v", {"variables": _var("v", "x", is_null=True)}, ["v"], ["Nullable(Nothing)"],
     [(None,)]),
    ("select {variables.v} as v",
     {"variables": _var("v"), "insight_variables": ({"id": "1", "code_name": "v", "default_value": "dflt"},)},
     ["v"], ["String"], [("dflt",)]),
    ("select count() from events where event = {variables.ev}", {"variables": _var("ev", "purchase")}, ["count()"],
     ["UInt64"], [(1,)]),
]  # fmt: skip


@pytest.mark.parametrize(("query", "context", "columns", "types", "rows"), CASES)
def test_placeholders(
    hogql_db: Database,
    query: str,
    context: dict[str, Any],
    columns: list[str],
    types: list[str],
    rows: list[tuple[Any, ...]],
) -> None:
    assert run(hogql_db, query, **context) == (columns, types, rows)


# notILike with a NULL side is true in PostHog (posthog/hogql/printer/clickhouse.py: value_if_one_side_is_null,
# ``ifNull(notILike(…), 1)``): the event without a $browser is kept.
NULL_NOT_ILIKE = [
    (EVENTS, _props(_prop("$browser", "chr", "not_icontains")), ["event"], ["String"], [BUY, LEAVE]),
    (EVENTS, _props(_prop("$browser", ["chr", "saf"], "not_icontains")), ["event"], ["String"], [LEAVE]),
]


@pytest.mark.parametrize(("query", "context", "columns", "types", "rows"), NULL_NOT_ILIKE)
def test_not_icontains_null(
    hogql_db: Database,
    query: str,
    context: dict[str, Any],
    columns: list[str],
    types: list[str],
    rows: list[tuple[Any, ...]],
) -> None:
    assert run(hogql_db, query, **context) == (columns, types, rows)


NOT_FILTERABLE = (
    "Cannot use 'filters' placeholder in a SELECT clause that does not select from the events, sessions, logs, "
    "traces or groups table."
)

# (query, context, error class, message)
ERRORS: list[tuple[str, dict[str, Any], type[HogQLError] | type[ValidationError], str]] = [
    ("select {x}", {}, ValidationError, "Global variable not found: x"),
    ("select {y}", {"values": {"x": 1}}, ValidationError, "Global variable not found: y"),
    ("select 1 from events where {filters}", {"values": {"x": 1}, **_range("-1d")}, ValidationError,
     "Global variable not found: filters"),
    ("select {variables.v}", {"values": {"x": 1}, "variables": _var("v", 1)}, ValidationError,
     "Global variable not found: variables"),
    ("select {variables.v}", {}, ValidationError, "Global variable not found: variables"),
    ("select {x.y}", {"values": {"x": {"y": 1}}}, HogQLNotImplemented,
     "hogmock does not support nested placeholder values yet"),
    ("select {x}", {"values": {"x": {"y": 1}}}, HogQLNotImplemented,
     "hogmock does not support dict values in placeholders yet"),
    ("select {1 + 2}", {}, HogQLNotImplemented, "hogmock does not evaluate placeholder expressions yet"),
    ("select {x y}", {}, HogQLSyntaxError, "Syntax error at line 1, column 11: Expecting }"),
    ("select count() from persons where {filters}", {}, HogQLQueryError, NOT_FILTERABLE),
    ("select count() from persons where {filters}", _range("-1d"), HogQLQueryError, NOT_FILTERABLE),
    ("select count() from (select 1) where {filters}", {}, HogQLQueryError, NOT_FILTERABLE),
    ("select dateTrunc({filters.interval}, timestamp) from events where {filters}", {}, HogQLQueryError,
     "Unsupported filters placeholder `{filters.interval}`. Supported filters placeholders are: `{filters}`, "
     "`{filters.dateRange.from}`, `{filters.dateRange.to}`."),
    ("select toStartOfDay({filters.dateRange.from}) from events", {}, HogQLQueryError,
     "The `{filters.dateRange.from}` placeholder must be used directly in a comparison "
     "(e.g. `timestamp > {filters.dateRange.from}`), not nested inside a function call, "
     "when the date range is not set."),
    ("select {filters.dateRange.to}", _range("-1d"), HogQLQueryError,
     "The `{filters.dateRange.to}` placeholder must be used directly in a comparison "
     "(e.g. `timestamp > {filters.dateRange.to}`), not nested inside a function call, when the date range is not set."),
    (EVENTS, _props(_prop("price", ["a", "b"], "between")), HogQLQueryError,
     "between operator requires numeric values"),
    (EVENTS, _props(_prop("price", ["50", "10"], "between")), HogQLQueryError,
     "between operator requires min value to be less than or equal to max value"),
    (EVENTS, _props(_prop("price", ["10"], "not_between")), HogQLQueryError,
     "not_between operator requires a two-element array [min, max]"),
    ("select count() from sessions where {filters}", _props(_prop("$browser", "Chrome")), HogQLQueryError,
     "Can only use session properties in a filter when selecting from only the sessions table."),
    ("select {variables.variable_two}", {"variables": _var("variable_one", 1)}, HogQLQueryError,
     "Variable variable_two is missing from query. Did you mean: variable_one?"),
    ("select {variables.abc}", {"variables": _var("zzz", 1)}, HogQLQueryError, "Variable abc is missing from query"),
    ("select {variables.v}", {"variables": _var("v", 1), "insight_variables": ()}, HogQLQueryError,
     "Variable v does not exist"),
    ("select {variables.v}, {x}", {"variables": _var("v", 1)}, ValidationError, "Global variable not found: x"),
    # A HogQL property filter's key is one expression (PostHog's parse_expr); found in review: a trailing clause was
    # dropped and a parse error escaped as a server error.
    (EVENTS, _props({"type": "hogql", "key": "event = 'x' FROM persons"}), HogQLSyntaxError,
     "Syntax error at line 1, column 16: Invalid expression / Unexpected token"),
    (EVENTS, _props({"type": "hogql", "key": ""}), HogQLSyntaxError,
     "Unexpected end of query. Check for a missing closing bracket, quote, or clause."),
]  # fmt: skip


@pytest.mark.parametrize(("query", "context", "error", "message"), ERRORS)
def test_placeholder_errors(
    hogql_db: Database, query: str, context: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        run(hogql_db, query, **context)
    assert str(raised.value) == message


# (query, context, the response's hogql text): placeholders substituted as PostHog's HogQL printer shows them
HOGQL: list[tuple[str, dict[str, Any], str]] = [
    ("select {x}, {y}", {"values": {"x": 5, "y": ["a"]}}, "SELECT 5, ['a'] LIMIT 101 OFFSET 0"),
    ("select event from events where {filters} limit 5", _range("2026-11-18"),
     "SELECT event FROM events WHERE greaterOrEquals(timestamp, toDateTime('2026-11-18 00:00:00.000000')) LIMIT 5"),
    ("select event from events where {filters} limit 5", _range(None, "2026-11-19T05:00:00Z",
                                                                timezone="America/New_York"),
     "SELECT event FROM events WHERE less(timestamp, toDateTime('2026-11-19 00:00:00.000000')) LIMIT 5"),
    ("select event from events where {filters} limit 5", _props(_prop("$browser", "Chrome")),
     "SELECT event FROM events WHERE equals(properties.$browser, 'Chrome') LIMIT 5"),
    ("select event from events where {filters} limit 5", _props(_prop("email", "x", "not_icontains", "person")),
     "SELECT event FROM events WHERE notILike(toString(person.properties.email), '%x%') LIMIT 5"),
    ("select event from events where {filters} limit 5", {"filters": {"filterTestAccounts": True}},
     "SELECT event FROM events WHERE ifNull(not(match(toString(properties.$host), "
     "'^(localhost|127\\\\.0\\\\.0\\\\.1)($|:)')), 1) LIMIT 5"),
    ("select event from events where {filters} limit 5", {},
     "SELECT event FROM events WHERE true LIMIT 5"),
    ("select count() from events where timestamp > {filters.dateRange.from} limit 5", {},
     "SELECT count() FROM events WHERE equals(true, true) LIMIT 5"),
    # property.py compares a list with an ast.Tuple; a parsed `x in (1)` is in(x, 1).
    ("select event from events where {filters} and event in ('a') limit 5",
     _props(_prop("$browser", ["Chrome", "Safari"], "not_in")),
     "SELECT event FROM events WHERE and(notIn(properties.$browser, tuple('Chrome', 'Safari')), in(event, 'a')) "
     "LIMIT 5"),
    # Parsed chains are flat (and(a, b, c)); the ast.And nodes {filters} builds stay nested.
    ("select event from events where {filters} and (event = 'a' and 1) limit 5",
     {"filters": {**_props(_prop("$browser", "Chrome"), _prop("a", "b"))["filters"],
                  "dateRange": {"date_from": "2026-11-18"}}},
     "SELECT event FROM events WHERE and(and(and(equals(properties.$browser, 'Chrome'), equals(properties.a, 'b')), "
     "greaterOrEquals(timestamp, toDateTime('2026-11-18 00:00:00.000000'))), equals(event, 'a'), 1) LIMIT 5"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "context", "hogql"), HOGQL)
def test_hogql_text(query: str, context: dict[str, Any], hogql: str) -> None:
    assert translate(query, TranslationContext(now=NOW, **context)).hogql == hogql


def test_a_bad_hogql_filter_is_a_syntax_error_over_http(http_client: TestClient, api_headers: dict[str, str]) -> None:
    # Found in review: sqlglot's own ParseError escaped from the property filter's key, a 500.
    node = {"kind": "HogQLQuery", "query": EVENTS, "filters": {"properties": [{"type": "hogql", "key": "(event"}]}}
    response = http_client.post(f"/api/projects/{HTTP_PROJECT_ID}/query/", json={"query": node}, headers=api_headers)
    assert (response.status_code, response.json()) == (
        400,
        {
            "type": "validation_error",
            "code": "hogql_syntax_error",
            "detail": "Unexpected end of query. Check for a missing closing bracket, quote, or clause.",
            "attr": None,
        },
    )
