"""PostHog functions that are rewritten into other HogQL before printing (``posthog/hogql/functions/sparkline.py``).

Each entry takes the call's arguments and returns the HogQL expression PostHog puts in its place, so the
response's ``hogql`` text and column names show the expansion, as PostHog's do.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from mock_server.errors import HogQLQueryError

Expansion = Callable[[list[exp.Expr]], exp.Expr]


def _sparkline(args: list[exp.Expr]) -> exp.Expr:
    # A UI tag the frontend draws as a chart: tuple('__hx_tag', 'Sparkline', 'data', values).
    tag = [exp.Literal.string(text) for text in ("__hx_tag", "Sparkline", "data")]
    return exp.Anonymous(this="tuple", expressions=[*tag, *args])


# name → (argument count, expansion)
EXPANSIONS: dict[str, tuple[int, Expansion]] = {
    "sparkline": (1, _sparkline),
}


def expand_calls(tree: exp.Expr) -> exp.Expr:
    """``tree`` with every call to an expanded function replaced by its expansion."""
    calls = [n for n in tree.find_all(exp.Anonymous) if n.name in EXPANSIONS]
    for call in calls:
        count, expand = EXPANSIONS[call.name]
        if len(call.expressions) != count:
            raise HogQLQueryError(f"Function '{call.name}' expects {count} argument, found {len(call.expressions)}")
        call.replace(expand(list(call.expressions)))
    return tree
