"""HogQLMetadata (hogQL and hogQLExpr): validity, errors with character positions, table names; never cached."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.test_kind_events import assert_schema, bundled, run

__all__ = ["bundled"]  # the module-scoped client fixture

END_OF_QUERY = "Unexpected end of query. Check for a missing closing bracket, quote, or clause."


def metadata(client: TestClient, query: str, language: str = "hogQL", **node: Any) -> Any:
    body = run(client, {"kind": "HogQLMetadata", "language": language, "query": query, **node})
    assert_schema(body, "HogQLMetadataResponse")
    return body


def error(message: str, start: int | None, end: int | None) -> dict[str, Any]:
    return {"end": end, "fix": None, "message": message, "start": start}


def test_a_valid_query(bundled: TestClient) -> None:
    query = "select event from events e join persons p on p.id = e.person_id"
    assert metadata(bundled, query) == {
        "ch_table_names": ["events", "person"], "errors": [], "isUsingIndices": "undecisive", "isValid": True,
        "notices": [], "query": query, "table_names": ["events", "persons"], "warnings": [],
    }  # fmt: skip


def test_cte_names_are_not_tables(bundled: TestClient) -> None:
    body = metadata(bundled, "with t as (select event from events) select event from t")
    assert (body["isValid"], body["table_names"], body["ch_table_names"]) == (True, ["events"], ["events"])


def test_an_unknown_field_is_located(bundled: TestClient) -> None:
    assert metadata(bundled, "select foo from events") == {
        "ch_table_names": None, "errors": [error("Unable to resolve field: foo", 7, 10)], "isUsingIndices": None,
        "isValid": False, "notices": [], "query": "select foo from events", "table_names": ["events"],
        "warnings": [],
    }  # fmt: skip


def test_an_unknown_table_keeps_the_table_names(bundled: TestClient) -> None:
    body = metadata(bundled, "select 1 from nope")
    assert body["errors"] == [error("Unknown table `nope`.", 14, 18)]
    assert body["table_names"] == ["nope"]


def test_syntax_errors_are_located(bundled: TestClient) -> None:
    assert metadata(bundled, "select count( from events")["errors"] == [error(END_OF_QUERY, 19, 25)]
    expected = "mismatched input 'delete' expecting {SELECT, WITH, '{', '(', '<'}"
    assert metadata(bundled, "delete from events")["errors"] == [error(expected, 0, 6)]


def test_filters_placeholder_is_substituted(bundled: TestClient) -> None:
    chrome = {"key": "$browser", "value": "Chrome", "type": "event", "operator": "exact"}
    body = metadata(bundled, "select event from events where {filters}", filters={"properties": [chrome]})
    assert (body["isValid"], body["errors"]) == (True, [])


def test_expressions_are_checked_against_events(bundled: TestClient) -> None:
    valid = metadata(bundled, "properties.$browser", "hogQLExpr")
    assert valid == {
        "ch_table_names": None, "errors": [], "isUsingIndices": None, "isValid": True, "notices": [],
        "query": "properties.$browser", "table_names": [], "warnings": [],
    }  # fmt: skip
    unknown = metadata(bundled, "properties.$browser = nope", "hogQLExpr")
    assert unknown["errors"] == [error("Unable to resolve field: nope", 22, 26)]
    call = metadata(bundled, "nope(1, 2) + 1", "hogQLExpr")
    assert call["errors"] == [error("Unsupported function call 'nope(...)'", 0, 10)]


def test_other_languages_are_not_implemented(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "HogQLMetadata", "language": "hog", "query": "return 1"}, status=400)
    detail = "hogmock does not implement HogQLMetadata for language hog yet."
    assert body == {"type": "validation_error", "code": "invalid_input", "detail": detail, "attr": None}


def test_language_must_be_a_hog_language(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "HogQLMetadata", "language": "sql", "query": "select 1"}, status=400)
    assert "query.HogQLMetadata.language\n  Input should be 'hog', 'hogJson', 'hogQL', 'hogQLExpr', " in body["detail"]


def test_metadata_ignores_async_refresh(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "HogQLMetadata", "language": "hogQL", "query": "select 1"}, refresh="force_async")
    assert (body["isValid"], "query_status" in body) == (True, False)
