"""Untrusted HogQL over HTTP: every attempt to reach files, the network, settings or extensions is a 400.

Only the schema's tables and the function table's functions reach DuckDB; other statements are not HogQL.
Each attempt gets PostHog's error body, never a 500 or a traceback.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import HTTP_PROJECT_ID

URL = f"/api/projects/{HTTP_PROJECT_ID}/query/"
EXPECTING_SELECT = "expecting {SELECT, WITH, '{', '(', '<'}"

# (HogQL, error code, detail)
ESCAPES = [
    ("select * from read_csv('/etc/passwd')", "hogql_query_error", "Unknown table `read_csv`."),
    ("select * from read_parquet('/tmp/x.parquet')", "hogql_query_error", "Unknown table `read_parquet`."),
    ("select * from read_json('/tmp/x.json')", "hogql_query_error", "Unknown table `read_json`."),
    ("select * from glob('/*')", "hogql_query_error", "Unknown table `glob`."),
    ("select read_csv('/etc/passwd')", "hogql_query_error", "Unsupported function call 'read_csv(...)'"),
    ("select getenv('HOME')", "hogql_query_error", "Unsupported function call 'getenv(...)'"),
    ("select * from duckdb_settings()", "hogql_query_error", "Unknown table `duckdb_settings`."),
    ("select duckdb_extensions()", "hogql_query_error", "Unsupported function call 'duckdb_extensions(...)'"),
    ("COPY events TO '/tmp/x.csv'", "hogql_syntax_error", f"mismatched input 'COPY' {EXPECTING_SELECT}"),
    ("ATTACH '/tmp/x.db' AS x", "hogql_syntax_error", f"mismatched input 'ATTACH' {EXPECTING_SELECT}"),
    ("INSTALL httpfs", "hogql_syntax_error", f"mismatched input 'INSTALL' {EXPECTING_SELECT}"),
    ("LOAD httpfs", "hogql_syntax_error", f"mismatched input 'LOAD' {EXPECTING_SELECT}"),
    ("PRAGMA enable_profiling", "hogql_syntax_error", f"mismatched input 'PRAGMA' {EXPECTING_SELECT}"),
    ("SET enable_external_access = true", "hogql_syntax_error", f"mismatched input 'SET' {EXPECTING_SELECT}"),
    ("select 1; COPY events TO '/tmp/x.csv'", "hogql_syntax_error", "mismatched input ';' expecting <EOF>"),
]


@pytest.mark.parametrize(("query", "code", "detail"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_escape_attempts_are_400(
    http_client: TestClient, api_headers: dict[str, str], query: str, code: str, detail: str
) -> None:
    response = http_client.post(URL, json={"query": {"kind": "HogQLQuery", "query": query}}, headers=api_headers)
    assert (response.status_code, response.json()) == (
        400,
        {"type": "validation_error", "code": code, "detail": detail, "attr": None},
    )
