"""PostHog's own HogQL parser (``hogql-parser``, the C++ ANTLR build of ``posthog/hogql/grammar/*.g4``).

Owns the stand-in for ``posthog.hogql.errors`` that the extension imports when it loads (hogql.md §5), and
``parse_select``: HogQL text → PostHog's JSON AST, or ``ParseFailure`` with PostHog's message.
"""

from __future__ import annotations

import json
import sys
import types
from typing import Any


class _HogQLError(Exception):
    def __init__(self, message: str, *, start: int | None = None, end: int | None = None, node: Any = None):
        super().__init__(message)
        self.start, self.end = start, end


_ERRORS = ("BaseHogQLError", "ExposedHogQLError", "InternalHogQLError", "SyntaxError", "ParsingError")
_ERRORS += ("NotImplementedError", "QueryError", "ResolutionError", "ImpossibleASTError")


def _install_stub() -> None:
    """Register ``posthog.hogql.errors`` unless the real one (a PostHog checkout) is importable."""
    if "posthog.hogql.errors" in sys.modules:
        return
    modules = {name: types.ModuleType(name) for name in ("posthog", "posthog.hogql", "posthog.hogql.errors")}
    for name in _ERRORS:
        setattr(modules["posthog.hogql.errors"], name, type(name, (_HogQLError,), {}))
    sys.modules.update(modules)


class ParseFailure(Exception):
    """PostHog's parser rejected the query."""


def parse_select(query: str) -> dict[str, Any]:
    """PostHog's JSON AST of ``query`` (positions dropped), or ``ParseFailure``."""
    _install_stub()
    import hogql_parser

    try:
        tree: dict[str, Any] = json.loads(hogql_parser.parse_select_json(query, True))
    except Exception as error:  # the extension raises the stub's classes
        raise ParseFailure(str(error)) from None
    if tree.get("error"):
        raise ParseFailure(str(tree.get("message")))
    return tree
