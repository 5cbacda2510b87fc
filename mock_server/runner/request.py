"""The create-query body (``QueryRequest``), validated as PostHog's pydantic models validate it.

The models are ``posthog/schema.py``, generated from ``frontend/src/queries/schema.json``; the tables here
follow that schema at the commit kept in ``../shared/upstream`` (fields in its ASCII order, ``extra="forbid"``).
``query`` is a union tagged by ``kind``; nodes of kinds other than HogQLQuery are checked only for their
``kind`` (hogmock does not run them). A failure is ``ParseError("JSON parse error - <pydantic's text>")``
(``posthog/api/mixins.py`` ``PydanticModelMixin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mock_server.errors import ParseError
from mock_server.runner.validation import (
    AnyOf,
    Choice,
    DictOf,
    Errors,
    Group,
    ListOf,
    Model,
    Shape,
    TaggedUnion,
    Validator,
    anything,
    boolean,
    integer,
    number,
    pydantic_text,
    text,
)

# frontend/src/queries/schema.json at the commit of ../shared/upstream: QuerySchema's members, in union order.
QUERY_KINDS: tuple[str, ...] = (
    "EventsNode", "ActionsNode", "PersonsNode", "DataWarehouseNode", "EventsQuery", "SessionsQuery",
    "ActorsQuery", "GroupsQuery", "InsightActorsQuery", "InsightActorsQueryOptions", "SessionsTimelineQuery",
    "HogQuery", "HogQLQuery", "HogQLMetadata", "HogQLAutocomplete", "SessionAttributionExplorerQuery",
    "RevenueExampleEventsQuery", "RevenueExampleDataWarehouseTablesQuery", "ErrorTrackingQuery",
    "ErrorTrackingSimilarIssuesQuery", "ErrorTrackingBreakdownsQuery", "ErrorTrackingIssueCorrelationQuery",
    "ExperimentFunnelsQuery", "ExperimentTrendsQuery", "ExperimentQuery", "ExperimentExposureQuery",
    "DocumentSimilarityQuery", "WebOverviewQuery", "WebStatsTableQuery", "WebExternalClicksTableQuery",
    "WebGoalsQuery", "WebVitalsQuery", "WebVitalsPathBreakdownQuery", "WebPageURLSearchQuery",
    "WebAnalyticsExternalSummaryQuery", "RevenueAnalyticsGrossRevenueQuery", "RevenueAnalyticsMetricsQuery",
    "RevenueAnalyticsMRRQuery", "RevenueAnalyticsOverviewQuery", "RevenueAnalyticsTopCustomersQuery",
    "MarketingAnalyticsTableQuery", "MarketingAnalyticsAggregatedQuery", "NonIntegratedConversionsTableQuery",
    "DataVisualizationNode", "DataTableNode", "SavedInsightNode", "InsightVizNode", "TrendsQuery",
    "FunnelsQuery", "RetentionQuery", "PathsQuery", "StickinessQuery", "LifecycleQuery",
    "FunnelCorrelationQuery", "DatabaseSchemaQuery", "LogsQuery", "LogAttributesQuery", "LogValuesQuery",
    "SuggestedQuestionsQuery", "TeamTaxonomyQuery", "EventTaxonomyQuery", "ActorsPropertyTaxonomyQuery",
    "TracesQuery", "TraceQuery", "TraceNeighborsQuery", "VectorSearchQuery", "UsageMetricsQuery",
    "EndpointsUsageOverviewQuery", "EndpointsUsageTableQuery", "EndpointsUsageTrendsQuery",
    "PropertyValuesQuery",
)  # fmt: skip

REFRESH_TYPES = (
    "async", "async_except_on_cache_miss", "blocking", "force_async", "force_blocking", "force_cache",
    "lazy_async",
)  # fmt: skip

HOGQL_QUERY_MODIFIERS = Model(
    "HogQLQueryModifiers",
    {
        "bounceRateDurationSeconds": number,
        "bounceRatePageViewMode": Choice(("count_pageviews", "uniq_urls", "uniq_page_screen_autocaptures")),
        "convertToProjectTimezone": boolean,
        "customChannelTypeRules": ListOf(),
        "dataWarehouseEventsModifiers": ListOf(),
        "debug": boolean,
        "forceClickhouseDataSkippingIndexes": ListOf(text),
        "formatCsvAllowDoubleQuotes": boolean,
        "inCohortVia": Choice(("auto", "leftjoin", "subquery", "leftjoin_conjoined")),
        "inlineCohortCalculation": Choice(("off", "auto", "always")),
        "materializationMode": Choice(("auto", "legacy_null_as_string", "legacy_null_as_null", "disabled")),
        "materializedColumnsOptimizationMode": Choice(("disabled", "optimized")),
        "optimizeJoinedFilters": boolean,
        "optimizeProjections": boolean,
        "personsArgMaxVersion": Choice(("auto", "v1", "v2")),
        "personsJoinMode": Choice(("inner", "left")),
        "personsOnEventsMode": Choice(
            (
                "disabled",
                "person_id_no_override_properties_on_events",
                "person_id_override_properties_on_events",
                "person_id_override_properties_joined",
            )
        ),
        "propertyGroupsMode": Choice(("enabled", "disabled", "optimized")),
        "s3TableUseInvalidColumns": boolean,
        "sessionTableVersion": Choice(("auto", "v1", "v2", "v3")),
        "sessionsV2JoinMode": Choice(("string", "uuid")),
        "timings": boolean,
        "useMaterializedViews": boolean,
        "usePreaggregatedIntermediateResults": boolean,
        "usePreaggregatedTableTransforms": boolean,
        "useWebAnalyticsPreAggregatedTables": boolean,
    },
)

# Property filters (schema.json AnyPropertyFilter, AnyPersonScopeFilter, PropertyGroupFilter[Value]): each filter
# is checked only for being an object (not a group); groups are checked for their shape, however deep.
PROPERTY_FILTER_MODELS = (
    "EventPropertyFilter", "PersonPropertyFilter", "ElementPropertyFilter", "EventMetadataPropertyFilter",
    "SessionPropertyFilter", "CohortPropertyFilter", "RecordingPropertyFilter", "LogEntryPropertyFilter",
    "GroupPropertyFilter", "FeaturePropertyFilter", "FlagPropertyFilter", "HogQLPropertyFilter",
    "EmptyPropertyFilter", "DataWarehousePropertyFilter", "DataWarehousePersonPropertyFilter",
    "ErrorTrackingIssueFilter", "LogPropertyFilter", "RevenueAnalyticsPropertyFilter",
)  # fmt: skip
PERSON_SCOPE_FILTER_MODELS = ("PersonPropertyFilter", "CohortPropertyFilter", "HogQLPropertyFilter",
                              "EmptyPropertyFilter")  # fmt: skip


def _filters(names: tuple[str, ...]) -> AnyOf:
    # "values" belongs to groups: a filter carrying it fails as extra="forbid" makes it fail.
    return AnyOf(tuple((name, Shape(name, frozenset({"values"}))) for name in names))


def _list_of(union: AnyOf) -> tuple[str, Validator]:
    """A union member ``list[union[…]]``, labelled as pydantic labels it."""
    return f"list[{union.label}]", ListOf(union)


ANY_PROPERTY_FILTER = _filters(PROPERTY_FILTER_MODELS)
FILTER_OPERATOR = Choice(("AND", "OR"))
PROPERTY_GROUP_FILTER_VALUE = Group("PropertyGroupFilterValue", FILTER_OPERATOR, ANY_PROPERTY_FILTER)
PROPERTY_GROUP_FILTER = Model(
    "PropertyGroupFilter",
    {"type": FILTER_OPERATOR, "values": ListOf(PROPERTY_GROUP_FILTER_VALUE)},
    frozenset({"type", "values"}),
)
PROPERTY_FILTERS = ListOf(ANY_PROPERTY_FILTER)
# AnyFilterLike: a filter or a group of either kind (EventsQuery.fixedProperties).
FILTER_LIKE = AnyOf(
    (*ANY_PROPERTY_FILTER.members, ("PropertyGroupFilter", PROPERTY_GROUP_FILTER),
     ("PropertyGroupFilterValue", PROPERTY_GROUP_FILTER_VALUE))
)  # fmt: skip
INSIGHT_PROPERTIES = AnyOf((_list_of(ANY_PROPERTY_FILTER), ("PropertyGroupFilter", PROPERTY_GROUP_FILTER)))
ACTORS_PROPERTIES = AnyOf(
    (_list_of(_filters(PERSON_SCOPE_FILTER_MODELS)), ("PropertyGroupFilterValue", PROPERTY_GROUP_FILTER_VALUE))
)
# A series entity (EventsNode, ActionsNode, DataWarehouseNode): only its filters are checked, so the runners can
# read them; the other fields pass as given. [UNCONFIRMED] pydantic would also report the other union members.
SERIES_NODE = Model(
    "EntityNode", {"fixedProperties": PROPERTY_FILTERS, "properties": PROPERTY_FILTERS}, forbid_extra=False
)

DATE_RANGE = Model("DateRange", {"date_from": text, "date_to": text, "explicitDate": boolean})
HOGQL_FILTERS = Model(
    "HogQLFilters", {"dateRange": DATE_RANGE, "filterTestAccounts": boolean, "properties": PROPERTY_FILTERS}
)
QUERY_LOG_TAGS = Model("QueryLogTags", {"name": text, "productKey": text, "scene": text})
HOGQL_VARIABLE = Model(
    "HogQLVariable",
    {"code_name": text, "isNull": boolean, "value": anything, "variableId": text},
    frozenset({"code_name", "variableId"}),
)

HOGQL_QUERY = Model(
    "HogQLQuery",
    {
        "explain": boolean,
        "filters": HOGQL_FILTERS,
        "kind": anything,  # checked by the union's tag
        "modifiers": HOGQL_QUERY_MODIFIERS,
        "name": text,
        "query": text,
        "response": DictOf(),
        "tags": QUERY_LOG_TAGS,
        "values": DictOf(),
        "variables": DictOf(HOGQL_VARIABLE),
        "version": number,
    },
    frozenset({"query"}),
)

# EventsQuery, ActorsQuery, HogQLMetadata and DatabaseSchemaQuery (runner/events_query.py, actors_query.py,
# metadata.py, database_schema.py). Property filters and nested source nodes are checked only for their shape.
_HOGQL_EXPRESSIONS = ListOf(text)
EVENTS_QUERY = Model(
    "EventsQuery",
    {
        "actionId": integer, "after": text, "before": text, "event": text, "events": ListOf(text),
        "filterTestAccounts": boolean, "fixedProperties": ListOf(FILTER_LIKE), "kind": anything, "limit": integer,
        "modifiers": HOGQL_QUERY_MODIFIERS, "offset": integer, "orderBy": ListOf(text), "personId": text,
        "properties": PROPERTY_FILTERS, "response": DictOf(), "select": _HOGQL_EXPRESSIONS, "source": DictOf(),
        "tags": QUERY_LOG_TAGS, "version": number, "where": _HOGQL_EXPRESSIONS,
    },
    frozenset({"select"}),
)  # fmt: skip
ACTORS_QUERY = Model(
    "ActorsQuery",
    {
        "fixedProperties": ListOf(FILTER_LIKE), "kind": anything, "limit": integer,
        "modifiers": HOGQL_QUERY_MODIFIERS, "offset": integer, "orderBy": ListOf(text), "properties": ACTORS_PROPERTIES,
        "response": DictOf(),
        "search": text, "select": _HOGQL_EXPRESSIONS, "source": DictOf(), "tags": QUERY_LOG_TAGS, "version": number,
    },
)  # fmt: skip
HOG_LANGUAGES = ("hog", "hogJson", "hogQL", "hogQLExpr", "hogTemplate", "liquid")
HOGQL_METADATA = Model(
    "HogQLMetadata",
    {
        "debug": boolean, "filters": HOGQL_FILTERS, "globals": DictOf(), "kind": anything,
        "language": Choice(HOG_LANGUAGES), "modifiers": HOGQL_QUERY_MODIFIERS, "query": text, "response": DictOf(),
        "sourceQuery": DictOf(), "tags": QUERY_LOG_TAGS, "variables": DictOf(HOGQL_VARIABLE), "version": number,
    },
    frozenset({"language", "query"}),
)  # fmt: skip
DATABASE_SCHEMA_QUERY = Model(
    "DatabaseSchemaQuery",
    {"kind": anything, "modifiers": HOGQL_QUERY_MODIFIERS, "response": DictOf(), "tags": QUERY_LOG_TAGS,
     "version": number},
)  # fmt: skip
# TrendsQuery and FunnelsQuery (schema.json): enums checked, the rest of their nested filters taken as given.
INTERVALS = Choice(("second", "minute", "hour", "day", "week", "month"))
BREAKDOWN_FILTER = Model(
    "BreakdownFilter",
    {"breakdown": anything, "breakdown_group_type_index": integer, "breakdown_hide_other_aggregation": boolean,
     "breakdown_histogram_bin_count": integer, "breakdown_limit": integer, "breakdown_normalize_url": boolean,
     "breakdown_path_cleaning": boolean,
     "breakdown_type": Choice(("cohort", "person", "event", "event_metadata", "group", "session", "hogql",
                               "data_warehouse", "data_warehouse_person_property", "revenue_analytics")),
     "breakdowns": ListOf()},
)  # fmt: skip
COMPARE_FILTER = Model("CompareFilter", {"compare": boolean, "compare_to": text})
FUNNELS_FILTER = Model(
    "FunnelsFilter",
    {"binCount": integer, "breakdownAttributionType": Choice(("first_touch", "last_touch", "all_events", "step")),
     "breakdownAttributionValue": integer, "breakdownSorting": text, "exclusions": ListOf(),
     "funnelAggregateByHogQL": anything, "funnelFromStep": integer,
     "funnelOrderType": Choice(("strict", "unordered", "ordered")), "funnelStepReference": anything,
     "funnelToStep": integer, "funnelVizType": Choice(("steps", "time_to_convert", "trends", "flow")),
     "funnelWindowInterval": integer,
     "funnelWindowIntervalUnit": Choice(("second", "minute", "hour", "day", "week", "month")),
     "goalLines": ListOf(), "hiddenLegendBreakdowns": ListOf(), "layout": anything, "resultCustomizations": DictOf(),
     "showTrendLines": boolean, "showValuesOnSeries": boolean, "useUdf": boolean},
)  # fmt: skip
_INSIGHT_FIELDS: dict[str, Validator] = {
    "aggregation_group_type_index": integer, "breakdownFilter": BREAKDOWN_FILTER, "dataColorTheme": number,
    "dateRange": DATE_RANGE, "filterTestAccounts": boolean, "interval": INTERVALS, "kind": anything,
    "modifiers": HOGQL_QUERY_MODIFIERS, "properties": INSIGHT_PROPERTIES, "response": DictOf(),
    "samplingFactor": number, "series": ListOf(SERIES_NODE), "tags": QUERY_LOG_TAGS, "version": number,
}  # fmt: skip
_TRENDS_FIELDS: dict[str, Validator] = {
    **_INSIGHT_FIELDS,
    "compareFilter": COMPARE_FILTER,
    "conversionGoal": anything,
    "trendsFilter": DictOf(),
}
_FUNNELS_FIELDS: dict[str, Validator] = {**_INSIGHT_FIELDS, "funnelsFilter": FUNNELS_FILTER}
TRENDS_QUERY = Model(
    "TrendsQuery",
    dict(sorted(_TRENDS_FIELDS.items())),
    frozenset({"series"}),
)  # fmt: skip
FUNNELS_QUERY = Model("FunnelsQuery", dict(sorted(_FUNNELS_FIELDS.items())), frozenset({"series"}))

KIND_MODELS: dict[str, Model] = {
    "HogQLQuery": HOGQL_QUERY,
    "EventsQuery": EVENTS_QUERY,
    "ActorsQuery": ACTORS_QUERY,
    "HogQLMetadata": HOGQL_METADATA,
    "DatabaseSchemaQuery": DATABASE_SCHEMA_QUERY,
    "TrendsQuery": TRENDS_QUERY,
    "FunnelsQuery": FUNNELS_QUERY,
}

QUERY_REQUEST = Model(
    "QueryRequest",
    {
        "async": boolean,
        "client_query_id": text,
        "filters_override": DictOf(),
        "limit_context": Choice(("posthog_ai",)),
        "name": text,
        "query": TaggedUnion(QUERY_KINDS, KIND_MODELS),
        "refresh": Choice(REFRESH_TYPES),
        "variables_override": DictOf(DictOf()),
    },
    frozenset({"query"}),
)


@dataclass(frozen=True)
class QueryRequest:
    """A valid create-query body: the query node (its fields coerced as pydantic would) and the options."""

    query: dict[str, Any]
    refresh: str = "blocking"
    client_query_id: str | None = None
    name: str | None = None

    @property
    def kind(self) -> str:
        return str(self.query["kind"])


def parse_query_request(data: Any) -> QueryRequest:
    """Validate a parsed body; raises ``ParseError("JSON parse error - …")`` with pydantic's text."""
    errors = Errors()
    valid = QUERY_REQUEST(data, (), errors)
    if errors.items:
        raise ParseError(f"JSON parse error - {pydantic_text(QUERY_REQUEST.name, errors.items)}")
    return QueryRequest(
        query=valid["query"],
        refresh=valid.get("refresh") or "blocking",
        client_query_id=valid.get("client_query_id"),
        name=valid.get("name"),
    )
