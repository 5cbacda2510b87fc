"""Rate limits at the HTTP layer: the tables, buckets and slots live in ``mock_server/limits.py`` (the backend's
state, below the API); this module names them for the API code and its tests, which import them from here.
"""

from __future__ import annotations

from mock_server.limits import (
    API_QUERIES,
    PROFILES,
    RATES,
    Buckets,
    Limits,
    Profile,
    Rate,
    Slots,
    key_ident,
    throttle_scopes,
    throttled,
)

__all__ = [
    "API_QUERIES",
    "PROFILES",
    "RATES",
    "Buckets",
    "Limits",
    "Profile",
    "Rate",
    "Slots",
    "key_ident",
    "throttle_scopes",
    "throttled",
]
