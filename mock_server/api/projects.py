"""``GET /api/projects/``: the projects the key may use, in DRF's ``LimitOffsetPagination`` envelope.

PostHog's ``ProjectViewSet`` lists with ``ProjectBackwardCompatBasicSerializer`` (``posthog/api/project.py``,
``posthog/api/shared.py``); hogmock writes the ``TeamBasicSerializer`` field set, which adds ``project_id`` as a
live capture shows. Pagination is DRF's (``rest_framework/pagination.py``) with ``PAGE_SIZE`` 100
(``posthog/settings/web.py``): ``limit`` (a positive int, else the default) and ``offset`` (a non-negative int,
else 0); ``next``/``previous`` are the request's absolute URL with those parameters replaced, sorted by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from starlette.responses import Response

from mock_server.api.encoding import PostHogJSONResponse
from mock_server.api.routing import Call
from mock_server.backend import ServedProject

PAGE_SIZE = 100


def project_fields(served: ServedProject) -> dict[str, Any]:
    project = served.project
    return {
        "id": project.id,
        "uuid": project.uuid,
        "organization": project.organization,
        "project_id": project.id,
        "api_token": project.api_token,
        "name": project.name,
        "completed_snippet_onboarding": True,
        "has_completed_onboarding_for": {"product_analytics": True},
        "ingested_event": True,
        "is_demo": False,
        "timezone": project.timezone,
        "access_control": False,
    }


def _int_param(text: str | None, *, minimum: int, default: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return value if value >= minimum else default


def replace_query_params(url: str, **params: int | None) -> str:
    """``url`` with each param set (or removed when ``None``), keys sorted: DRF's ``replace_query_param`` and
    ``remove_query_param`` (``rest_framework/utils/urls.py``)."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    values = parse_qs(query, keep_blank_values=True)
    for key, value in params.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = [str(value)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(values.items()), doseq=True), fragment))


@dataclass(frozen=True)
class LimitOffset:
    """One page of a list, and the links to its neighbours."""

    limit: int
    offset: int
    count: int

    def next_url(self, url: str) -> str | None:
        if self.offset + self.limit >= self.count:
            return None
        return replace_query_params(url, limit=self.limit, offset=self.offset + self.limit)

    def previous_url(self, url: str) -> str | None:
        if self.offset <= 0:
            return None
        if self.offset - self.limit <= 0:
            return replace_query_params(url, limit=self.limit, offset=None)
        return replace_query_params(url, limit=self.limit, offset=self.offset - self.limit)


async def list_projects(call: Call) -> Response:
    projects = call.backend.projects_for(call.key)
    params = call.request.query_params
    page = LimitOffset(
        limit=_int_param(params.get("limit"), minimum=1, default=PAGE_SIZE),
        offset=_int_param(params.get("offset"), minimum=0, default=0),
        count=len(projects),
    )
    url = str(call.request.url)
    chosen = projects[page.offset : page.offset + page.limit]
    return PostHogJSONResponse(
        {
            "count": page.count,
            "next": page.next_url(url),
            "previous": page.previous_url(url),
            "results": [project_fields(served) for served in chosen],
        }
    )
