"""Server settings and the project model, as resolved from the CLI, ``project.json`` and defaults."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEFAULT_API_KEY = "phx_hogmock_default_personal_api_key"
DEFAULT_PROJECT_API_TOKEN = "phc_hogmock_default_project_api_token"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "default"


@dataclass(frozen=True)
class Project:
    """A PostHog project (team): its id, name, timezone and week start, as ``project.json`` gives them."""

    id: int = 1
    name: str = "Default project"
    timezone: str = "UTC"
    week_start_day: int = 0
    api_token: str = DEFAULT_PROJECT_API_TOKEN

    @property
    def uuid(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hogmock:project:{self.id}"))

    @property
    def organization(self) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "hogmock:organization"))


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

    @property
    def bundled_data(self) -> bool:
        return self.data_dir is None

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir or DEFAULT_DATA_DIR
