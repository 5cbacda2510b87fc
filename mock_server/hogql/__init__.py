"""HogQL → DuckDB translation through sqlglot.

``translate`` is the package's one entry point: parse (``dialect``), resolve PostHog's virtual schema
(``schema``, ``resolver``, ``functions``), then print DuckDB SQL (``printer``). It returns the SQL to run and
what the response needs: column names and ClickHouse type names.
"""

from __future__ import annotations

from mock_server.hogql.context import Translation, TranslationContext
from mock_server.hogql.translate import translate

__all__ = ["Translation", "TranslationContext", "translate"]
