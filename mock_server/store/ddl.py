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
            is_identified TINYINT NOT NULL
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
            "index" UTINYINT NOT NULL,
            team_id BIGINT NOT NULL,
            key VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            updated_at TIMESTAMP NOT NULL,
            properties VARCHAR NOT NULL
        )""",
}

# Sessions are derived from events after loading, as PostHog's materialized view fills raw_sessions_v3
# (posthog/models/raw_sessions/sql_v3.py) and sessions_v3.py aggregates it. One row per non-empty $session_id.
# Entry attribution prefers $pageview/$screen events: others count as a year later for "first" (and a year
# earlier for "last"), PostHog's pageview_prio_timestamp. argMin/argMax skip NULLs, as ClickHouse's do.
# Counts are uniqExact of event uuids; bounce_events is uniqUpTo(1) of pageview/screen/autocapture uuids.
SESSIONS = """
    CREATE TABLE sessions AS
    WITH e AS (
        SELECT
            *,
            json_extract_string(properties, '$."$current_url"') AS _url,
            if(event IN ('$pageview', '$screen'), timestamp, timestamp + INTERVAL 1 YEAR) AS _first,
            if(event IN ('$pageview', '$screen'), timestamp, timestamp - INTERVAL 1 YEAR) AS _last
        FROM events
        WHERE "$session_id" <> ''
    ),
    s AS (
        SELECT
            "$session_id" AS session_id,
            any_value(team_id) AS team_id,
            arg_max(distinct_id, timestamp) AS distinct_id,
            min(timestamp) AS start_timestamp,
            max(timestamp) AS end_timestamp,
            {urls} AS urls,
            arg_min(_url, _first) FILTER (WHERE _url IS NOT NULL) AS entry_url,
            arg_max(_url, _last) FILTER (WHERE _url IS NOT NULL) AS end_url,
            arg_max(json_extract_string(properties, '$."$external_click_url"'), timestamp)
                FILTER (WHERE json_extract_string(properties, '$."$external_click_url"') IS NOT NULL)
                AS last_external_click_url,
            {entry_columns},
            count(DISTINCT uuid) FILTER (WHERE event = '$pageview') AS pageview_count,
            count(DISTINCT uuid) FILTER (WHERE event = '$autocapture') AS autocapture_count,
            count(DISTINCT uuid) FILTER (WHERE event = '$screen') AS screen_count,
            least(count(DISTINCT uuid) FILTER (WHERE event IN ('$pageview', '$screen', '$autocapture')), 2)
                AS bounce_events
        FROM e
        GROUP BY "$session_id"
    )
    ,
    c AS (
        SELECT
            *,
            lower(nullif(nullif(entry_utm_campaign, ''), 'null')) AS campaign,
            lower(nullif(nullif(entry_utm_medium, ''), 'null')) AS medium,
            lower(nullif(nullif(entry_utm_source, ''), 'null')) AS source,
            nullif(nullif(entry_gad_source, ''), 'null') AS gad_source,
            entry_gclid IS NOT NULL AS has_gclid,
            entry_fbclid IS NOT NULL AS has_fbclid,
            entry_referring_domain AS referring_domain
        FROM s
    )
    SELECT
        * EXCLUDE (campaign, medium, source, gad_source, has_gclid, has_fbclid, referring_domain),
        {channel_type} AS channel_type
    FROM c
