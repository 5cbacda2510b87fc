"""Personal API keys: what each may do (scopes) and which projects it may use, and the keys file that lists them.

A key with no scopes is a legacy key: ``APIScopePermission`` (``posthog/permissions.py``) lets it do anything and
never looks at scoped projects. A scoped key needs the action's scope (``query:read``; ``query:write`` and ``*``
also satisfy it) and, when it lists projects, may only use those (PostHog's ``scoped_teams``). For a legacy key
the ``projects`` list stands for its user's membership instead, which ``TeamMemberAccessPermission`` checks.

The keys file is TOML or JSON (by extension)::

    [[keys]]
    key = "phx_reader"
    scopes = ["query:read"]
    projects = [1, 2]

    [[keys]]
    key = "phx_legacy"          # no scopes: a legacy key
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ALL_SCOPES = "*"
KEY_FIELDS = frozenset({"key", "scopes", "projects"})


class KeysFileError(ValueError):
    """A keys file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class ApiKey:
    """A personal API key: its scopes (``None`` for a legacy key) and projects (``None`` for every project)."""

    value: str
    scopes: frozenset[str] | None = None
    projects: frozenset[int] | None = None

    @property
    def legacy(self) -> bool:
        return not self.scopes

    def may_use(self, project_id: int) -> bool:
        return self.projects is None or project_id in self.projects

    def grants(self, required: str) -> bool:
        """Whether the scopes satisfy ``required``; a ``:read`` scope is also met by its ``:write``."""
        if self.legacy or ALL_SCOPES in (self.scopes or ()):
            return True
        accepted = {required, required.replace(":read", ":write")} if required.endswith(":read") else {required}
        return bool(accepted & (self.scopes or frozenset()))


# posthog/permissions.py ScopeBasePermission: which actions read and which write, per scope object. QueryViewSet
# (posthog/api/query.py) counts every one of its standard actions as a read and has no write actions.
DEFAULT_READ_ACTIONS = frozenset({"list", "retrieve"})
DEFAULT_WRITE_ACTIONS = frozenset({"create", "update", "partial_update", "patch", "destroy"})
SCOPE_ACTIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "query": (frozenset({"retrieve", "create", "list", "destroy"}), frozenset()),
}


def required_scope(scope_object: str, action: str) -> str | None:
    """The scope an action needs, or ``None`` when it has no mapping (no personal API key access)."""
    reads, writes = SCOPE_ACTIONS.get(scope_object, (DEFAULT_READ_ACTIONS, DEFAULT_WRITE_ACTIONS))
    if action in writes:
        return f"{scope_object}:write"
    return f"{scope_object}:read" if action in reads else None


def _entry(raw: Any, where: str) -> ApiKey:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str) or not raw["key"]:
        raise KeysFileError(f"{where}: each entry needs a non-empty string 'key'")
    unknown = set(raw) - KEY_FIELDS
    if unknown:
        raise KeysFileError(f"{where}: unknown field(s): {', '.join(sorted(unknown))}")
    scopes, projects = raw.get("scopes"), raw.get("projects")
    if scopes is not None and not (isinstance(scopes, list) and all(isinstance(s, str) for s in scopes)):
        raise KeysFileError(f"{where}: 'scopes' must be a list of strings")
    if projects is not None and not (isinstance(projects, list) and all(type(p) is int for p in projects)):
        raise KeysFileError(f"{where}: 'projects' must be a list of project ids")
    return ApiKey(
        raw["key"],
        frozenset(scopes) if scopes else None,
        frozenset(projects) if projects is not None else None,
    )


def _json(text: str) -> Any:
    return json.loads(text)


PARSERS: dict[str, Callable[[str], Any]] = {".toml": tomllib.loads, ".json": _json}


def parse_keys(data: Any, name: str) -> dict[str, ApiKey]:
    """The keys of a parsed keys document ``{"keys": [...]}``."""
    entries = data.get("keys") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise KeysFileError(f"{name}: expected a 'keys' list")
    keys = [_entry(raw, f"{name}: keys[{n}]") for n, raw in enumerate(entries)]
    return {key.value: key for key in keys}


def load_keys_file(path: Path) -> dict[str, ApiKey]:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise KeysFileError(f"{path}: a keys file is .toml or .json")
    try:
        data = parser(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KeysFileError(f"{path}: {error}") from None
    return parse_keys(data, path.name)
