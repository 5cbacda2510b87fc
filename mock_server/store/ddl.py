"""The DuckDB tables behind HogQL's virtual schema (hogql.md §1).

One DuckDB database holds one project's data, so ``team_id`` is constant in it. Timestamps are naive UTC
``TIMESTAMP``; JSON columns hold compact JSON text. Group keys default to ``''`` as ClickHouse columns do.
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    "events": """
        CREATE TABLE events (
            uuid UUID NOT NULL,
            event VARCHAR NOT NULL,
            properties VARCHAR NOT NULL,
            timestamp TIMESTAMP NOT NULL,
            team_id BIGINT NOT NULL,
            distinct_id VARCHAR NOT NULL,
            elements_chain VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            "$session_id" VARCHAR,
            "$window_id" VARCHAR,
            person_id UUID NOT NULL,
            person_properties VARCHAR NOT NULL,
            person_created_at TIMESTAMP NOT NULL,
            "$group_0" VARCHAR NOT NULL DEFAULT '',
            "$group_1" VARCHAR NOT NULL DEFAULT '',
            "$group_2" VARCHAR NOT NULL DEFAULT '',
            "$group_3" VARCHAR NOT NULL DEFAULT '',
            "$group_4" VARCHAR NOT NULL DEFAULT ''
        )""",
    "persons": """
        CREATE TABLE persons (
            id UUID NOT NULL,
            team_id BIGINT NOT NULL,
            created_at TIMESTAMP NOT NULL,
            properties VARCHAR NOT NULL,
            is_identified BOOLEAN NOT NULL
        )""",
    "person_distinct_ids": """
        CREATE TABLE person_distinct_ids (
            team_id BIGINT NOT NULL,
            distinct_id VARCHAR NOT NULL,
            person_id UUID NOT NULL
        )""",
    "group_types": """
        CREATE TABLE group_types (
            group_type VARCHAR NOT NULL,
            group_type_index INTEGER NOT NULL
        )""",
    "groups": """
        CREATE TABLE groups (
            "index" INTEGER NOT NULL,
            team_id BIGINT NOT NULL,
            key VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            updated_at TIMESTAMP NOT NULL,
            properties VARCHAR NOT NULL
        )""",
}

# Sessions are derived from events after loading, as PostHog derives raw_sessions at ingestion
# (posthog/hogql/database/schema/sessions_v3.py). One row per non-empty $session_id.
SESSIONS = """
    CREATE TABLE sessions AS
    SELECT
        "$session_id" AS session_id,
        any_value(team_id) AS team_id,
        arg_min(distinct_id, timestamp) AS distinct_id,
        min(timestamp) AS start_timestamp,
        max(timestamp) AS end_timestamp,
        arg_min(json_extract_string(properties, '$."$current_url"'), timestamp)
            FILTER (WHERE json_extract_string(properties, '$."$current_url"') IS NOT NULL) AS entry_url,
        arg_max(json_extract_string(properties, '$."$current_url"'), timestamp)
            FILTER (WHERE json_extract_string(properties, '$."$current_url"') IS NOT NULL) AS exit_url,
        count(*) FILTER (WHERE event = '$pageview') AS pageview_count,
        count(*) FILTER (WHERE event = '$autocapture') AS autocapture_count,
        count(*) FILTER (WHERE event = '$screen') AS screen_count
    FROM events
    WHERE "$session_id" IS NOT NULL AND "$session_id" <> ''
    GROUP BY "$session_id"
"""
