"""HogQLQuery's inputs beyond the query text reach the translator over HTTP: ``values``, ``filters``, ``variables``.

The dataset (tests/conftest.py) has 150 pageviews, one a minute from 2026-11-19T12:00Z, alternating Chrome (even
``n``) and Firefox (odd ``n``).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import HTTP_PROJECT_ID

URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"

# (HogQLQuery node fields, expected results)
CASES: list[tuple[dict[str, Any], list[list[Any]]]] = [
    ({"query": "select {n} + 1", "values": {"n": 41}}, [[42]]),
    ({"query": "select count() from events where {filters}"}, [[150]]),
    (
        {
            "query": "select count() from events where {filters}",
            "filters": {"properties": [{"type": "event", "key": "$browser", "value": "Chrome", "operator": "exact"}]},
        },
        [[75]],
    ),
    (
        {
            "query": "select count() from events where {filters}",
            "filters": {"dateRange": {"date_from": "2026-11-19T14:00:00Z"}},
        },
        [[30]],
    ),
    (
        {"query": "select count() from events where {filters}", "filters": {"dateRange": {"date_from": "-1h"}}},
        [[0]],
    ),
    (
        {
            "query": "select count() from events where toFloat(properties.n) < {variables.max_n}",
            "variables": {"v1": {"variableId": "v1", "code_name": "max_n", "value": 10}},
        },
        [[10]],
    ),
]


@pytest.mark.parametrize(("node", "results"), CASES, ids=[str(c[0]) for c in CASES])
def test_inputs_reach_the_translator(
    http_client: TestClient, api_headers: dict[str, str], node: dict[str, Any], results: list[list[Any]]
) -> None:
    response = http_client.post(URL, json={"query": {"kind": "HogQLQuery", **node}}, headers=api_headers)
    assert (response.status_code, response.json()["results"]) == (200, results)


def test_a_missing_placeholder_is_a_validation_error(http_client: TestClient, api_headers: dict[str, str]) -> None:
    body = {"query": {"kind": "HogQLQuery", "query": "select {nope}", "values": {"n": 1}}}
    response = http_client.post(URL, json=body, headers=api_headers)
    assert (response.status_code, response.json()) == (
        400,
        {
            "type": "validation_error",
            "code": "invalid_input",
            "detail": "Global variable not found: nope",
            "attr": None,
        },
    )
