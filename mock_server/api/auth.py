"""Authentication and project permission, in DRF's order: first who is asking, then may they use the project.

``posthog/auth.py`` ``PersonalAPIKeyAuthentication.find_key_with_source`` tries only the first candidate it
finds: the ``Authorization: Bearer`` header, else the body's ``personal_api_key``, else the query string's. A
Bearer token starting ``pha_`` is left to ``OAuthAccessTokenAuthentication`` instead, which answers "Invalid
access token." for a token it does not know. No candidate at all fails the ``IsAuthenticated`` permission
(``not_authenticated``). The project comes next (``posthog/api/routing.py``): ``@current`` is the user's current
project, a non-integer or unknown id is ``404 Project not found.``, and a project the key may not use is
``403 You don't have access to the project.`` (``TeamMemberAccessPermission``, ``posthog/permissions.py``).

Scoped keys (``keys.py``) pass ``APIScopePermission`` (``posthog/permissions.py``) first, in its order: an action
with no scope mapping is refused, then a key limited to other projects, then a key without the action's scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from mock_server.api.body import RequestBody
from mock_server.backend import Backend, ServedProject
from mock_server.errors import AuthenticationFailed, NotAuthenticated, NotFound, PermissionDenied
from mock_server.keys import required_scope

BEARER = re.compile(r"^Bearer\s+(\S.+)$")
OAUTH_PREFIX = "pha_"
KEY_FIELD = "personal_api_key"
CURRENT_PROJECT = "@current"
# The newest posthog/permissions.py; older trees capitalise it "Personal API Key access".
NO_KEY_ACCESS = "This action does not support personal API key access"


@dataclass(frozen=True)
class Credential:
    """A credential as found: its value and where PostHog says it was found."""

    value: Any
    source: str

    def failure(self) -> AuthenticationFailed:
        if self.source == "OAuth":
            return AuthenticationFailed("Invalid access token.")
        return AuthenticationFailed(f"Personal API key found in request {self.source} is invalid.")


def _from_header(request: Request, body: RequestBody) -> Credential | None:
    match = BEARER.match(request.headers.get("authorization", ""))
    if match is None:
        return None
    token = match.group(1).strip()
    return Credential(token, "OAuth" if token.startswith(OAUTH_PREFIX) else "Authorization header")


def _from_body(request: Request, body: RequestBody) -> Credential | None:
    # Reading the body parses it; malformed JSON fails here with DRF's ParseError (400), as DRF's lazy
    # request.data does inside the authenticator when no header key came first.
    data = body.data
    return Credential(data[KEY_FIELD], "body") if isinstance(data, dict) and KEY_FIELD in data else None


def _from_query_string(request: Request, body: RequestBody) -> Credential | None:
    value = request.query_params.get(KEY_FIELD)
    return None if value is None else Credential(value, "query string")


KEY_SOURCES = (_from_header, _from_body, _from_query_string)


def find_credential(request: Request, body: RequestBody) -> Credential | None:
    """The first credential in PostHog's order, or None."""
    for source in KEY_SOURCES:
        credential = source(request, body)
        if credential is not None:
            return credential
    return None


def authenticate(request: Request, body: RequestBody, backend: Backend) -> str:
    """The personal API key the request proves, or the PostHog error for why it proves none."""
    credential = find_credential(request, body)
    if credential is None:
        raise NotAuthenticated()
    key = credential.value
    if credential.source == "OAuth" or not isinstance(key, str) or not backend.accepts(key):
        raise credential.failure()
    return key


def _project_id(reference: str, backend: Backend) -> int:
    if reference == CURRENT_PROJECT:
        return backend.default_project_id
    try:
        return int(reference)
    except ValueError:
        raise NotFound("Project not found.") from None


def authorize_project(reference: str, key: str, backend: Backend) -> ServedProject:
    """The project a URL names (an id or ``@current``), if ``key`` may use it."""
    served = backend.project(_project_id(reference, backend))
    if served is None:
        raise NotFound("Project not found.")
    if not backend.may_access(key, served.project.id):
        raise PermissionDenied("You don't have access to the project.")
    return served


def authorize_scopes(key: str, scope_object: str, action: str, project_ref: str | None, backend: Backend) -> None:
    """``APIScopePermission``: a scoped key needs the action's scope and, if it lists projects, that project.
    Legacy keys (no scopes) pass untouched."""
    api_key = backend.api_key(key)
    if api_key.legacy:
        return
    required = required_scope(scope_object, action)
    if required is None:
        raise PermissionDenied(NO_KEY_ACCESS)
    if project_ref is not None and api_key.projects is not None:
        project_id = _project_id(project_ref, backend)
        if backend.project(project_id) is None:
            raise NotFound("Project not found.")
        if not api_key.may_use(project_id):
            raise PermissionDenied(f"API key does not have access to the requested project: ID {project_id}.")
    if not api_key.grants(required):
        raise PermissionDenied(f"API key missing required scope '{required}'")
