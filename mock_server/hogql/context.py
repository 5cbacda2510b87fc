"""What a translation needs from its caller, and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# posthog/hogql/constants.py: DEFAULT_RETURNED_ROWS and MAX_SELECT_RETURNED_ROWS.
DEFAULT_RETURNED_ROWS = 100
MAX_SELECT_RETURNED_ROWS = 50_000


@dataclass(frozen=True)
class TranslationContext:
    """The project and clock a query runs against, and the limits of its limit context."""

    now: datetime
    timezone: str = "UTC"
    week_start_day: int = 0
    team_id: int = 1
    values: dict[str, Any] = field(default_factory=dict)
    default_limit: int = DEFAULT_RETURNED_ROWS
    max_limit: int = MAX_SELECT_RETURNED_ROWS


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
