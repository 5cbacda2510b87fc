"""POST /query/: request validation in pydantic's words, the HogQLQuery response, pagination, and 500s."""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pytest
from starlette.testclient import TestClient

from mock_server.backend import Backend
from mock_server.hogql import Translation, TranslationContext
from mock_server.runner import hogql_query
from mock_server.runner.jobs import Execution
from mock_server.runner.request import QUERY_KINDS
from tests.conftest import HTTP_EVENT_COUNT, HTTP_NOW, HTTP_PROJECT_ID

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
DOCS = "https://errors.pydantic.dev/2.12/v/"
RESPONSE_KEYS = {
    "cache_key", "cache_target_age", "calculation_trigger", "clickhouse", "columns", "error", "explain",
    "hasMore", "hogql", "is_cached", "last_refresh", "limit", "metadata", "modifiers",
    "next_allowed_client_refresh", "offset", "query", "query_metadata", "query_status", "resolved_date_range",
    "results", "timezone", "timings", "types",
}  # fmt: skip


def hogql(query: str, **node: Any) -> dict[str, Any]:
    return {"query": {"kind": "HogQLQuery", "query": query, **node}}


def parse_error(detail: str) -> dict[str, Any]:
    return {"type": "invalid_request", "code": "parse_error", "detail": f"JSON parse error - {detail}", "attr": None}


def post(client: TestClient, headers: dict[str, str], body: Any) -> Any:
    return client.post(QUERY_URL, json=body, headers=headers)


# --- a successful HogQLQuery ------------------------------------------------------------------------------------


