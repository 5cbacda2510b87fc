"""Request bodies parsed as DRF parses them: lazily, by content type, with DRF's error texts.

PostHog uses DRF's default parsers (``JSONParser``, ``FormParser``, ``MultiPartParser``). An empty body is ``{}``
whatever its content type; a body of a type no parser takes is ``415 Unsupported media type "…" in request.``
(a missing ``Content-Type`` counts as ``""``); JSON that does not parse is ``400 JSON parse error - <json's
message>``, and DRF's strict JSON refuses ``NaN`` and ``Infinity`` (``rest_framework/parsers.py``,
``rest_framework/utils/json.py``). Parsing happens on first use, so it fails where DRF's lazy
``request.data`` would: in the authenticator looking for a body key, or in the handler.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from mock_server.errors import InvalidRequest, ParseError


class UnsupportedMediaType(InvalidRequest):
    """DRF's ``UnsupportedMediaType``, which exceptions_hog renders as an ``invalid_request``."""

    status = 415
    default_code = "unsupported_media_type"

    def __init__(self, media_type: str) -> None:
        super().__init__(f'Unsupported media type "{media_type}" in request.')


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")


def parse_json(raw: bytes, charset: str = "utf-8") -> Any:
    """The one strict JSON parser of request bodies (DRF's ``JSONParser``); ``ParseError`` when it fails.

    Nesting deeper than Python's recursion limit makes ``json`` raise ``RecursionError``, which DRF would let
    through as a 500 [UNCONFIRMED]; bad input never gets a 500 here, so it is a parse error like any other."""
    try:
        return json.loads(raw.decode(charset), parse_constant=_refuse_constant)
    except (ValueError, LookupError, RecursionError) as error:
        raise ParseError(f"JSON parse error - {error}") from None


_parse_json = parse_json  # the old private name, still imported by api/control.py


def _parse_form(raw: bytes, charset: str) -> Any:
    # A QueryDict; as a plain mapping each key reads as its last value. [UNCONFIRMED] what pydantic sees.
    return dict(parse_qsl(raw.decode(charset, errors="replace"), keep_blank_values=True))


PARSERS: dict[str, Callable[[bytes, str], Any]] = {
    "application/json": parse_json,
    "application/x-www-form-urlencoded": _parse_form,
}


def media_type(content_type: str) -> tuple[str, str]:
    """The bare media type and its charset (UTF-8 unless given)."""
    kind, *params = (part.strip() for part in content_type.split(";"))
    charsets = [p.split("=", 1)[1].strip('"') for p in params if p.lower().startswith("charset=")]
    return kind.lower(), charsets[0] if charsets else "utf-8"


_media_type = media_type  # the old private name, still imported by api/control.py


class RequestBody:
    """A request's body, parsed on first access of ``data`` and then remembered (errors included)."""

    def __init__(self, raw: bytes, content_type: str | None) -> None:
        self._raw = raw
        self._content_type = content_type or ""
        self._data: Any = None
        self._error: ParseError | UnsupportedMediaType | None = None
        self._parsed = False

    @property
    def json(self) -> Any:
        """The body as JSON whatever its content type (what the journal records), or ``None`` when it is
        empty or not JSON. A JSON body already parsed for the handler is reused, not parsed again."""
        if not self._raw:
            return None
        if media_type(self._content_type)[0] == "application/json":
            return self._or_none(lambda: self.data)
        return self._or_none(lambda: parse_json(self._raw))

    @staticmethod
    def _or_none(parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except ParseError:
            return None

    @property
    def data(self) -> Any:
        if not self._parsed:
            self._parsed = True
            try:
                self._data = self._parse()
            except (ParseError, UnsupportedMediaType) as error:
                self._error = error
        if self._error is not None:
            raise self._error
        return self._data

    def _parse(self) -> Any:
        if not self._raw:
            return {}
        kind, charset = media_type(self._content_type)
        parser = PARSERS.get(kind)
        if parser is None:
            raise UnsupportedMediaType(self._content_type)
        return parser(self._raw, charset)
