"""Authentication and project permission: PostHog's key sources, their failure bodies, and the 401 switch."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.backend import Backend
from mock_server.config import DEFAULT_API_KEY, DEFAULT_PROJECT_API_TOKEN, Settings
from tests.conftest import HTTP_PROJECT_ID

QUERY_URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
SELECT_1 = {"query": {"kind": "HogQLQuery", "query": "select 1"}}
NOT_AUTHENTICATED = {
    "type": "authentication_error",
    "code": "not_authenticated",
    "detail": "Authentication credentials were not provided.",
    "attr": None,
}


def key_invalid(source: str) -> dict[str, object]:
    return {
        "type": "authentication_error",
        "code": "authentication_failed",
        "detail": f"Personal API key found in request {source} is invalid.",
        "attr": None,
    }


def test_no_credentials(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, json=SELECT_1)
    assert response.status_code == 403
    assert response.json() == NOT_AUTHENTICATED


@pytest.mark.parametrize("key", ["phx_unknown", DEFAULT_PROJECT_API_TOKEN, "phs_secret", "x" * 64])
def test_unknown_key_in_header(http_client: TestClient, key: str) -> None:
    response = http_client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403
    assert response.json() == key_invalid("Authorization header")


def test_unknown_key_in_body(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, json={**SELECT_1, "personal_api_key": "phx_unknown"})
    assert response.status_code == 403
    assert response.json() == key_invalid("body")


def test_non_string_key_in_body(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, json={**SELECT_1, "personal_api_key": 12345})
    assert response.status_code == 403
    assert response.json() == key_invalid("body")


def test_unknown_key_in_query_string(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, params={"personal_api_key": "phx_unknown"}, json=SELECT_1)
    assert response.status_code == 403
    assert response.json() == key_invalid("query string")


def test_oauth_token_is_not_a_personal_key(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": "Bearer pha_whatever"})
    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "authentication_failed",
        "detail": "Invalid access token.",
        "attr": None,
    }


@pytest.mark.parametrize(
    "header",
    [f"Bearer {DEFAULT_API_KEY}", f"Bearer   {DEFAULT_API_KEY}  ", f"Bearer\t{DEFAULT_API_KEY}"],
)
def test_valid_key_in_header(http_client: TestClient, header: str) -> None:
    assert http_client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": header}).status_code == 200


@pytest.mark.parametrize("name", ["authorization", "AUTHORIZATION", "Authorization"])
def test_header_name_is_case_insensitive(http_client: TestClient, name: str) -> None:
    response = http_client.post(QUERY_URL, json=SELECT_1, headers={name: f"Bearer {DEFAULT_API_KEY}"})
    assert response.status_code == 200


def test_valid_key_in_body(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, json={**SELECT_1, "personal_api_key": DEFAULT_API_KEY})
    # PostHog reads the key from the body, then QueryRequest forbids the extra key.
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert "personal_api_key\n  Extra inputs are not permitted" in response.json()["detail"]


def test_valid_key_in_query_string(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, params={"personal_api_key": DEFAULT_API_KEY}, json=SELECT_1)
    assert response.status_code == 200


def test_only_the_first_candidate_is_tried(http_client: TestClient) -> None:
    response = http_client.post(
        QUERY_URL,
        params={"personal_api_key": DEFAULT_API_KEY},
        json=SELECT_1,
        headers={"Authorization": "Bearer phx_unknown"},
    )
    assert response.json() == key_invalid("Authorization header")
    response = http_client.post(
        QUERY_URL, params={"personal_api_key": DEFAULT_API_KEY}, json={**SELECT_1, "personal_api_key": "phx_no"}
    )
    assert response.json() == key_invalid("body")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer x", "Token phx_abc"])
def test_header_that_is_not_a_bearer_key_is_skipped(http_client: TestClient, header: str) -> None:
    response = http_client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": header})
    assert response.json() == NOT_AUTHENTICATED
    response = http_client.post(
        QUERY_URL, params={"personal_api_key": DEFAULT_API_KEY}, json=SELECT_1, headers={"Authorization": header}
    )
    assert response.status_code == 200


def test_malformed_json_without_header_key_fails_while_looking_for_a_body_key(http_client: TestClient) -> None:
    # DRF parses request.data lazily, inside PersonalAPIKeyAuthentication, so the ParseError surfaces there.
    response = http_client.post(QUERY_URL, content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_malformed_json_with_a_bad_header_key_is_an_auth_failure(http_client: TestClient) -> None:
    response = http_client.post(
        QUERY_URL, content=b"{", headers={"Content-Type": "application/json", "Authorization": "Bearer phx_no"}
    )
    assert response.status_code == 403
    assert response.json() == key_invalid("Authorization header")


@pytest.fixture
def client_401(http_settings: Settings) -> TestClient:
    http_settings.auth_failure_status = 401
    return TestClient(create_app(Backend(http_settings)))


def test_401_switch_for_missing_credentials(client_401: TestClient) -> None:
    response = client_401.post(QUERY_URL, json=SELECT_1)
    assert response.status_code == 401
    assert response.json() == NOT_AUTHENTICATED
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("kwargs", "source"),
    [
        ({"headers": {"Authorization": "Bearer phx_no"}}, "Authorization header"),
        ({"json": {**SELECT_1, "personal_api_key": "phx_no"}}, "body"),
        ({"params": {"personal_api_key": "phx_no"}}, "query string"),
    ],
)
def test_401_switch_for_each_key_source(client_401: TestClient, kwargs: dict[str, object], source: str) -> None:
    response = client_401.post(QUERY_URL, **{"json": SELECT_1, **kwargs})
    assert response.status_code == 401
    assert response.json() == key_invalid(source)


def test_project_the_key_may_not_use(http_backend: Backend, http_client: TestClient) -> None:
    http_backend.grant(DEFAULT_API_KEY, [])
    headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
    response = http_client.post(QUERY_URL, json=SELECT_1, headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "type": "authentication_error",
        "code": "permission_denied",
        "detail": "You don't have access to the project.",
        "attr": None,
    }
    assert http_client.get("/api/projects/", headers=headers).json()["count"] == 0


def test_permission_denied_stays_403_with_the_401_switch(http_settings: Settings) -> None:
    http_settings.auth_failure_status = 401
    backend = Backend(http_settings)
    backend.grant(DEFAULT_API_KEY, [])
    client = TestClient(create_app(backend))
    response = client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"})
    assert response.status_code == 403


def test_every_configured_key_is_accepted(http_settings: Settings) -> None:
    http_settings.api_keys = ["phx_one", "phx_two"]
    client = TestClient(create_app(Backend(http_settings)))
    for key in ("phx_one", "phx_two"):
        response = client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200
    response = client.post(QUERY_URL, json=SELECT_1, headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"})
    assert response.status_code == 403


def test_projects_list_needs_credentials(http_client: TestClient) -> None:
    response = http_client.get("/api/projects/")
    assert response.status_code == 403
    assert response.json() == NOT_AUTHENTICATED


def test_reset_forgets_grants(http_backend: Backend, http_client: TestClient) -> None:
    http_backend.grant(DEFAULT_API_KEY, [])
    http_backend.reset()
    response = http_client.post(
        QUERY_URL,
        content=json.dumps(SELECT_1),
        headers={"Authorization": f"Bearer {DEFAULT_API_KEY}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200


def test_key_in_a_form_body(http_client: TestClient) -> None:
    response = http_client.post(QUERY_URL, data={"personal_api_key": "phx_unknown"})
    assert response.status_code == 403
    assert response.json() == key_invalid("body")
