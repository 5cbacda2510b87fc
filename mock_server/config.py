"""Server settings and the project model, as resolved from the CLI, ``project.json`` and defaults."""

from __future__ import annotations

import json
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

DEFAULT_API_KEY = "phx_hogmock_default_personal_api_key"
DEFAULT_PROJECT_API_TOKEN = "phc_hogmock_default_project_api_token"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "default"
# PostHog's ClickHouse max_execution_time for API queries (hogql_query_runner.py) and its 3 concurrent API
# queries per team (posthog.com docs/api/queries.mdx).
DEFAULT_MAX_EXECUTION_TIME = 10.0
DEFAULT_ASYNC_WORKERS = 3


@dataclass(frozen=True)
class Project:
    """A PostHog project (team): its id, name, timezone and week start, as ``project.json`` gives them."""

    id: int = 1
    name: str = "Default project"
    timezone: str = "UTC"
    week_start_day: int = 0
    api_token: str = DEFAULT_PROJECT_API_TOKEN
    # The project's own limits: a rate-limit profile (PostHog keeps per-team lists of legacy and API-queries
    # teams) and PostHog's ``team.api_query_rate_limit``, which replaces the HogQL throttle's rate.
    rate_limits: str | None = None
    api_query_rate_limit: str | None = None

    @property
    def uuid(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hogmock:project:{self.id}"))

    @property
    def organization(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "hogmock:organization"))


@dataclass
class LimitSettings:
    """The rate-limit profile (``current``, ``legacy``, ``off``) and numeric overrides: throttle scope -> rate
    (``"240/minute"``), the running-query limit, and how long a query waits for a slot (PostHog: 30 s)."""

    profile: str = "current"
    rates: dict[str, str] = field(default_factory=dict)
    concurrency: int | None = None
    concurrency_wait: float = 30.0


@dataclass(frozen=True)
class ProjectSpec:
    """One served project: its data directory (``None``: the bundled dataset) and what overrides its
    ``project.json`` (id, name, timezone) and the global limits."""

    data_dir: Path | None = None
    id: int | None = None
    name: str | None = None
    timezone: str | None = None
    rate_limits: str | None = None
    api_query_rate_limit: str | None = None


PROJECT_SPEC_FIELDS = {
    "data": (str,),
    "id": (int,),
    "name": (str,),
    "timezone": (str,),
    "rate_limits": (str,),
    "api_query_rate_limit": (str,),
}


def project_spec(raw: Any, where: str, base: Path) -> ProjectSpec:
    """One entry of a projects file; ``data`` is relative to the file's directory."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object")
    for key, value in raw.items():
        kinds = PROJECT_SPEC_FIELDS.get(key)
        if kinds is None or not isinstance(value, kinds) or isinstance(value, bool):
            raise ValueError(f"{where}: {key}: unknown field or wrong type")
    values = {key: value for key, value in raw.items() if key != "data"}
    return ProjectSpec(data_dir=base / raw["data"] if "data" in raw else None, **values)


def load_projects_file(path: Path) -> list[ProjectSpec]:
    """The projects of a TOML or JSON file: ``[[projects]]`` entries with ``data``, ``id``, ``name``,
    ``timezone``, ``rate_limits`` and ``api_query_rate_limit``."""
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    entries = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a non-empty 'projects' list")
    return [project_spec(raw, f"{path.name}: projects[{n}]", path.parent) for n, raw in enumerate(entries)]


@dataclass
class Settings:
    """Everything ``hogmock serve`` can be told; tests build one directly."""

    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path | None = None
    now: datetime | None = None
    api_keys: list[str] = field(default_factory=lambda: [DEFAULT_API_KEY])
    project_id: int | None = None
    timezone: str | None = None
    # PostHog answers missing or invalid credentials with 403 (see query-api.md §4); some clients expect 401.
    auth_failure_status: int = 403
    # Async queries (runner/jobs.py): workers per team, the time limit of every calculation, and the test knobs
    # (a queue delay and a minimum run duration in seconds, transitions after N polls), each overridable per
    # request by its X-Hogmock-* header.
    async_workers: int = DEFAULT_ASYNC_WORKERS
    max_execution_time: float = DEFAULT_MAX_EXECUTION_TIME
    queue_delay: float = 0.0
    min_duration: float = 0.0
    transition_polls: int = 0
    # DELETE query/:id/ answers 200 {"message": ...} in PostHog's code; its public docs say 204 (no body).
    cancel_status: int = 200
    # More projects beyond ``data_dir``'s (``--project DIR`` / ``--projects FILE``); each keeps its own data.
    projects: list[ProjectSpec] = field(default_factory=list)
    # Keys with scopes and projects (``--keys FILE``), on top of the legacy ``api_keys``.
    keys_file: Path | None = None
    limits: LimitSettings = field(default_factory=LimitSettings)
    # Fault rules to install at start (``--faults FILE``), in their JSON form.
    faults_file: Path | None = None
    # Lets non-loopback clients use the control API (``/_hogmock/…``) with ``X-Hogmock-Admin-Token``.
    admin_token: str | None = None
    # GET query/draft_sql/: a JSON file mapping prompts to SQL (``--draft-sql FILE``; runner/draft_sql.py).
    draft_sql_file: Path | None = None
    # POST query/chat/: the seed docs' 200 (no body), or 405 as today's PostHog routes it (``--chat-status 405``).
    chat_status: int = 200

    @property
    def bundled_data(self) -> bool:
        return self.data_dir is None
