"""Window-only functions (``row_number() OVER (…)`` and friends) and PostHog's ``lag``/``lead`` rewrite.

Names and arities follow ``posthog/hogql/functions/mapping.py`` (the "window functions" block); types and
values follow ClickHouse (checked with chdb): ranks are ``UInt64``; ``first_value``/``last_value`` skip NULLs
(they are ``any``/``anyLast``); ``nth_value`` and ``lagInFrame``/``leadInFrame`` give the type's default, not
NULL, when the row they want is outside the frame. The ``OVER`` part is printed by ``printer.py``; the
renderers here give the function under it.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import Args, Function, Render, Types, arg_type, call, default_value, fixed

# The function nodes the printer puts OVER (…) on, found inside what a renderer returns.
_WINDOW_NODES = (exp.IgnoreNulls, exp.AggFunc, exp.Filter)
_DUCK_NAMES = frozenset(
    {"row_number", "rank", "dense_rank", "nth_value", "lag", "lead", "sum", "min", "max", "avg", "first", "last"}
    | {"arg_max", "arg_min", "list", "median", "quantile_cont", "stddev_pop", "stddev_samp", "var_pop", "var_samp"}
)


def over_target(rendered: exp.Expr) -> exp.Expr | None:
    """The node in a rendered function that ``OVER (…)`` applies to: the outermost DuckDB aggregate."""
    for node in rendered.bfs():
        if isinstance(node, _WINDOW_NODES) or (isinstance(node, exp.Anonymous) and node.name.lower() in _DUCK_NAMES):
            return node
    return None


def _skipping_nulls(node: type[exp.Func]) -> Render:
    """``first_value``/``last_value``: ClickHouse's are ``any``/``anyLast``, which skip NULLs."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        found = exp.IgnoreNulls(this=node(this=args[0]))
        return found if T.is_nullable(types[0]) else exp.func("coalesce", found, default_value(types[0]))

    return render


def _nth_value(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    found = exp.Anonymous(this="nth_value", expressions=list(args))
    return found if T.is_nullable(types[0]) else exp.func("coalesce", found, default_value(types[0]))


def _shifted(name: str) -> Render:
    """``lagInFrame(x[, offset[, default]])``: the default is the type's own when not given."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        offset = args[1] if len(args) > 1 else exp.Literal.number(1)
        fallback = args[2] if len(args) > 2 else default_value(types[0])
        return exp.Anonymous(this=name, expressions=[args[0], offset, fallback])

    return render


FUNCTIONS: dict[str, Function] = {
    "row_number": Function(0, 0, call("row_number"), fixed("UInt64")),
    "rank": Function(0, 0, call("rank"), fixed("UInt64")),
    "dense_rank": Function(0, 0, call("dense_rank"), fixed("UInt64")),
    "first_value": Function(1, 1, _skipping_nulls(exp.FirstValue), arg_type(0)),
    "last_value": Function(1, 1, _skipping_nulls(exp.LastValue), arg_type(0)),
    "nth_value": Function(2, 2, _nth_value, arg_type(0)),
    "lagInFrame": Function(1, 3, _shifted("lag"), arg_type(0)),
    "leadInFrame": Function(1, 3, _shifted("lead"), arg_type(0)),
    # Only reachable through the lag/lead rewrite below; conversions may define the same entry.
    "toNullable": Function(1, 1, lambda args, types, ctx: args[0], lambda types, ctx: T.nullable(types[0])),
}

WINDOW_ONLY = (frozenset(FUNCTIONS) - {"toNullable"}) | {"lag", "lead"}

# PostHog prints lag/lead as lagInFrame/leadInFrame of toNullable(x) (posthog/hogql/printer/base.py,
# visit_window_function), so the first row gets NULL rather than the type's default.
_RENAMES = {"lag": "lagInFrame", "lead": "leadInFrame"}


def _whole_frame() -> exp.WindowSpec:
    return exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="UNBOUNDED", end_side="FOLLOWING")


def resolve_window(node: exp.Window, named: dict[str, exp.Window]) -> exp.Window:
    """``f(…) OVER w`` with ``w``'s definition inlined; PostHog's lag/lead rewrite applied."""
    base = named.get(node.alias) if node.alias else None
    window = node.copy()
    if base is not None:
        window.set("alias", None)
        for key in ("partition_by", "order", "spec"):
            window.set(key, base.args[key].copy() if base.args.get(key) else None)
    name = window.this.name if isinstance(window.this, exp.Anonymous | exp.AnonymousAggFunc) else ""
    return _lag_lead(window, named_base=base is not None) if name in _RENAMES else window


def _lag_lead(window: exp.Window, named_base: bool) -> exp.Window:
    call = window.this
    args = list(call.expressions)
    args[0] = exp.Anonymous(this="toNullable", expressions=[args[0]])
    window.set("this", exp.Anonymous(this=_RENAMES[call.name], expressions=args))
    spec = window.args.get("spec")
    if named_base:
        window.set("spec", _completed(spec))
    elif window.args.get("order") is not None and spec is None:
        window.set("spec", _whole_frame())
    return window


def _completed(spec: exp.WindowSpec | None) -> exp.WindowSpec:
    """A named window's frame with PostHog's defaults filled in: ROWS, UNBOUNDED on both sides."""
    whole = _whole_frame()
    if spec is None:
        return whole
    for key in ("kind", "start", "start_side", "end", "end_side"):
        if spec.args.get(key) is None:
            spec.set(key, whole.args[key])
    return spec
