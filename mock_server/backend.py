"""The mock's state, apart from HTTP: settings, clock, accepted personal API keys and the served projects.

Built from ``Settings`` (moto style): the bundled dataset (rebased so its newest event is yesterday) or the
``--data`` directory, with ``project.json`` values overridden by ``--project-id`` / ``--timezone``; or several
projects (``Settings.projects``), each with its own data directory, timezone and limits, each in its own
database so that no query sees another project's rows. It also holds the rate-limit buckets, the request
journal and the fault rules. ``reset()`` reloads it all, so a test or a client can start over from a known
state; ``reset_state()`` forgets only what requests left behind (buckets, journal, faults, caches).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from mock_server.clock import Clock
from mock_server.config import DEFAULT_DATA_DIR, Project, ProjectSpec, Settings
from mock_server.data_sources import DataSource
from mock_server.faults import Faults, load_faults_file
from mock_server.hogql.context import MAX_SELECT_RETURNED_ROWS
from mock_server.journal import Journal
from mock_server.keys import ApiKey, load_keys_file
from mock_server.limits import PROFILES, Limits
from mock_server.runner.cache import ResultCache
from mock_server.runner.jobs import JobPool, Knobs
from mock_server.runner.status import StatusClock, StatusStore
from mock_server.store import Database, Dataset, FixtureError, build_database


@dataclass(frozen=True)
class ServedProject:
    """A project (team) and the database holding its data."""

    project: Project
    database: Database
    # The most rows an explicit LIMIT may return: the project's rate-limit profile decides (10,000 on legacy).
    row_limit: int = MAX_SELECT_RETURNED_ROWS


def resolve_project(dataset: Dataset, spec: ProjectSpec) -> Project:
    """``project.json``'s values, with the spec's (the command line's) on top."""
    overrides = {
        "id": spec.id,
        "name": spec.name,
        "timezone": spec.timezone,
        "rate_limits": spec.rate_limits,
        "api_query_rate_limit": spec.api_query_rate_limit,
    }
    values: dict[str, Any] = {**dataset.project, **{k: v for k, v in overrides.items() if v is not None}}
    return Project(**values)


def project_specs(settings: Settings) -> list[ProjectSpec]:
    """The projects to serve: ``Settings.projects``, else the one ``--data`` project."""
    return settings.projects or [ProjectSpec(settings.data_dir, settings.project_id, None, settings.timezone)]


def initial_source(spec: ProjectSpec, now: datetime) -> DataSource:
    """The spec's directory; the bundled dataset is rebased against ``now``."""
    return DataSource(spec.data_dir or DEFAULT_DATA_DIR, rebase_at=now if spec.data_dir is None else None)


def check_profiles(projects: Iterable[Project], settings: Settings) -> None:
    names = [settings.limits.profile, *(p.rate_limits for p in projects if p.rate_limits)]
    unknown = sorted({name for name in names if name not in PROFILES})
    if unknown:
        raise FixtureError(f"unknown rate-limit profile(s) {unknown}; expected one of {sorted(PROFILES)}")


class Backend:
    """Everything a request can see or change. One per app; ``reset()`` returns it to its initial state."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self.clock = Clock(settings.now)
        self.api_keys: frozenset[str] = frozenset()
        # Keys from the keys file, with their scopes and projects; ``api_keys`` are legacy keys on top.
        self.keys: dict[str, ApiKey] = {}
        # Which projects a key's user is a member of; a key not listed may use every project (PostHog: an
        # unscoped key of a member of every organization).
        self.key_projects: dict[str, frozenset[int]] = {}
        self.projects: dict[int, ServedProject] = {}
        self.sources: dict[int, DataSource] = {}
        self.default_project_id = 0
        self.limits = Limits(settings.limits)
        self.journal = Journal()
        self.faults = Faults()
        # Other state that requests leave behind (result cache, async statuses) registers its reset here.
        self.on_reset: list[Callable[[], None]] = []
        # Async queries (runner/): statuses, the result cache and the worker pool.
        self.statuses = StatusStore(StatusClock(lambda: self.clock))
        self.cache = ResultCache()
        self.jobs = JobPool(self.statuses, settings.async_workers)
        self.on_reset += [self.jobs.cancel_all, self.statuses.clear, self.cache.clear]
        self.reset()

    def reset(self) -> None:
        """Reload the data and forget every change made since start (keys, grants, clock, extra projects,
        buckets, journal, faults). Raises ``FixtureError`` (keeping the current state) if the data directory
        cannot be loaded, ``KeysFileError`` / ``FaultError`` for a bad keys or faults file."""
        clock = Clock(self.settings.now)
        loaded = [self._load(spec, clock.now()) for spec in project_specs(self.settings)]
        check_profiles([served.project for served, _ in loaded], self.settings)
        keys = load_keys_file(self.settings.keys_file) if self.settings.keys_file else {}
        faults = load_faults_file(self.settings.faults_file) if self.settings.faults_file else []
        projects = {served.project.id: served for served, _ in loaded}
        if len(projects) != len(loaded):
            raise FixtureError("two projects have the same id; give each project a different id")
        with self._lock:
            old, self.projects = list(self.projects.values()), projects
            old_sources, self.sources = list(self.sources.values()), {s.project.id: src for s, src in loaded}
            self.clock, self.default_project_id = clock, loaded[0][0].project.id
            self.api_keys, self.key_projects, self.keys = frozenset(self.settings.api_keys), {}, keys
        # The status clock counts real time from the (restored) frozen instant again.
        self.statuses.clock.restart()
        # Cancel the jobs (reset_state) before closing the databases they may still be reading.
        self.reset_state()
        self._close(old, old_sources)
        for rule in faults:
            self.faults.add(rule, clock.now())

    def reset_state(self) -> None:
        """Forget what requests left behind: rate-limit buckets, the journal, fault rules and caches."""
        self.limits.reset()
        self.journal.clear()
        self.faults.clear()
        for reset in self.on_reset:
            reset()

    def close(self) -> None:
        """Release everything the backend holds: stop the jobs and the pool's threads, close the databases and
        remove the temporary data directories it made. The backend serves nothing afterwards."""
        self.jobs.shutdown()
        with self._lock:
            projects, self.projects = list(self.projects.values()), {}
            sources, self.sources = list(self.sources.values()), {}
        self._close(projects, sources)

    @staticmethod
    def _close(projects: Sequence[ServedProject], sources: Sequence[DataSource]) -> None:
        for project in projects:
            project.database.close()
        for source in sources:
            source.discard()

    def _load(self, spec: ProjectSpec, now: datetime) -> tuple[ServedProject, DataSource]:
        source = initial_source(spec, now)
        dataset = source.load(now)
        project = resolve_project(dataset, spec)
        return self._served(project, dataset), source

    def _served(self, project: Project, dataset: Dataset) -> ServedProject:
        check_profiles([project], self.settings)  # before row_limit looks the profile up
        return ServedProject(project, build_database(dataset, project.id), self.row_limit(project))

    def _built(self, source: DataSource, project_for: Callable[[Dataset], Project]) -> ServedProject:
        """``source`` loaded and built as the project ``project_for`` makes of its data. Any failure (a bad row
        raises ``FixtureError``) removes the source's temporary directory and changes nothing."""
        try:
            dataset = source.load(self.clock.now())
            return self._served(project_for(dataset), dataset)
        except BaseException:
            source.discard()
            raise

    def _install(self, served: ServedProject, source: DataSource) -> ServedProject:
        """Serve ``served`` (built from ``source``), replacing that project's data (if any)."""
        project = served.project
        with self._lock:
            old, self.projects = self.projects.get(project.id), {**self.projects, project.id: served}
            old_source, self.sources = self.sources.get(project.id), {**self.sources, project.id: source}
        self._close([old] if old else [], [old_source] if old_source and old_source is not source else [])
        self.data_changed(project.id)
        return served

    def replace_data(self, project_id: int, source: DataSource) -> ServedProject:
        """Serve ``source`` as project ``project_id`` (created if new). Its ``project.json`` may set the name,
        timezone and week start; what it leaves out keeps the project's current value. A bad row raises
        ``FixtureError`` and changes nothing."""
        current = self.projects.get(project_id)
        base = current.project if current else Project(id=project_id)

        def project_for(dataset: Dataset) -> Project:
            values = {k: v for k, v in dataset.project.items() if k != "id"}
            return replace(base, **values, id=project_id)  # type: ignore[arg-type]

        return self._install(self._built(source, project_for), source)

    def append_events(self, project_id: int, rows: Sequence[Any]) -> ServedProject:
        """Add event rows (fixtures.md format) to a project's data; a bad row raises ``FixtureError``."""
        served, source = self.projects[project_id], self.sources[project_id]
        appended = source.with_events(rows)
        return self._install(self._built(appended, lambda _: served.project), appended)

    def data_changed(self, project_id: int) -> None:
        """Cached results of ``project_id`` are stale once its data changes."""
        self.invalidate(project_id)

    def invalidate(self, project_id: int) -> None:
        """Forget the cached query results of ``project_id``: its data changed."""
        self.cache.invalidate(project_id)

    @property
    def knobs(self) -> Knobs:
        """The server's async test knobs (``--queue-delay``, ``--min-duration``, ``--transition-polls``)."""
        settings = self.settings
        return Knobs(settings.queue_delay, settings.min_duration, settings.transition_polls)

    def row_limit(self, project: Project) -> int:
        """The most rows an explicit LIMIT may return under the project's rate-limit profile."""
        return self.limits.profile(project).max_rows

    def grant(self, key: str, project_ids: Iterable[int]) -> None:
        """Limit ``key`` to ``project_ids`` (by default a key may use every project)."""
        with self._lock:
            self.key_projects = {**self.key_projects, key: frozenset(project_ids)}

    def accepts(self, key: str) -> bool:
        return key in self.api_keys or key in self.keys

    def api_key(self, key: str) -> ApiKey:
        """What ``key`` (an accepted key) may do: the keys file's entry, else a legacy key."""
        return self.keys.get(key) or ApiKey(key)

    def project(self, project_id: int) -> ServedProject | None:
        return self.projects.get(project_id)

    def may_access(self, key: str, project_id: int) -> bool:
        allowed = self.key_projects.get(key)
        if allowed is not None and project_id not in allowed:
            return False
        # A legacy key's listed projects stand for its user's membership (scoped keys: see ``keys.py``).
        api_key = self.api_key(key)
        return not api_key.legacy or api_key.may_use(project_id)

    def projects_for(self, key: str) -> list[ServedProject]:
        """The projects ``key`` may use, by id."""
        api_key = self.api_key(key)
        return [self.projects[i] for i in sorted(self.projects) if self.may_access(key, i) and api_key.may_use(i)]