""".format(
    entry_columns=",\n            ".join(
        f"arg_min(json_extract_string(properties, '$.\"{key}\"'), _first) FILTER "
        f"(WHERE json_extract_string(properties, '$.\"{key}\"') IS NOT NULL) AS entry_{column}"
        for column, key in (
            ("referring_domain", "$referring_domain"),
            ("utm_source", "utm_source"),
            ("utm_campaign", "utm_campaign"),
            ("utm_medium", "utm_medium"),
            ("utm_term", "utm_term"),
            ("utm_content", "utm_content"),
            ("gclid", "gclid"),
            ("gad_source", "gad_source"),
            ("fbclid", "fbclid"),
        )
    ),
    channel_type="{channel_type}",
    urls="{urls}",
)

# The main branches of PostHog's default channel rules (posthog/hogql/database/schema/channel_type.py), with
# small stand-ins for its domain lookup dictionaries (hogql_lookup*SourceType / *MediumType). Arguments are the
# session's entry columns, lowered and nulled as PostHog's wrap_with_lower/wrap_with_null_if_empty do.
CHANNEL_TYPE = """
        CASE
            WHEN regexp_matches(campaign, 'cross-network') THEN 'Cross Network'
            WHEN medium IN ('cpc', 'cpm', 'cpv', 'cpa', 'ppc', 'retargeting') OR starts_with(medium, 'paid')
                OR has_gclid OR gad_source IS NOT NULL THEN coalesce(
                    {paid_source},
                    CASE WHEN regexp_matches(campaign, '^(.*(([^a-df-z]|^)shop|shopping).*)$') THEN 'Paid Shopping' END,
                    {paid_medium},
                    {paid_referrer},
                    CASE
                        WHEN gad_source = '1' THEN 'Paid Search'
                        WHEN regexp_matches(campaign, '^(.*video.*)$') THEN 'Paid Video'
                        WHEN has_fbclid THEN 'Paid Social'
                        ELSE 'Paid Unknown'
                    END)
            WHEN coalesce(referring_domain = '$direct', false) AND medium IS NULL
                AND (source IS NULL OR source IN ('(direct)', 'direct', '$direct')) AND NOT has_fbclid THEN 'Direct'
            ELSE coalesce(
                {organic_source},
                CASE WHEN regexp_matches(campaign, '^(.*(([^a-df-z]|^)shop|shopping).*)$') THEN 'Organic Shopping' END,
                {organic_medium},
                {organic_referrer},
                CASE
                    WHEN regexp_matches(campaign, '^(.*video.*)$') THEN 'Organic Video'
                    WHEN regexp_matches(medium, 'push$') THEN 'Push'
                    WHEN has_fbclid THEN 'Organic Social'
                    WHEN referring_domain = '$direct' THEN 'Direct'
                    WHEN referring_domain IS NOT NULL THEN 'Referral'
                    ELSE 'Unknown'
                END)
        END
"""

# Stand-ins for PostHog's source/medium dictionaries: a source or referring domain matching the pattern is
# the kind named (search, social, video, shopping); mediums map by exact name.
_SOURCE_KINDS = (
    ("Search", r"(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|naver)(\.|$)"),
    ("Social", r"(^|\.)(facebook|fb|instagram|twitter|t\.co|x\.com|linkedin|reddit|pinterest|tiktok)(\.|$)"),
    ("Video", r"(^|\.)(youtube|youtu\.be|vimeo|twitch)(\.|$)"),
    ("Shopping", r"(^|\.)(amazon|ebay|etsy|shopify|walmart)(\.|$)"),
)
_ORGANIC_MEDIUMS = {
    "social": "Organic Social", "social-network": "Organic Social", "social-media": "Organic Social",
    "sm": "Organic Social", "social network": "Organic Social", "social media": "Organic Social",
    "organic": "Organic Search", "video": "Organic Video", "referral": "Referral", "app": "Referral",
    "link": "Referral", "email": "Email", "e-mail": "Email", "e_mail": "Email", "e mail": "Email",
    "affiliate": "Affiliate", "audio": "Audio", "sms": "SMS", "push": "Push", "mobile": "Push",
    "notification": "Push",
}  # fmt: skip
_PAID_MEDIUMS = {"display": "Paid Display", "banner": "Paid Display", "cpm": "Paid Display"}


def _source_case(value: str, prefix: str) -> str:
    whens = " ".join(
        f"WHEN regexp_matches({value}, '{pattern}') THEN '{prefix} {kind}'" for kind, pattern in _SOURCE_KINDS
    )
    return f"CASE {whens} END"


def _medium_case(mediums: dict[str, str]) -> str:
    return "CASE " + " ".join(f"WHEN medium = '{name}' THEN '{kind}'" for name, kind in mediums.items()) + " END"


CHANNEL_TYPE = CHANNEL_TYPE.format(
    paid_source=_source_case("source", "Paid"),
    paid_medium=_medium_case(_PAID_MEDIUMS),
    paid_referrer=_source_case("referring_domain", "Paid"),
    organic_source=_source_case("source", "Organic"),
    organic_medium=_medium_case(_ORGANIC_MEDIUMS),
    organic_referrer=_source_case("referring_domain", "Organic"),
)


def _in_order_distinct(values: str) -> str:
    """The distinct values of the list ``values`` in order of first appearance, ``[]`` when there are none:
    the order ClickHouse's arrayDistinct keeps (``list_distinct`` does not keep one)."""
    return f"coalesce(list_filter({values}, lambda x, i: list_position({values}, x) = i), []::VARCHAR[])"


