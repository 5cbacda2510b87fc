"""The data store: loading a data directory (fixtures.md) and serving it from a locked-down DuckDB.

``load_directory`` reads and validates a directory into a ``Dataset`` (raising ``FixtureError`` on the first
bad row); ``build_database`` turns a ``Dataset`` into a fresh in-memory ``Database`` with the tables of
``ddl.py``.
"""

from .database import Database, QueryResult, build_database, run_select
from .errors import FixtureError
from .loader import load_directory, rebase_days
from .model import Dataset, Event, Group, Person, ProjectFile

__all__ = [
    "Database",
    "Dataset",
    "Event",
    "FixtureError",
    "Group",
    "Person",
    "ProjectFile",
    "QueryResult",
    "build_database",
    "load_directory",
    "rebase_days",
    "run_select",
]
