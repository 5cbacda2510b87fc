"""GET /api/schema/: hogmock's OpenAPI document, generated from the route table, public, and self-consistent."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

from mock_server.api.routing import Endpoint
from mock_server.app import ENDPOINTS
from mock_server.openapi import build_document, operation_id


def test_served_without_credentials_and_lists_every_route(http_client: TestClient) -> None:
    response = http_client.get("/api/schema/")
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {endpoint.path + "/" for endpoint in ENDPOINTS} | {"/api/schema/"}


def test_every_method_of_every_endpoint_is_an_operation() -> None:
    paths = build_document(ENDPOINTS)["paths"]
    for endpoint in ENDPOINTS:
        documented = {method.upper() for method in paths[endpoint.path + "/"]}
        assert documented == set(endpoint.handlers) - {"HEAD"}, endpoint.path


def test_operation_ids_are_unique_and_environments_deprecated() -> None:
    operations = [(p, m, op) for p, item in build_document(ENDPOINTS)["paths"].items() for m, op in item.items()]
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    assert all(op.get("deprecated") is True for p, _, op in operations if p.startswith("/api/environments/"))
    assert operation_id(ENDPOINTS[0], "POST") == "projects_query_create"


def test_query_create_is_documented_with_its_bodies() -> None:
    operation = build_document(ENDPOINTS)["paths"]["/api/projects/{project_ref}/query/"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/QueryRequest"
    }
    assert {"200", "202", "400", "403", "404", "429", "500"} <= set(operation["responses"])
    assert operation["responses"]["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_a_new_route_without_documentation_still_appears() -> None:
    async def handler(call: object) -> None:
        raise NotImplementedError

    document = build_document((Endpoint("/api/projects/{project_ref}/widgets", {"GET": handler}),))  # type: ignore[dict-item]
    operation = document["paths"]["/api/projects/{project_ref}/widgets/"]["get"]
    assert operation["operationId"] == "projects_query_list"
    assert operation["parameters"][0]["name"] == "project_ref" and "403" in operation["responses"]


def test_component_schemas_are_valid_json_schema() -> None:
    for name, schema in build_document(ENDPOINTS)["components"]["schemas"].items():
        Draft202012Validator.check_schema({**schema, "$comment": name})


def test_live_bodies_match_the_document(http_client: TestClient, api_headers: dict[str, str]) -> None:
    document = build_document(ENDPOINTS)
    schema = {"$ref": "#/components/schemas/CachedHogQLQueryResponse", "components": document["components"]}
    body = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
    response = http_client.post("/api/projects/7/query/", json=body, headers=api_headers)
    assert list(Draft202012Validator(schema).iter_errors(response.json())) == []
