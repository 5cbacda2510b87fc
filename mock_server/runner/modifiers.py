"""The HogQL modifiers a query runs with, as a response's ``modifiers`` shows them.

PostHog fills the query's own modifiers with the team defaults (``posthog/hogql/modifiers.py``
``create_default_modifiers_for_team`` → ``apply_modifier_defaults``): a modifier the query sets wins, an unset one
gets the default. The response dumps the pydantic model without ``exclude_none``, so every modifier of the schema
is present, ``null`` when neither the query nor a default sets it.
"""

from __future__ import annotations

from typing import Any

# HogQLQueryModifiers' properties, in schema order (frontend/src/queries/schema.json at ../shared/upstream).
MODIFIER_KEYS: tuple[str, ...] = (
    "bounceRateDurationSeconds", "bounceRatePageViewMode", "convertToProjectTimezone", "customChannelTypeRules",
    "dataWarehouseEventsModifiers", "debug", "forceClickhouseDataSkippingIndexes", "formatCsvAllowDoubleQuotes",
    "inCohortVia", "inlineCohortCalculation", "materializationMode", "materializedColumnsOptimizationMode",
    "optimizeJoinedFilters", "optimizeProjections", "personsArgMaxVersion", "personsJoinMode",
    "personsOnEventsMode", "propertyGroupsMode", "s3TableUseInvalidColumns", "sessionTableVersion",
    "sessionsV2JoinMode", "timings", "useMaterializedViews", "usePreaggregatedIntermediateResults",
    "usePreaggregatedTableTransforms", "useWebAnalyticsPreAggregatedTables",
)  # fmt: skip

# apply_modifier_defaults on PostHog Cloud (is_cloud() → propertyGroupsMode "optimized"). personsOnEventsMode
# is the team's flag-based default, "person_id_override_properties_joined" with no flag on
# (``Team.person_on_events_mode_flag_based_default``); it is also how hogmock resolves ``person.*`` (a join to
# persons). A query's materializationMode "auto" also becomes "legacy_null_as_null".
TEAM_DEFAULTS: dict[str, Any] = {
    "bounceRatePageViewMode": "count_pageviews",
    "convertToProjectTimezone": True,
    "inCohortVia": "auto",
    "inlineCohortCalculation": "auto",
    "materializationMode": "legacy_null_as_null",
    "optimizeJoinedFilters": False,
    "optimizeProjections": True,
    "personsArgMaxVersion": "auto",
    "personsOnEventsMode": "person_id_override_properties_joined",
    "propertyGroupsMode": "optimized",
    "sessionTableVersion": "auto",
    "sessionsV2JoinMode": "uuid",
    "useMaterializedViews": True,
}


def resolve_modifiers(query_modifiers: dict[str, Any] | None) -> dict[str, Any]:
    """Every modifier key: the query's value, else the team default, else ``None``."""
    given = {key: value for key, value in (query_modifiers or {}).items() if value is not None}
    if given.get("materializationMode") == "auto":
        del given["materializationMode"]
    return {key: given.get(key, TEAM_DEFAULTS.get(key)) for key in MODIFIER_KEYS}
