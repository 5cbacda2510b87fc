"""The mock's state, apart from HTTP: settings, clock, accepted personal API keys and the served projects.

Built from ``Settings`` (moto style): the bundled dataset (rebased so its newest event is yesterday) or the
``--data`` directory, with ``project.json`` values overridden by ``--project-id`` / ``--timezone``.
``reset()`` reloads it all, so a test or a client can start over from a known state.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mock_server.clock import Clock
from mock_server.config import Project, Settings
from mock_server.store import Database, Dataset, build_database, load_directory


@dataclass(frozen=True)
class ServedProject:
    """A project (team) and the database holding its data."""

    project: Project
    database: Database


def resolve_project(dataset: Dataset, settings: Settings) -> Project:
    """``project.json``'s values, with the command line's ``--project-id`` / ``--timezone`` on top."""
    overrides = {"id": settings.project_id, "timezone": settings.timezone}
    values: dict[str, Any] = {**dataset.project, **{k: v for k, v in overrides.items() if v is not None}}
    return Project(**values)


class Backend:
    """Everything a request can see or change. One per app; ``reset()`` returns it to its initial state."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self.clock = Clock(settings.now)
        self.api_keys: frozenset[str] = frozenset()
        # Which projects a key may use; a key not listed may use every project (PostHog: an unscoped key of a
        # member of every organization).
        self.key_projects: dict[str, frozenset[int]] = {}
        self.projects: dict[int, ServedProject] = {}
        self.default_project_id = 0
        self.reset()

    def reset(self) -> None:
        """Reload the data and forget every change made since start (keys, grants, clock, extra projects).
        Raises ``FixtureError`` (keeping the current state) if the data directory cannot be loaded."""
        clock = Clock(self.settings.now)
        served = self._load(clock)
        with self._lock:
            old, self.projects = self.projects, {served.project.id: served}
            self.clock, self.default_project_id = clock, served.project.id
            self.api_keys, self.key_projects = frozenset(self.settings.api_keys), {}
        for project in old.values():
            project.database.close()

    def _load(self, clock: Clock) -> ServedProject:
        settings = self.settings
        dataset = load_directory(settings.resolved_data_dir, now=clock.now(), rebase=settings.bundled_data)
        project = resolve_project(dataset, settings)
        return ServedProject(project, build_database(dataset, project.id))

    def add_project(self, served: ServedProject) -> None:
        with self._lock:
            self.projects = {**self.projects, served.project.id: served}

    def grant(self, key: str, project_ids: Iterable[int]) -> None:
        """Limit ``key`` to ``project_ids`` (by default a key may use every project)."""
        with self._lock:
            self.key_projects = {**self.key_projects, key: frozenset(project_ids)}

    def accepts(self, key: str) -> bool:
        return key in self.api_keys

    def project(self, project_id: int) -> ServedProject | None:
        return self.projects.get(project_id)

    def may_access(self, key: str, project_id: int) -> bool:
        allowed = self.key_projects.get(key)
        return allowed is None or project_id in allowed

    def projects_for(self, key: str) -> list[ServedProject]:
        """The projects ``key`` may use, by id."""
        return [self.projects[i] for i in sorted(self.projects) if self.may_access(key, i)]
