"""hogmock's parser accepts and rejects what PostHog's own parser (``hogql-parser``) does, on the corpus and on
a list of invalid queries."""

from __future__ import annotations

import pytest

from mock_server.errors import HogQLSyntaxError
from mock_server.hogql.dialect import parse_query
from tests.differential import reference_parser
from tests.differential.corpus import CASES, INVALID


def _posthog_accepts(query: str) -> bool:
    try:
        reference_parser.parse_select(query)
    except reference_parser.ParseFailure:
        return False
    return True


def _hogmock_accepts(query: str) -> bool:
    try:
        parse_query(query)
    except HogQLSyntaxError:
        return False
    return True


@pytest.mark.parametrize("query", [case.hogql for case in CASES], ids=[case.id for case in CASES])
def test_corpus_parses_in_both(query: str) -> None:
    assert _posthog_accepts(query), "PostHog's parser rejects a corpus query"
    assert _hogmock_accepts(query), "hogmock rejects a query PostHog's parser accepts"


@pytest.mark.parametrize("query", INVALID)
def test_invalid_rejected_by_both(query: str) -> None:
    assert (_hogmock_accepts(query), _posthog_accepts(query)) == (False, False)
