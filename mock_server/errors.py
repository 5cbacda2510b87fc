"""The one error model: every failure hogmock reports is an ``APIError`` rendered as PostHog renders it.

PostHog's API renders exceptions through exceptions_hog (``EXCEPTION_HANDLER`` in ``posthog/settings/web.py``)
as ``{"type", "code", "detail", "attr"}``. The hierarchy mirrors the DRF exception each body comes from::

    APIError                       type            status
    ├── AuthenticationError        authentication_error  403 (401 with the setting)
    │   ├── NotAuthenticated         code not_authenticated
    │   └── AuthenticationFailed     code authentication_failed
    ├── PermissionDenied           authentication_error  403, code permission_denied
    ├── InvalidRequest             invalid_request       400
    │   ├── ParseError               code parse_error
    │   ├── NotFound                 404, code not_found
    │   └── MethodNotAllowed         405, code method_not_allowed
    ├── ValidationError            validation_error      400, code from the raiser
    │   └── HogQLError               code hogql_error
    │       ├── HogQLSyntaxError       code hogql_syntax_error
    │       ├── HogQLQueryError        code hogql_query_error
    │       └── HogQLNotImplemented    code hogql_query_error (a PostHog feature hogmock lacks)
    ├── Throttled                  throttled_error       429
    └── ServerError                server_error          500, code error
"""

from __future__ import annotations

from typing import Any, ClassVar


class APIError(Exception):
    """An error with PostHog's status code and ``{type, code, detail, attr}`` body."""

    status: ClassVar[int] = 400
    type: ClassVar[str] = "invalid_request"
    default_code: ClassVar[str] = "invalid_input"

    def __init__(self, detail: str, code: str | None = None, attr: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.attr = attr

    def body(self) -> dict[str, Any]:
        # exceptions_hog renders DRF's generic code "invalid" as "invalid_input".
        code = "invalid_input" if self.code == "invalid" else self.code
        return {"type": self.type, "code": code, "detail": self.detail, "attr": self.attr}

    def headers(self) -> dict[str, str]:
        return {}


class AuthenticationError(APIError):
    status = 403
    type = "authentication_error"


class NotAuthenticated(AuthenticationError):
    default_code = "not_authenticated"

    def __init__(self) -> None:
        super().__init__("Authentication credentials were not provided.")


class AuthenticationFailed(AuthenticationError):
    default_code = "authentication_failed"


class PermissionDenied(AuthenticationError):
    default_code = "permission_denied"


class InvalidRequest(APIError):
    type = "invalid_request"


class ParseError(InvalidRequest):
    default_code = "parse_error"


class NotFound(InvalidRequest):
    status = 404
    default_code = "not_found"


class MethodNotAllowed(InvalidRequest):
    status = 405
    default_code = "method_not_allowed"

    def __init__(self, method: str) -> None:
        super().__init__(f'Method "{method}" not allowed.')


class ValidationError(APIError):
    type = "validation_error"
    default_code = "invalid_input"


class HogQLError(ValidationError):
    """Base of the errors PostHog exposes from HogQL (``ExposedHogQLError`` in ``posthog/hogql/errors.py``)."""

    default_code = "hogql_error"
    # Character offsets of the offending text in the query, when the raiser knows them (``ExposedHogQLError``'s
    # ``start``/``end``); HogQLMetadata reports them.
    start: int | None = None
    end: int | None = None


class HogQLSyntaxError(HogQLError):
    default_code = "hogql_syntax_error"


class HogQLQueryError(HogQLError):
    default_code = "hogql_query_error"


class HogQLNotImplemented(HogQLQueryError):
    """HogQL that PostHog accepts but hogmock cannot run yet; the message says so."""


class Throttled(APIError):
    status = 429
    type = "throttled_error"
    default_code = "throttled"

    def __init__(self, detail: str, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}


class ServerError(APIError):
    status = 500
    type = "server_error"
    default_code = "error"

    def __init__(self, detail: str = "A server error occurred.") -> None:
        super().__init__(detail)
