"""``GET query/draft_sql/``: PostHog's AI text-to-SQL, replaced by a configurable map from prompt to SQL.

PostHog (``posthog/api/query.py`` ``draft_sql``) validates ``prompt`` (required; at most 400 characters) and asks
an LLM (``posthog/hogql/ai.py`` ``write_sql_from_prompt``), which may give up with ``PromptUnclear``. hogmock
answers from ``Settings.draft_sql_file`` (``--draft-sql FILE``): a JSON object whose keys are prompts and whose
values are the SQL, or ``{"unclear": "<reason>"}`` for a prompt the model would not understand. Any other prompt
gets ``DEFAULT_SQL``, so answers are deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server.errors import ValidationError

MAX_PROMPT_LENGTH = 400
DEFAULT_SQL = "SELECT event, count() AS count FROM events GROUP BY event ORDER BY count DESC LIMIT 100"
UNCLEAR_KEY = "unclear"


@dataclass(frozen=True)
class DraftSql:
    """The prompt → answer map (an answer is SQL text, or ``{"unclear": reason}``)."""

    answers: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: Path | None) -> DraftSql:
        if path is None:
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a JSON object mapping prompts to SQL")
        return cls(data)

    def answer(self, prompt: str | None) -> dict[str, str]:
        """``{"sql": …}``, or the ValidationError PostHog raises for the prompt."""
        if not prompt:
            raise ValidationError("This field is required.", code="required", attr="prompt")
        if len(prompt) > MAX_PROMPT_LENGTH:
            raise ValidationError("This field is too long.", code="too_long", attr="prompt")
        found = self.answers.get(prompt, DEFAULT_SQL)
        if isinstance(found, dict):
            raise ValidationError(str(found.get(UNCLEAR_KEY, "")), code="unclear", attr="prompt")
        return {"sql": str(found)}
