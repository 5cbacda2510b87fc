"""Bad input to the query API gets PostHog's error body and a 4xx, never a 500: request fields the runners read
are validated up front in pydantic's words (``runner/request.py``), bodies too deep to parse are parse errors,
and the journal never fails a request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.backend import Backend
from mock_server.runner.request import PERSON_SCOPE_FILTER_MODELS, PROPERTY_FILTER_MODELS
from mock_server.runner.validation import Errors, integer, number
from tests.conftest import HTTP_PROJECT_ID

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
DOCS = "https://errors.pydantic.dev/2.12/v/"
SERIES = [{"kind": "EventsNode", "event": "$pageview"}]
TRENDS = {"kind": "TrendsQuery", "series": SERIES}
FUNNELS = {"kind": "FunnelsQuery", "series": SERIES * 2}


def post_raw(client: TestClient, headers: dict[str, str], raw: str | bytes) -> Any:
    """A body sent as written (``json=`` would turn 1e999 into ``Infinity``)."""
    return client.post(QUERY_URL, content=raw, headers={**headers, "Content-Type": "application/json"})


def post(client: TestClient, headers: dict[str, str], body: Any) -> Any:
    return post_raw(client, headers, json.dumps(body))


def item(loc: str, message: str, kind: str, value: str, value_type: str) -> str:
    """One error of ``str(ValidationError)``."""
    return f"{loc}\n  {message} [type={kind}, input_value={value}, input_type={value_type}]\n    For further information visit {DOCS}{kind}"  # noqa: E501


def parse_error(*items: str) -> dict[str, Any]:
    count = f"{len(items)} validation error{'s' if len(items) != 1 else ''} for QueryRequest"
    detail = "\n".join([count, *items])
    return {"type": "invalid_request", "code": "parse_error", "detail": f"JSON parse error - {detail}", "attr": None}


def not_a_model(loc: str, names: tuple[str, ...], value: str = "'x'", value_type: str = "str") -> list[str]:
    return [
        item(f"{loc}.{name}", f"Input should be a valid dictionary or instance of {name}", "model_type", value,
             value_type)
        for name in names
    ]  # fmt: skip


def list_label(names: tuple[str, ...]) -> str:
    return f"list[union[{','.join(names)}]]"


# ---- property filters (these recursed forever in hogql/filters.py) -------------------------------------------------


def test_a_filter_that_is_not_an_object(http_client: TestClient, api_headers: dict[str, str]) -> None:
    node = {"kind": "HogQLQuery", "query": "select 1 from events where {filters}", "filters": {"properties": ["x"]}}
    response = post(http_client, api_headers, {"query": node})
    expected = parse_error(*not_a_model("query.HogQLQuery.filters.properties.0", PROPERTY_FILTER_MODELS))
    assert (response.status_code, response.json()) == (400, expected)


def test_actors_properties_that_are_text(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "ActorsQuery", "properties": "x"}})
    loc = "query.ActorsQuery.properties"
    expected = parse_error(
        item(f"{loc}.{list_label(PERSON_SCOPE_FILTER_MODELS)}", "Input should be a valid list", "list_type", "'x'",
             "str"),
        *not_a_model(loc, ("PropertyGroupFilterValue",)),
    )  # fmt: skip
    assert (response.status_code, response.json()) == (400, expected)


def test_a_property_group_whose_values_are_text(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {**TRENDS, "properties": {"values": "x"}}})
    loc = "query.TrendsQuery.properties"
    expected = parse_error(
        item(f"{loc}.{list_label(PROPERTY_FILTER_MODELS)}", "Input should be a valid list", "list_type",
             "{'values': 'x'}", "dict"),
        item(f"{loc}.PropertyGroupFilter.type", "Field required", "missing", "{'values': 'x'}", "dict"),
        item(f"{loc}.PropertyGroupFilter.values", "Input should be a valid list", "list_type", "'x'", "str"),
    )  # fmt: skip
    assert (response.status_code, response.json()) == (400, expected)


def test_a_series_filter_that_is_text(http_client: TestClient, api_headers: dict[str, str]) -> None:
    series = [{**SERIES[0], "properties": "x"}]
    response = post(http_client, api_headers, {"query": {**TRENDS, "series": series}})
    expected = parse_error(
        item("query.TrendsQuery.series.0.properties", "Input should be a valid list", "list_type", "'x'", "str")
    )
    assert (response.status_code, response.json()) == (400, expected)


def _nested(depth: int) -> dict[str, Any]:
    group: dict[str, Any] = {"key": "$browser", "value": "Chrome", "type": "event", "operator": "exact"}
    for _ in range(depth):
        group = {"type": "AND", "values": [group]}
    return group


def test_property_groups_nested_as_deep_as_pydantic_allows(
    http_client: TestClient, api_headers: dict[str, str]
) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "ActorsQuery", "properties": _nested(255)}})
    assert response.status_code == 200


def test_property_groups_nested_too_deep(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "ActorsQuery", "properties": _nested(256)}})
    detail = response.json()["detail"]
    assert response.status_code == 400
    assert detail.startswith("JSON parse error - 2 validation errors for QueryRequest\n")
    assert "Recursion error - cyclic reference detected [type=recursion_loop" in detail


# ---- integers and numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "loc", "kind", "message", "value", "value_type"),
    [
        ('{"kind": "EventsQuery", "select": ["event"], "limit": 1e999}', "query.EventsQuery.limit", "finite_number",
         "Input should be a finite number", "inf", "float"),
        ('{"kind": "ActorsQuery", "offset": 1e999}', "query.ActorsQuery.offset", "finite_number",
         "Input should be a finite number", "inf", "float"),
        ('{"kind": "EventsQuery", "select": ["event"], "limit": 2.5}', "query.EventsQuery.limit", "int_from_float",
         "Input should be a valid integer, got a number with a fractional part", "2.5", "float"),
        ('{"kind": "FunnelsQuery", "series": [], "funnelsFilter": {"funnelWindowInterval": "x"}}',
         "query.FunnelsQuery.funnelsFilter.funnelWindowInterval", "int_parsing",
         "Input should be a valid integer, unable to parse string as an integer", "'x'", "str"),
        ('{"kind": "TrendsQuery", "series": [], "breakdownFilter": {"breakdown": "$browser", "breakdown_limit": "x"}}',
         "query.TrendsQuery.breakdownFilter.breakdown_limit", "int_parsing",
         "Input should be a valid integer, unable to parse string as an integer", "'x'", "str"),
        ('{"kind": "HogQLQuery", "query": "select 1", "version": 1' + "0" * 400 + "}", "query.HogQLQuery.version",
         "float_type", "Input should be a valid number",
         "1000000000000000000000000...000000000000000000000000", "int"),
    ],
)  # fmt: skip
def test_numbers_pydantic_refuses(
    http_client: TestClient, api_headers: dict[str, str], node: str, loc: str, kind: str, message: str, value: str,
    value_type: str,
) -> None:  # fmt: skip
    response = post_raw(http_client, api_headers, '{"query": ' + node + "}")
    assert (response.status_code, response.json()) == (400, parse_error(item(loc, message, kind, value, value_type)))


def test_an_infinite_version_passes_as_in_pydantic(http_client: TestClient, api_headers: dict[str, str]) -> None:
    # A float field allows inf (allow_inf_nan defaults to true); only an int field refuses it.
    response = post_raw(
        http_client, api_headers, '{"query": {"kind": "HogQLQuery", "query": "select 1", "version": 1e999}}'
    )
    assert (response.status_code, response.json()["results"]) == (200, [[1]])


def test_integer_strings_and_whole_floats_are_integers(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "EventsQuery", "select": ["event"], "limit": "2"}})
    assert (response.status_code, response.json()["limit"]) == (200, 2)
    response = post(http_client, api_headers, {"query": {"kind": "EventsQuery", "select": ["event"], "limit": 3.0}})
    assert (response.status_code, response.json()["limit"]) == (200, 3)


@pytest.mark.parametrize(
    ("value", "expected", "error"),
    [
        (5, 5, None), (True, 1, None), (4.0, 4, None), (" 12 ", 12, None), ("1_000", 1000, None), ("7.000", 7, None),
        ("-3", -3, None), (10**400, 10**400, None), (1.5, None, "int_from_float"),
        (float("nan"), None, "finite_number"),
        (1e30, None, "int_parsing_size"), ("1.5", None, "int_parsing"), ("", None, "int_parsing"),
        ("9" * 4301, None, "int_parsing_size"), ([1], None, "int_type"), ({}, None, "int_type"),
    ],
)  # fmt: skip
def test_integer_is_pydantics_lax_int(value: Any, expected: int | None, error: str | None) -> None:
    errors = Errors()
    result = integer(value, (), errors)
    assert ([e.type for e in errors.items], result if error is None else None) == ([error] if error else [], expected)


def test_number_refuses_an_int_too_big_for_a_double() -> None:
    errors = Errors()
    number(10**400, ("version",), errors)
    assert [(e.type, e.message) for e in errors.items] == [("float_type", "Input should be a valid number")]


# ---- other fields -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", ["second", "minute"])
@pytest.mark.parametrize("query", [TRENDS, FUNNELS])
def test_an_interval_hogmock_cannot_bucket_by(
    http_client: TestClient, api_headers: dict[str, str], interval: str, query: dict[str, Any]
) -> None:
    response = post(http_client, api_headers, {"query": {**query, "interval": interval}})
    detail = f"hogmock does not support the interval '{interval}' yet; it supports: hour, day, week, month."
    expected = {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": None}
    assert (response.status_code, response.json()) == (400, expected)


def test_refresh_true_is_not_a_refresh_type(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "HogQLQuery", "query": "select 1"}, "refresh": True})
    words = "'async', 'async_except_on_cache_miss', 'blocking', 'force_async', 'force_blocking', 'force_cache' or 'lazy_async'"  # noqa: E501
    expected = parse_error(item("refresh", f"Input should be {words}", "enum", "True", "bool"))
    assert (response.status_code, response.json()) == (400, expected)


def test_a_huge_conversion_window_is_unbounded(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(
        http_client, api_headers, {"query": {**FUNNELS, "funnelsFilter": {"funnelWindowInterval": 10**400}}}
    )
    assert response.status_code == 200


# ---- bodies and the journal ---------------------------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
TOO_DEEP = {
    "type": "invalid_request",
    "code": "parse_error",
    "detail": "JSON parse error - maximum recursion depth exceeded while decoding a JSON array from a unicode string",
    "attr": None,
}


@pytest.mark.parametrize("path", ["", "upgrade/"])
def test_a_body_nested_too_deep_is_a_parse_error(
    http_client: TestClient, api_headers: dict[str, str], http_backend: Backend, path: str
) -> None:
    headers = {**api_headers, "Content-Type": "application/json"}
    response = http_client.post(QUERY_URL + path, content=DEEP, headers=headers)
    assert (response.status_code, response.json()) == (400, TOO_DEEP)
    assert http_backend.journal.entries()[-1].body is None


def test_the_journal_records_json_as_the_api_parses_it(
    http_client: TestClient, api_headers: dict[str, str], http_backend: Backend
) -> None:
    # NaN is not JSON to DRF's strict parser, so the journal does not record it as a body either.
    post_raw(http_client, api_headers, '{"query": NaN}')
    post(http_client, api_headers, {"query": {"kind": "HogQLQuery", "query": "select 1"}})
    bodies = [entry.body for entry in http_backend.journal.entries()[-2:]]
    assert bodies == [None, {"query": {"kind": "HogQLQuery", "query": "select 1"}}]


def test_a_journal_failure_does_not_fail_the_request(
    http_client: TestClient, api_headers: dict[str, str], http_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**entry: Any) -> None:
        raise RuntimeError("journal unavailable")

    monkeypatch.setattr(http_backend.journal, "record", broken)
    response = post(http_client, api_headers, {"query": {"kind": "HogQLQuery", "query": "select 1"}})
    assert (response.status_code, response.json()["results"]) == (200, [[1]])
