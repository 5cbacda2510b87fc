"""Schema conformance: every response body the suite receives is checked against PostHog's JSON Schema and
against hogmock's own OpenAPI document; a failure names the JSON pointer that broke.

PostHog's schema is ``frontend/src/queries/schema.json`` (a copy in ``../shared/upstream/``, located by
``--posthog-schema`` or ``$HOGMOCK_POSTHOG_SCHEMA``), validated as its README says: ``{"$ref":
"#/definitions/<Name>", "definitions": …}`` with a Draft 7 validator. The TypeScript-generated schema leaves
optional fields non-nullable, while PostHog's pydantic models (``posthog/schema.py``) make them ``Optional`` and
the API dumps them whole (``null`` when unset, ``posthog/api/query.py``); so a property that an object does not
require also accepts ``null`` here, as pydantic does. Which definition applies is a table of routes and
statuses (``POSTHOG_DEFINITIONS``); error, project and cancel bodies have none and are checked by OpenAPI alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from mock_server.app import ENDPOINTS
from mock_server.openapi import build_document

REPO = Path(__file__).resolve().parent.parent
DEFAULT_POSTHOG_SCHEMA = REPO.parent / "shared" / "upstream" / "posthog-query-schema.full.json"
SCHEMA_VARIABLE = "HOGMOCK_POSTHOG_SCHEMA"
Json = Any


class SchemaViolation(AssertionError):
    """A response body that breaks a schema; the message names the document, definition and JSON pointer."""


@dataclass(frozen=True)
class Violation:
    document: str
    definition: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.document} {self.definition}: at {self.pointer or '/'}: {self.message}"


def json_pointer(path: Iterable[Any]) -> str:
    """RFC 6901 pointer of a jsonschema error's ``absolute_path``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def violations(validator: Validator, body: Json, document: str, definition: str) -> list[Violation]:
    errors = sorted(validator.iter_errors(body), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    return [Violation(document, definition, json_pointer(e.absolute_path), _message(e)) for e in errors]


def _message(error: ValidationError) -> str:
    # For anyOf/oneOf, the deepest sub-error says what actually broke.
    best = min(error.context or [error], key=lambda e: -len(e.absolute_path))
    where = json_pointer(best.absolute_path)
    return best.message if best is error else f"{error.message[:200]} (deepest: {where}: {best.message[:200]})"


def nullable_optionals(schema: Json) -> Json:
    """``schema`` with every non-required property of every object also accepting ``null`` (pydantic's
    ``Optional``), at any depth."""
    if isinstance(schema, list):
        return [nullable_optionals(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copied = {key: nullable_optionals(value) for key, value in schema.items()}
    properties, required = copied.get("properties"), set(schema.get("required", ()))
    if isinstance(properties, dict) and "type" in schema:
        copied["properties"] = {
            name: value if name in required else {"anyOf": [value, {"type": "null"}]}
            for name, value in properties.items()
        }
    return copied


class PostHogSchema:
    """PostHog's query JSON Schema, one Draft 7 validator per definition, built on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.definitions: dict[str, Json] = {k: nullable_optionals(v) for k, v in raw["definitions"].items()}
        self._validators: dict[str, Validator] = {}

    def validator(self, name: str) -> Validator:
        if name not in self._validators:
            schema = {"$ref": f"#/definitions/{name}", "definitions": self.definitions}
            self._validators[name] = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
        return self._validators[name]

    def check(self, name: str, body: Json) -> list[Violation]:
        return violations(self.validator(name), body, "PostHog schema", name)


def _query_200(body: Json, kind: str | None) -> str | None:
    """``Cached<Kind>Response`` for a runner kind (HogQLQuery when the body names none), ``<Kind>Response`` for
    the kinds PostHog computes inline without caching (``posthog/api/services/query.py``)."""
    return f"Cached{kind or 'HogQLQuery'}Response" if kind not in INLINE_KINDS else f"{kind}Response"


def _query_202(body: Json, kind: str | None) -> str | None:
    keys = set(body) if isinstance(body, dict) else set()
    if keys == {"query_status"}:
        return "QueryStatusResponse"
    return "CacheMissResponse" if keys <= {"cache_key", "query_status"} else _query_200(body, kind)


def _status_body(body: Json, kind: str | None) -> str | None:
    return "QueryStatusResponse" if isinstance(body, dict) and "query_status" in body else None


INLINE_KINDS = frozenset({"HogQLMetadata", "HogQLAutocomplete", "HogQuery", "DatabaseSchemaQuery"})


# (method, operation path suffix, status) -> the PostHog definition a body must match (a function of the body
# where it depends on it). Paths are hogmock's OpenAPI paths, without the /api/{projects|environments}/{id} head.
DefinitionChoice = str | Callable[[Json, str | None], str | None]
POSTHOG_DEFINITIONS: dict[tuple[str, str, int], DefinitionChoice] = {
    ("POST", "/query/", 200): _query_200,
    ("POST", "/query/", 202): _query_202,
    ("POST", "/query/{query_id}/", 200): _query_200,
    ("POST", "/query/{query_id}/", 202): _query_202,
    ("GET", "/query/{query_id}/log/", 200): "HogQLQueryResponse",
    ("GET", "/query/{query_id}/", 200): "QueryStatusResponse",
    ("GET", "/query/{query_id}/", 202): "QueryStatusResponse",
    ("GET", "/query/{query_id}/", 400): _status_body,
    ("GET", "/query/{query_id}/", 500): _status_body,
}
PROJECT_HEAD = re.compile(r"^/api/(projects|environments)/\{project_ref\}")


def posthog_definition(method: str, operation_path: str, status: int, body: Json, kind: str | None) -> str | None:
    """The PostHog definition ``body`` must match; ``kind`` is the request's ``query.kind``."""
    choice = POSTHOG_DEFINITIONS.get((method, PROJECT_HEAD.sub("", operation_path), status))
    return choice(body, kind) if callable(choice) else choice


class OpenAPISchema:
    """hogmock's OpenAPI document: finds the operation of a request and checks the documented response."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.routes = [(_template(path), path) for path in document["paths"]]
        self._validators: dict[str, Validator] = {}

    def operation_path(self, path: str) -> str | None:
        return next((template for pattern, template in self.routes if pattern.fullmatch(path)), None)

    def response_schema(self, template: str, method: str, status: int) -> Json | None:
        operation = self.document["paths"][template].get(method.lower())
        response = operation and operation["responses"].get(str(status))
        content = response and response.get("content")
        return content["application/json"]["schema"] if content else None

    def check(self, template: str, method: str, status: int, body: Json) -> list[Violation]:
        name = f"{method} {template} {status}"
        operation = self.document["paths"][template].get(method.lower())
        if operation is None or str(status) not in operation["responses"]:
            return [Violation("OpenAPI", name, "", "this method and status are not documented")]
        schema = self.response_schema(template, method, status)
        if schema is None:
            return [] if body is None else [Violation("OpenAPI", name, "", "documented without a body")]
        if name not in self._validators:
            root = {**schema, "components": self.document["components"]}
            self._validators[name] = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return violations(self._validators[name], body, "OpenAPI", name)


def _template(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path.rstrip("/")))
    return re.compile(pattern + "/?")


@cache
def hogmock_openapi() -> OpenAPISchema:
    return OpenAPISchema(build_document(ENDPOINTS))


@cache
def posthog_schema(path: Path) -> PostHogSchema:
    return PostHogSchema(path)


@dataclass
class Conformance:
    """Checks every body against both documents and counts what it saw (for the end-of-run summary)."""

    posthog: PostHogSchema
    openapi: OpenAPISchema
    bodies: int = 0
    violations: int = 0

    def check(self, method: str, path: str, status: int, body: Json, kind: str | None = None) -> list[Violation]:
        template = self.openapi.operation_path(path)
        if template is None:
            return []  # the control API and the catch-all 404 are not PostHog operations
        self.bodies += 1
        found = self.openapi.check(template, method, status, body)
        definition = posthog_definition(method, template, status, body, kind)
        if definition is not None and definition in self.posthog.definitions:
            found += self.posthog.check(definition, body)
        self.violations += len(found)
        return found
