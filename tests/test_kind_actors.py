"""ActorsQuery over the bundled dataset's persons: columns, actors, search, filters, ordering, sources, exact."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.test_kind_events import assert_schema, bundled, run

__all__ = ["bundled"]  # the module-scoped client fixture

SVEN = {
    "id": "0112936b-dd35-47f8-9406-d2e689ed95b8",
    "properties": {"email": "sven.kowalski96@fastmail.com", "name": "Sven Kowalski", "plan": "free"},
    "is_identified": True,
    "created_at": "2026-10-26T10:25:26.806000Z",
    "distinct_ids": ["01a15e55-2200-764d-9eb0-ede328ec482d", "user-0148"],
}


def actors(client: TestClient, **node: Any) -> Any:
    body = run(client, {"kind": "ActorsQuery", **node})
    assert_schema(body, "CachedActorsQueryResponse")
    return body


def test_default_columns_are_person_id_and_delete(bundled: TestClient) -> None:
    body = actors(bundled, limit=1)
    assert body["columns"] == ["person", "id", "person.$delete"]
    assert body["types"] == ["UUID", "UUID", "UInt8"]
    assert body["results"] == [[SVEN, SVEN["id"], 1]]
    assert (body["hasMore"], body["limit"], body["offset"], body["missing_actors_count"]) == (True, 1, 0, 0)
    assert body["hogql"] == "SELECT id, id, 1 FROM persons ORDER BY id ASC LIMIT 2 OFFSET 0"
    assert isinstance(body["timings"], list)  # a plain QueryRunner: timings whatever the modifiers say


def test_response_keys_are_the_cached_actors_response(bundled: TestClient) -> None:
    assert list(actors(bundled, select=["id"], limit=1)) == [
        "cache_key", "cache_target_age", "calculation_trigger", "columns", "error", "hasMore", "hogql", "is_cached",
        "last_refresh", "limit", "missing_actors_count", "modifiers", "next_allowed_client_refresh", "offset",
        "query_metadata", "query_status", "resolved_date_range", "results", "timezone", "timings", "types",
    ]  # fmt: skip


def test_offset_pages_through_persons(bundled: TestClient) -> None:
    body = actors(bundled, select=["id"], limit=2, offset=1)
    assert body["results"] == [["01f1ce57-d7f8-489a-a371-5c64e9a34fa8"], ["02131e45-47a6-49f1-bcda-afd8105d786f"]]
    assert (body["hasMore"], body["limit"], body["offset"]) == (True, 2, 1)


def test_search_matches_name_email_id_or_distinct_id(bundled: TestClient) -> None:
    body = actors(bundled, select=["properties.email", "created_at"], search="garcia", limit=3)
    assert body["types"] == ["Nullable(String)", "DateTime64(3, 'UTC')"]
    assert body["results"] == [
        ["quinn.garcia44@proton.me", "2026-10-31T16:20:11.814000Z"],
        ["josé.garcia16@posthog.com", "2026-10-23T14:22:44.861000Z"],
        ["tariq.garcia10@acme.example", "2026-07-16T22:31:43Z"],
    ]
    assert body["hasMore"] is True
    assert actors(bundled, select=["properties.name"], search="user-0002")["results"] == [["José Garcia"]]


def test_person_property_filters_and_order_by_person(bundled: TestClient) -> None:
    pro = {"key": "plan", "value": "pro", "operator": "exact", "type": "person"}
    body = actors(bundled, select=["properties.email"], properties=[pro], orderBy=["person"], limit=3)
    assert body["results"] == [
        ["alice.moreau98@gmail.com"],
        ["alice.novak60@globex.example"],
        ["alice.petrov73@globex.example"],
    ]
    assert "WHERE equals(properties.plan, 'pro') ORDER BY properties.email ASC" in body["hogql"]
    fixed = actors(bundled, select=["count()"], fixedProperties=[pro])
    assert fixed["results"] == [[66]]


def test_aggregation_groups_by_the_other_columns(bundled: TestClient) -> None:
    body = actors(bundled, select=["properties.plan", "count()"])
    assert body["results"] == [["free", 72], ["pro", 66], [None, 45], ["enterprise", 42]]
    assert body["missing_actors_count"] is None


def test_hogql_source_joins_on_its_id_column(bundled: TestClient) -> None:
    source = {"kind": "HogQLQuery", "query": "select person_id from events where event = 'purchase'"}
    body = actors(bundled, select=["person", "count()"], source=source, orderBy=["count() DESC", "id"], limit=2)
    assert [(row[0]["distinct_ids"], row[1]) for row in body["results"]] == [
        (["01a15e55-2200-72b5-b5d4-49c91ffffb92", "user-0136"], 4),
        (["user-0144"], 2),
    ]
    assert (
        "FROM (SELECT person_id FROM events WHERE equals(event, 'purchase')) AS source INNER JOIN persons"
        in (body["hogql"])
    )


def test_source_alias_actor_id_wins(bundled: TestClient) -> None:
    query = "select distinct person_id as actor_id from events where event = 'signed_up'"
    body = actors(bundled, select=["id"], source={"kind": "HogQLQuery", "query": query})
    distinct = run(bundled, {"kind": "HogQLQuery", "query": "select count(distinct person_id) from events "
                             "where event = 'signed_up'"})  # fmt: skip
    assert len(body["results"]) == distinct["results"][0][0] == 48


def test_a_source_without_an_id_column_is_a_server_error(bundled: TestClient) -> None:
    source = {"kind": "HogQLQuery", "query": "select event from events"}
    body = run(bundled, {"kind": "ActorsQuery", "select": ["id"], "source": source}, status=500)
    assert body == {"type": "server_error", "code": "error", "detail": "A server error occurred.", "attr": None}


def test_other_source_kinds_are_not_implemented(bundled: TestClient) -> None:
    source = {"kind": "InsightActorsQuery", "source": {"kind": "TrendsQuery", "series": []}}
    body = run(bundled, {"kind": "ActorsQuery", "source": source}, status=400)
    assert body["detail"] == "hogmock does not implement ActorsQuery sources of kind InsightActorsQuery yet."