def test_select_1_full_response(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, hogql("select 1"))
    assert response.status_code == 200
    body = response.json()
    assert list(body) == sorted(RESPONSE_KEYS)
    assert body["columns"] == ["1"]
    assert body["results"] == [[1]]
    assert body["types"] == [["1", "UInt8"]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (False, 100, 0)
    assert body["is_cached"] is False
    assert body["last_refresh"] == "2026-11-20T12:00:00Z"
    assert body["next_allowed_client_refresh"] == "2026-11-20T12:01:00Z"
    assert body["cache_target_age"] == "2026-11-20T18:00:00Z"
    assert body["query_metadata"] == {"events": [], "updated_at": "2026-11-20T12:00:00Z"}
    assert body["timezone"] == "UTC"
    assert re.fullmatch(r"cache_[0-9a-f]{32}", body["cache_key"])
    assert isinstance(body["hogql"], str) and isinstance(body["clickhouse"], str)
    for key in ("calculation_trigger", "error", "explain", "metadata", "query", "query_status"):
        assert body[key] is None, key
    assert body["resolved_date_range"] is None and body["timings"] is None


def test_modifiers_are_the_team_defaults_with_every_key(http_client: TestClient, api_headers: dict[str, str]) -> None:
    modifiers = post(http_client, api_headers, hogql("select 1")).json()["modifiers"]
    assert len(modifiers) == 26
    assert modifiers["materializationMode"] == "legacy_null_as_null"
    assert modifiers["personsOnEventsMode"] == "person_id_override_properties_joined"
    assert modifiers["timings"] is None and modifiers["debug"] is None


def test_query_modifiers_win_over_defaults(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select 1", modifiers={"inCohortVia": "subquery", "timings": True}))
    assert body.json()["modifiers"]["inCohortVia"] == "subquery"
    timings = body.json()["timings"]
    assert isinstance(timings, list) and timings
    assert all(set(item) == {"k", "t"} and isinstance(item["t"], float) for item in timings)


def test_same_query_same_cache_key(http_client: TestClient, api_headers: dict[str, str]) -> None:
    first = post(http_client, api_headers, hogql("select 1")).json()["cache_key"]
    assert post(http_client, api_headers, hogql("select 1")).json()["cache_key"] == first
    assert post(http_client, api_headers, hogql("select 2")).json()["cache_key"] != first


def test_query_without_limit_is_paginated(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select event from events")).json()
    assert HTTP_EVENT_COUNT > 100
    assert len(body["results"]) == 100
    assert (body["hasMore"], body["limit"], body["offset"]) == (True, 100, 0)


def test_query_with_limit_has_no_pagination_fields(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select event from events limit 5")).json()
    assert body["results"] == [["$pageview"]] * 5
    assert (body["hasMore"], body["limit"], body["offset"]) == (None, None, None)


def test_small_result_has_no_more(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select distinct distinct_id from events order by 1")).json()
    assert body["results"] == [["user-0"], ["user-1"], ["user-2"]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (False, 100, 0)


def test_datetimes_render_in_posthog_form(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select timestamp from events order by timestamp limit 1")).json()
    assert body["results"] == [["2026-11-19T12:00:00Z"]]
    assert body["types"] == [["timestamp", "DateTime64(6, 'UTC')"]]


def test_count_and_group_by(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select count() from events")).json()
    assert body["columns"] == ["count()"]
    assert body["results"] == [[HTTP_EVENT_COUNT]]
    assert body["types"] == [["count()", "UInt64"]]


@pytest.mark.parametrize("refresh", ["blocking", "force_blocking", "force_cache", None])
def test_refresh_modes_calculate(http_client: TestClient, api_headers: dict[str, str], refresh: str | None) -> None:
    response = post(http_client, api_headers, {**hogql("select 1"), "refresh": refresh})
    assert response.status_code == 200
    assert response.json()["results"] == [[1]]


def test_hogql_error_is_a_validation_error(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, hogql("selec 1"))
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "code": "hogql_syntax_error",
        "detail": "mismatched input 'selec' expecting {SELECT, WITH, '{', '(', '<'}",
        "attr": None,
    }


# PostHog exposes a user-caused ClickHouse error as a 400 with ClickHouse's error name (posthog/errors.py).
ENGINE_USER_ERRORS = [
    ("select event + 1 from events", "illegal_type_of_argument", "No function matches the given name and argument"),
    (
        "select person_id = 'not a uuid' from events",
        "cannot_parse_uuid",
        "Could not convert string 'not a uuid' to UUID",
    ),
    ("select event, count() from events", "not_an_aggregate", 'column "event" must appear in the GROUP BY clause'),
]


@pytest.mark.parametrize(("query", "code", "detail"), ENGINE_USER_ERRORS)
def test_engine_errors_caused_by_the_query_are_400(
    http_client: TestClient, api_headers: dict[str, str], query: str, code: str, detail: str
) -> None:
    response = post(http_client, api_headers, hogql(query))
    body = response.json()
    assert (response.status_code, body["type"], body["code"], body["attr"]) == (400, "validation_error", code, None)
    assert body["detail"].startswith(detail)


# --- 500s --------------------------------------------------------------------------------------------------------


def test_duckdb_failure_is_a_clickhouse_error(
    http_backend: Backend, http_client: TestClient, api_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(sql: str) -> None:
        raise duckdb.InternalException("INTERNAL Error: boom")

    # Queries run on an interruptible cursor through runner/jobs.py's Execution, not Database.run.
    monkeypatch.setattr(Execution, "run", lambda self, database, sql: fail(sql))
    response = post(http_client, api_headers, hogql("select 1"))
    assert response.status_code == 500
    assert response.json() == {
        "type": "server_error",
        "code": "error",
        "detail": "ClickHouse error while executing query.",
        "attr": None,
    }


def test_unexpected_failure_is_a_server_error_without_traceback(
    http_backend: Backend, http_client: TestClient, api_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(sql: str) -> None:
        raise RuntimeError("secret internals")

    # Queries run on an interruptible cursor through runner/jobs.py's Execution, not Database.run.
    monkeypatch.setattr(Execution, "run", lambda self, database, sql: fail(sql))
    response = post(http_client, api_headers, hogql("select 1"))
    assert response.status_code == 500
    assert response.json() == {
        "type": "server_error",
        "code": "error",
        "detail": "A server error occurred.",
        "attr": None,
    }
    assert "Traceback" not in response.text and "secret" not in response.text


# --- invalid bodies ------------------------------------------------------------------------------------------------


def test_malformed_json(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(
        QUERY_URL, content=b"not json", headers={**api_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == parse_error("Expecting value: line 1 column 1 (char 0)")


def test_nan_is_not_json(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(
        QUERY_URL, content=b'{"query": NaN}', headers={**api_headers, "Content-Type": "application/json"}
    )
    assert response.json() == parse_error("Out of range float values are not JSON compliant: 'NaN'")


def test_body_of_unsupported_media_type(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(QUERY_URL, content=b"select 1", headers={**api_headers, "Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json() == {
        "type": "invalid_request",
        "code": "unsupported_media_type",
        "detail": 'Unsupported media type "text/plain" in request.',
        "attr": None,
    }


def missing(loc: str, value: str) -> str:
    return (
        f"{loc}\n  Field required [type=missing, input_value={value}, input_type=dict]\n"
        f"    For further information visit {DOCS}missing"
    )


def extra(loc: str, value: str, value_type: str) -> str:
    return (
        f"{loc}\n  Extra inputs are not permitted [type=extra_forbidden, input_value={value}, "
        f"input_type={value_type}]\n    For further information visit {DOCS}extra_forbidden"
    )


def test_empty_body_misses_query(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = http_client.post(QUERY_URL, headers=api_headers)
    assert response.status_code == 400
    assert response.json() == parse_error(f"1 validation error for QueryRequest\n{missing('query', '{}')}")


def test_missing_query(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"refresh": "blocking"})
    expected = missing("query", "{'refresh': 'blocking'}")
    assert response.json() == parse_error(f"1 validation error for QueryRequest\n{expected}")


def test_body_that_is_not_an_object(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, ["select 1"])
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\n  Input should be a valid dictionary or instance of QueryRequest "
        "[type=model_type, input_value=['select 1'], input_type=list]\n"
        f"    For further information visit {DOCS}model_type"
    )


def test_query_that_is_not_an_object(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": "select 1"})
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\nquery\n  Input should be a valid dictionary or object to extract "
        "fields from [type=model_attributes_type, input_value='select 1', input_type=str]\n"
        f"    For further information visit {DOCS}model_attributes_type"
    )


def test_query_without_kind(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"query": "select 1"}})
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\nquery\n  Unable to extract tag using discriminator 'kind' "
        "[type=union_tag_not_found, input_value={'query': 'select 1'}, input_type=dict]\n"
        f"    For further information visit {DOCS}union_tag_not_found"
    )


def test_unknown_kind(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "Tomato Soup"}})
    tags = ", ".join(f"'{kind}'" for kind in QUERY_KINDS)
    assert response.status_code == 400
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\nquery\n  Input tag 'Tomato Soup' found using 'kind' does not match "
        f"any of the expected tags: {tags} [type=union_tag_invalid, input_value={{'kind': 'Tomato Soup'}}, "
        f"input_type=dict]\n    For further information visit {DOCS}union_tag_invalid"
    )
    assert len(QUERY_KINDS) == 71 and QUERY_KINDS[12] == "HogQLQuery"


@pytest.mark.parametrize("kind", ["RetentionQuery", "PathsQuery", "WebOverviewQuery"])
def test_kind_hogmock_does_not_run_yet(http_client: TestClient, api_headers: dict[str, str], kind: str) -> None:
    response = post(http_client, api_headers, {"query": {"kind": kind}})
    assert response.status_code == 400
    body = response.json()
    assert (body["type"], body["code"], body["attr"]) == ("validation_error", "invalid_input", None)
    assert body["detail"].startswith(f"Unsupported query kind: {kind}. hogmock does not implement {kind} yet; ")


def test_hogql_query_needs_its_query(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "HogQLQuery"}})
    expected = missing("query.HogQLQuery.query", "{'kind': 'HogQLQuery'}")
    assert response.json() == parse_error(f"1 validation error for QueryRequest\n{expected}")


def test_hogql_query_text_must_be_a_string(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {"query": {"kind": "HogQLQuery", "query": 1}})
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\nquery.HogQLQuery.query\n  Input should be a valid string "
        f"[type=string_type, input_value=1, input_type=int]\n    For further information visit {DOCS}string_type"
    )


def test_extra_keys(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {**hogql("select 1", limit=10), "foo": [1, 2]})
    errors = "\n".join([extra("query.HogQLQuery.limit", "10", "int"), extra("foo", "[1, 2]", "list")])
    assert response.json() == parse_error(f"2 validation errors for QueryRequest\n{errors}")


def test_unknown_refresh_value(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {**hogql("select 1"), "refresh": "sometimes"})
    assert response.json() == parse_error(
        "1 validation error for QueryRequest\nrefresh\n  Input should be 'async', 'async_except_on_cache_miss', "
        "'blocking', 'force_async', 'force_blocking', 'force_cache' or 'lazy_async' [type=enum, "
        f"input_value='sometimes', input_type=str]\n    For further information visit {DOCS}enum"
    )


def test_long_inputs_are_shortened_as_pydantic_does(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, {**hogql("select 1"), "zzz": "y" * 100})
    shortened = "'" + "y" * 24 + "..." + "y" * 23 + "'"
    assert response.json() == parse_error(f"1 validation error for QueryRequest\n{extra('zzz', shortened, 'str')}")


def test_modifier_errors_name_their_path(http_client: TestClient, api_headers: dict[str, str]) -> None:
    response = post(http_client, api_headers, hogql("select 1", modifiers={"timings": "maybe", "bogus": 1}))
    assert response.json() == parse_error(
        "2 validation errors for QueryRequest\nquery.HogQLQuery.modifiers.timings\n  Input should be a valid "
        "boolean, unable to interpret input [type=bool_parsing, input_value='maybe', input_type=str]\n"
        f"    For further information visit {DOCS}bool_parsing\n"
        + extra("query.HogQLQuery.modifiers.bogus", "1", "int")
    )


# --- what the runner hands the translator ----------------------------------------------------------------------


def test_runner_passes_project_clock_and_values_to_the_translator(
    http_client: TestClient, api_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[TranslationContext] = []

    def fake_translate(query: str, context: TranslationContext) -> Translation:
        seen.append(context)
        return Translation(sql="SELECT 42 AS x", hogql=query.upper(), columns=["x"], types=["Int64"], paginated=False)

    monkeypatch.setattr(hogql_query, "translate", fake_translate)
    body = post(http_client, api_headers, hogql("select {x}", values={"x": 42})).json()
    (context,) = seen
    assert (context.now, context.timezone, context.team_id, context.values) == (
        HTTP_NOW,
        "UTC",
        HTTP_PROJECT_ID,
        {"x": 42},
    )
    assert (body["hogql"], body["clickhouse"], body["results"]) == ("SELECT {X}", "SELECT 42 AS x", [[42]])
    assert (body["hasMore"], body["limit"], body["offset"]) == (None, None, None)


def test_placeholder_values_end_to_end(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = post(http_client, api_headers, hogql("select {x}", values={"x": 5})).json()
    assert body["results"] == [[5]]
