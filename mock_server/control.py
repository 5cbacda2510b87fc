"""A Python client for hogmock's control API (``/_hogmock/…``, see ``api/control.py``), so tests set the scene
and read the journal with method calls instead of raw HTTP.

It works over anything with httpx's ``request(method, url, json=..., params=..., headers=...)`` (an
``httpx.Client`` or Starlette's ``TestClient``), or, with ``Control.connect(url)``, over the standard library
alone. A call that the control API refuses raises ``ControlError`` with the status and body.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

PREFIX = "/_hogmock"
ADMIN_HEADER = "X-Hogmock-Admin-Token"


class Reply(Protocol):
    @property
    def status_code(self) -> int: ...

    def json(self) -> Any: ...


class Transport(Protocol):
    def request(self, method: str, url: str, **kwargs: Any) -> Reply: ...


class ControlError(RuntimeError):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"control API answered {status}: {body}")
        self.status, self.body = status, body


@dataclass(frozen=True)
class _UrllibReply:
    status_code: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class UrllibTransport:
    """Plain ``urllib`` requests against ``base_url``."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, **kwargs: Any) -> Reply:
        params, body = kwargs.get("params"), kwargs.get("json")
        target = self.base_url + url + ("?" + urlencode(params) if params else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(kwargs.get("headers") or {})}
        request = urllib.request.Request(target, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                return _UrllibReply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return _UrllibReply(error.code, error.read().decode())


class Control:
    """The control API of one hogmock server."""

    def __init__(self, transport: Transport, admin_token: str | None = None) -> None:
        self.transport = transport
        self.headers = {ADMIN_HEADER: admin_token} if admin_token else {}

    @classmethod
    def connect(cls, base_url: str, admin_token: str | None = None) -> Control:
        return cls(UrllibTransport(base_url), admin_token)

    def _call(self, method: str, path: str, body: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        reply = self.transport.request(method, PREFIX + path, json=body, params=params, headers=self.headers)
        if reply.status_code >= 400:
            raise ControlError(reply.status_code, reply.json())
        return reply.json()

    def reset(self, *, data: bool = False) -> Any:
        return self._call("POST", "/reset", {"data": data})

    def projects(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", "/projects")["results"]
        return result

    def load_directory(self, project_id: int, directory: str) -> Any:
        return self._call("PUT", f"/projects/{project_id}/data", {"directory": directory})

    def load_rows(self, project_id: int, events: Sequence[Any], **tables: Any) -> Any:
        """Replace a project's data with inline rows (``persons=``, ``groups=``, ``project=`` too)."""
        return self._call("PUT", f"/projects/{project_id}/data", {"events": list(events), **tables})

    def append_events(self, project_id: int, events: Sequence[Any]) -> Any:
        return self._call("POST", f"/projects/{project_id}/events", {"events": list(events)})

    def clock(self) -> Any:
        return self._call("GET", "/clock")

    def set_clock(self, now: str | None) -> Any:
        return self._call("PUT", "/clock", {"now": now})

    def advance(self, **units: float) -> Any:
        """Move the clock on by ``seconds=``, ``minutes=``, ``hours=`` and/or ``days=``."""
        return self._call("POST", "/clock/advance", units)

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries; filters: ``method``, ``path`` (prefix), ``status``, ``since``, ``limit``."""
        params = {k: v for k, v in filters.items() if v is not None}
        result: list[dict[str, Any]] = self._call("GET", "/journal", params=params)["results"]
        return result

    def clear_journal(self) -> Any:
        return self._call("DELETE", "/journal")

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """Add a fault rule (fields of ``faults.py``); returns it with its ``id``."""
        result: dict[str, Any] = self._call("POST", "/faults", rule)
        return result

    def faults(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call("GET", "/faults")["results"]
        return result

    def remove_fault(self, fault_id: int) -> Any:
        return self._call("DELETE", f"/faults/{fault_id}")

    def clear_faults(self) -> Any:
        return self._call("DELETE", "/faults")

    def limits(self) -> Any:
        return self._call("GET", "/limits")
