"""What a translation needs from its caller, and what it gives back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# posthog/hogql/constants.py: DEFAULT_RETURNED_ROWS and MAX_SELECT_RETURNED_ROWS.
DEFAULT_RETURNED_ROWS = 100
MAX_SELECT_RETURNED_ROWS = 50_000
DEFAULT_TEST_ACCOUNT_FILTERS: tuple[Mapping[str, Any], ...] = (
    {"key": "$host", "operator": "not_regex", "value": r"^(localhost|127\.0\.0\.1)($|:)", "type": "event"},
)


@dataclass(frozen=True)
class TranslationContext:
    """The project and clock a query runs against, and the limits of its limit context."""

    now: datetime
    timezone: str = "UTC"
    week_start_day: int = 0
    team_id: int = 1
    values: dict[str, Any] = field(default_factory=dict)
    # HogQLQuery.filters (HogQLFilters as JSON: dateRange, properties, filterTestAccounts) and HogQLQuery.variables
    # ({id: {variableId, code_name, value, isNull}}); insight_variables are the project's InsightVariable rows
    # ({id, code_name, default_value}), None meaning each requested variable is defined (mock_server/hogql/filters.py,
    # placeholders.py).
    filters: Mapping[str, Any] | None = None
    variables: Mapping[str, Mapping[str, Any]] | None = None
    insight_variables: tuple[Mapping[str, Any], ...] | None = None
    # The project's test_account_filters; a new team's default (posthog/models/team/team.py set_test_account_filters).
    test_account_filters: tuple[Mapping[str, Any], ...] = DEFAULT_TEST_ACCOUNT_FILTERS
    default_limit: int = DEFAULT_RETURNED_ROWS
    max_limit: int = MAX_SELECT_RETURNED_ROWS
    # Property types by scope ("event", "person", "group_<index>"): mock_server/store/property_definitions.py.
    property_definitions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Translation:
    """DuckDB SQL and the response metadata of one HogQL query.

    ``paginated`` is true when the query had no top-level LIMIT and the translator added
    ``LIMIT default_limit + 1`` (PostHog's ``HogQLHasMorePaginator``): the runner trims the extra row
    and reports ``hasMore``.
    """

    sql: str
    hogql: str
    columns: list[str]
    types: list[str]
    paginated: bool
