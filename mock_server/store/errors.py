"""The one error a data directory can raise: ``FixtureError``, naming the file, row and key at fault."""

from __future__ import annotations


class FixtureError(Exception):
    """A data directory that cannot be loaded; the message says where, e.g.
    ``events.jsonl:17: timestamp: not an ISO 8601 date-time: '20/11/2026'``."""

    @classmethod
    def at(cls, where: str, key: str, problem: str) -> FixtureError:
        """An error about one key of a row at ``where`` (``events.jsonl:17``, ``events.parquet:row 17``)."""
        return cls(f"{where}: {key}: {problem}")
