"""hogmock: an offline stand-in for PostHog's Query API.

The package is layered so that data flows one way:
request → ``api`` (auth, limits) → ``runner`` → ``hogql`` (translator) → ``store`` (DuckDB) → ``api.encoding``.
"""

__version__ = "0.1.0"