SESSIONS = SESSIONS.replace("{channel_type}", CHANNEL_TYPE).replace(
    "{urls}",
    _in_order_distinct(
        "list(_url ORDER BY timestamp) FILTER (WHERE _url IS NOT NULL AND event IN ('$pageview', '$screen'))"
    ),
)


# Session replay metadata, one row per session, when the data directory gives none (session_replay_events.jsonl):
# PostHog's recorder would have sent it; we estimate it from the session's events. first_url/all_urls are the
# session's $current_url values; clicks are $autocapture events with $event_type 'click' (or none given);
# keypresses are $autocapture 'change' events; mouse activity = clicks; active time sums the gaps between
# consecutive events, each capped at 5 minutes (a recording's inactivity cut-off); console counts are 0; size
# is the events' properties in bytes; event_count = message_count = events; snapshot_source is 'mobile' when
# the session has $screen events, else 'web'.
REPLAYS = """
    CREATE TABLE session_replay_events AS
    WITH e AS (
        SELECT *,
            json_extract_string(properties, '$."$current_url"') AS _url,
            json_extract_string(properties, '$."$event_type"') AS _type,
            date_diff('millisecond', lag(timestamp) OVER (PARTITION BY "$session_id" ORDER BY timestamp), timestamp)
                AS _gap
        FROM events
        WHERE "$session_id" <> ''
    )
    SELECT
        "$session_id" AS session_id,
        arg_min(distinct_id, timestamp) AS distinct_id,
        min(timestamp) AS min_first_timestamp,
        max(timestamp) AS max_last_timestamp,
        arg_min(_url, timestamp) FILTER (WHERE _url IS NOT NULL) AS first_url,
        {all_urls} AS all_urls,
        count(*) FILTER (WHERE event = '$autocapture' AND coalesce(_type, 'click') = 'click') AS click_count,
        count(*) FILTER (WHERE event = '$autocapture' AND _type = 'change') AS keypress_count,
        count(*) FILTER (WHERE event = '$autocapture' AND coalesce(_type, 'click') = 'click') AS mouse_activity_count,
        sum(least(coalesce(_gap, 0), 300000))::BIGINT AS active_milliseconds,
        0::BIGINT AS console_log_count,
        0::BIGINT AS console_warn_count,
        0::BIGINT AS console_error_count,
        sum(strlen(properties))::BIGINT AS size,
        count(*) AS event_count,
        count(*) AS message_count,
        if(bool_or(event = '$screen'), 'mobile', 'web') AS snapshot_source
    FROM e
    GROUP BY "$session_id"
""".replace("{all_urls}", _in_order_distinct("list(_url ORDER BY timestamp) FILTER (WHERE _url IS NOT NULL)"))

REPLAY_TABLE = """
    CREATE TABLE session_replay_events (
        session_id VARCHAR NOT NULL,
        distinct_id VARCHAR NOT NULL,
        min_first_timestamp TIMESTAMP NOT NULL,
        max_last_timestamp TIMESTAMP NOT NULL,
        first_url VARCHAR,
        all_urls VARCHAR[] NOT NULL,
        click_count BIGINT NOT NULL,
        keypress_count BIGINT NOT NULL,
        mouse_activity_count BIGINT NOT NULL,
        active_milliseconds BIGINT NOT NULL,
        console_log_count BIGINT NOT NULL,
        console_warn_count BIGINT NOT NULL,
        console_error_count BIGINT NOT NULL,
        size BIGINT NOT NULL,
        event_count BIGINT NOT NULL,
        message_count BIGINT NOT NULL,
        snapshot_source VARCHAR
    )"""
