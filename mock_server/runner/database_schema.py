"""DatabaseSchemaQuery: the tables and fields hogmock serves, serialized as PostHog's ``Database.serialize`` does.

Computed inline, never cached (``posthog/api/services/query.py``). Each table is a ``DatabaseSchemaPostHogTable``
(``{fields, id, name, row_count, type: "posthog"}``); each field a ``DatabaseSchemaField`` with every key
present: ``posthog/hogql/database/database.py`` ``serialize_fields`` skips ``team_id`` on PostHog tables, wraps
names holding HogQL's special characters in backticks, gives lazy joins and virtual tables their ``table`` and
``fields``. hogmock has no data warehouse, so ``joins`` is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.hogql.schema import (
    TABLES,
    Column,
    DateTimeColumn,
    Expression,
    Field,
    JsonColumn,
    LazyJoin,
    Table,
    VirtualTable,
)

# HOGQL_CHARACTERS_TO_BE_WRAPPED (posthog/hogql/database/database.py) [UNCONFIRMED exact set]
WRAPPED_CHARACTERS = ("@", "-", "!", "$", "+")
SKIPPED_FIELDS = frozenset({"team_id"})
# A ClickHouse type's outer name (without Nullable) → DatabaseSerializedFieldType.
CH_TYPE_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Int", "UInt"), "integer"),
    (("Float",), "float"),
    (("Decimal",), "decimal"),
    (("DateTime",), "datetime"),
    (("Date",), "date"),
    (("Bool",), "boolean"),
    (("Array",), "array"),
    (("String", "UUID", "LowCardinality"), "string"),
)


def serialized_type(ch_type: str) -> str:
    bare = ch_type.removeprefix("Nullable(").rstrip(")")
    if bare == "UInt8":
        return "integer"
    return next((kind for prefixes, kind in CH_TYPE_KINDS if bare.startswith(prefixes)), "unknown")


def _hogql_value(name: str) -> str:
    return f"`{name}`" if any(char in name for char in WRAPPED_CHARACTERS) else name


def _field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    """A ``DatabaseSchemaField``, every key present (``model_dump`` without ``exclude_none``)."""
    base = {"chain": None, "fields": None, "hogql_value": _hogql_value(name), "id": None, "name": name,
            "schema_valid": True, "table": None, "type": kind}  # fmt: skip
    return {**base, **extra}


FIELD_KINDS: dict[type, Callable[[str, Any], dict[str, Any]]] = {
    Column: lambda name, f: _field(name, serialized_type(f.ch_type)),
    DateTimeColumn: lambda name, f: _field(name, "datetime"),
    JsonColumn: lambda name, f: _field(name, "json"),
    Expression: lambda name, f: _field(name, serialized_type(f.ch_type)),
    LazyJoin: lambda name, f: _field(name, "lazy_table", table=f.table, fields=list(TABLES[f.table].fields), id=name),
    VirtualTable: lambda name, f: _field(name, "virtual_table", table=name, fields=list(f.fields)),
}


def serialize_field(name: str, field: Field) -> dict[str, Any]:
    return FIELD_KINDS[type(field)](name, field)


def serialize_table(table: Table) -> dict[str, Any]:
    fields = {name: serialize_field(name, f) for name, f in table.fields.items() if name not in SKIPPED_FIELDS}
    return {"fields": fields, "id": table.name, "name": table.name, "row_count": None, "type": "posthog"}


def database_schema(node: dict[str, Any]) -> dict[str, Any]:
    """The ``DatabaseSchemaQueryResponse`` body."""
    return {"joins": [], "tables": {name: serialize_table(table) for name, table in TABLES.items()}}
