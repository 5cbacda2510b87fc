"""DatabaseSchemaQuery, and the kinds hogmock does not run: PostHog's answers for each."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from mock_server.hogql.schema import TABLES
from mock_server.runner.database_schema import serialized_type
from mock_server.runner.request import QUERY_KINDS
from tests.test_kind_events import HEADERS, assert_schema, bundled, run

__all__ = ["bundled"]  # the module-scoped client fixture

# The translator's schema types is_identified (ClickHouse's Int8 today); the serialized type follows it.
IS_IDENTIFIED = serialized_type(TABLES["persons"].fields["is_identified"].ch_type)  # type: ignore[union-attr]
IMPLEMENTED = {"HogQLQuery", "EventsQuery", "ActorsQuery", "HogQLMetadata", "DatabaseSchemaQuery", "TrendsQuery",
               "FunnelsQuery"}  # fmt: skip


def field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    base = {"chain": None, "fields": None, "hogql_value": name, "id": None, "name": name, "schema_valid": True,
            "table": None, "type": kind}  # fmt: skip
    return {**base, **extra}


def test_database_schema_lists_every_table(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "DatabaseSchemaQuery"})
    assert_schema(body, "DatabaseSchemaQueryResponse")
    assert list(body) == ["joins", "tables"]
    assert body["joins"] == []
    assert list(body["tables"]) == list(TABLES)


def test_persons_table_as_posthog_serializes_it(bundled: TestClient) -> None:
    persons = run(bundled, {"kind": "DatabaseSchemaQuery"})["tables"]["persons"]
    assert persons == {
        "fields": {
            "id": field("id", "string"), "created_at": field("created_at", "datetime"),
            "properties": field("properties", "json"), "is_identified": field("is_identified", IS_IDENTIFIED),
        },
        "id": "persons", "name": "persons", "row_count": None, "type": "posthog",
    }  # fmt: skip


def test_events_fields_lazy_joins_virtual_tables_and_wrapped_names(bundled: TestClient) -> None:
    fields = run(bundled, {"kind": "DatabaseSchemaQuery"})["tables"]["events"]["fields"]
    assert "team_id" not in fields
    assert fields["$session_id"] == field("$session_id", "string", hogql_value="`$session_id`")
    assert fields["person"] == field(
        "person", "lazy_table", table="persons", fields=["id", "created_at", "team_id", "properties", "is_identified"],
        id="person",
    )  # fmt: skip
    assert fields["poe"] == field("poe", "virtual_table", table="poe", fields=["id", "created_at", "properties"])
    assert fields["timestamp"]["type"] == "datetime"


def test_every_unimplemented_kind_is_a_400_naming_it(bundled: TestClient) -> None:
    for kind in sorted(set(QUERY_KINDS) - IMPLEMENTED):
        response = bundled.post("/api/projects/1/query/", json={"query": {"kind": kind}},
                                headers=HEADERS)  # fmt: skip
        if response.status_code == 400 and response.json()["code"] == "parse_error":
            continue  # hogmock validates this kind's required fields first (TrendsQuery, …)
        assert response.status_code == 400, kind
        body = response.json()
        assert (body["type"], body["code"], body["attr"]) == ("validation_error", "invalid_input", None)
        assert body["detail"].startswith(f"Unsupported query kind: {kind}. hogmock does not implement {kind} yet")


def test_retention_query_says_so(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "RetentionQuery"}, status=400)
    assert body["detail"].startswith("Unsupported query kind: RetentionQuery. hogmock does not implement")


def test_a_kind_that_does_not_exist_is_pydantics_tag_error(bundled: TestClient) -> None:
    body = run(bundled, {"kind": "NoSuchQuery"}, status=400)
    assert body["type"] == "invalid_request" and body["code"] == "parse_error"
    assert body["detail"].startswith(
        "JSON parse error - 1 validation error for QueryRequest\nquery\n  Input tag 'NoSuchQuery' found using "
        "'kind' does not match any of the expected tags: 'EventsNode', 'ActionsNode', "
    )
