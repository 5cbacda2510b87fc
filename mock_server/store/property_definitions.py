"""Property definitions: the type of each event, person and group property, as PostHog's ``PropertyDefinition``.

PostHog's ingestion records a type per property (``posthog/models/property_definition.py``) and the HogQL
``PropertySwapper`` casts typed properties (``posthog/hogql/transforms/property_types.py``). hogmock infers the
types from the loaded data, then applies the data directory's optional ``property_definitions.json``:

    {"event": {"price": "Numeric"}, "person": {"age": "Numeric"}, "group": {"company": {"employees": "Numeric"}}}

Inference, per property name over every row of its kind: ``Numeric`` when every non-null value is a JSON number,
``Boolean`` when every one is a JSON boolean, ``DateTime`` when every one is an ISO 8601 date-time string, else
``String``; a property that is only ever null gets no definition. Definitions are keyed by scope: ``event``,
``person`` and ``group_<index>`` (PostHog keeps group definitions per group type index).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .errors import FixtureError
from .sources import SourceRow
from .validation import Invalid, instant

PropertyDefinitions = dict[str, dict[str, str]]

PROPERTY_TYPES = ("String", "Numeric", "Boolean", "DateTime")
FILE_NAME = "property_definitions.json"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        instant(value)
    except Invalid:
        return False
    return True


# Checked in order: the first type every value passes is the property's type.
_TESTS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("Numeric", _is_number),
    ("Boolean", lambda value: isinstance(value, bool)),
    ("DateTime", _is_date_time),
)


def infer(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Property name → type over ``rows`` (each a properties object)."""
    values: dict[str, list[Any]] = {}
    for properties in rows:
        for name, value in properties.items():
            bucket = values.setdefault(name, [])
            if value is not None:
                bucket.append(value)
    return {name: _type_of(seen) for name, seen in values.items() if seen}


def _type_of(values: list[Any]) -> str:
    return next((name for name, test in _TESTS if all(test(v) for v in values)), "String")


def overrides(row: SourceRow | None, group_types: dict[str, int]) -> PropertyDefinitions:
    """The definitions ``property_definitions.json`` gives, checked; ``{}`` when the file is absent."""
    if row is None:
        return {}
    unknown = [key for key in row.values if key not in ("event", "person", "group")]
    if unknown:
        raise FixtureError.at(row.where, unknown[0], "unknown key; expected event, person or group")
    given: PropertyDefinitions = {
        scope: _types(row.where, scope, row.values[scope]) for scope in ("event", "person") if scope in row.values
    }
    groups = _object(row.where, "group", row.values.get("group", {}))
    for group_type, types in groups.items():
        if group_type not in group_types:
            raise FixtureError.at(row.where, f"group.{group_type}", "unknown group type")
        given[f"group_{group_types[group_type]}"] = _types(row.where, f"group.{group_type}", types)
    return given


def _object(where: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FixtureError.at(where, key, f"not a JSON object: {value!r}")
    return value


def _types(where: str, key: str, value: Any) -> dict[str, str]:
    types = _object(where, key, value)
    for name, kind in types.items():
        if kind not in PROPERTY_TYPES:
            raise FixtureError.at(where, f"{key}.{name}", f"not one of {', '.join(PROPERTY_TYPES)}: {kind!r}")
    return dict(types)


def merged(inferred: PropertyDefinitions, given: PropertyDefinitions) -> PropertyDefinitions:
    """The inferred definitions with the file's taking precedence, name by name."""
    scopes = inferred.keys() | given.keys()
    return {scope: {**inferred.get(scope, {}), **given.get(scope, {})} for scope in sorted(scopes)}
