"""Array functions (``posthog/hogql/functions/clickhouse/arrays.py``); HogQL arrays are 1-based, as DuckDB lists are.

Higher-order functions take a lambda printed by the printer's ``exp.Lambda`` transform: its body is a value
(``UInt8`` for conditions) over generated parameter names. With several arrays, ``arrayMap((x, y) -> …, a, b)``
walks the first array with DuckDB's index parameter and reads the others at that index.
"""

from __future__ import annotations

from sqlglot import exp

from mock_server.errors import HogQLQueryError
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import (
    Args,
    Function,
    Render,
    Types,
    array_element,
    call,
    common,
    default_value,
    fixed,
    sql,
)


def _zipped(args: Args) -> tuple[exp.Expr, exp.Lambda]:
    """The array to walk and a DuckDB lambda over its elements, the other arrays read at the same index."""
    lam, arrays = args[0], args[1:]
    if not isinstance(lam, exp.Lambda):
        raise HogQLQueryError("Expected a lambda function as the first argument")
    params = [e.name for e in lam.expressions]
    if len(arrays) == 1:
        return arrays[0], lam
    index = f"{params[0]}_i"
    others = {name: arr for name, arr in zip(params[1:], arrays[1:], strict=True)}
    body = lam.this.transform(
        lambda n: (
            exp.func("list_extract", others[n.name].copy(), exp.column(index))
            if isinstance(n, exp.Column) and n.name in others
            else n
        )
    )
    return arrays[0], exp.Lambda(this=body, expressions=[exp.to_identifier(params[0]), exp.to_identifier(index)])


def _predicate(lam: exp.Lambda) -> exp.Lambda:
    """The lambda as a DuckDB condition: ClickHouse takes any non-zero value as true, NULL as false."""
    test = exp.func("coalesce", exp.cast(exp.paren(lam.this), "BOOLEAN"), exp.false())
    return exp.Lambda(this=test, expressions=lam.expressions)


def _negated(lam: exp.Lambda) -> exp.Lambda:
    return exp.Lambda(this=exp.Not(this=_predicate(lam).this), expressions=lam.expressions)


def _higher(name: str, predicate: bool) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        array, lam = _zipped(args)
        return exp.Anonymous(this=name, expressions=[array, _predicate(lam) if predicate else lam])

    return render


def _filtered_len(template: str, negate: bool = False) -> Render:
    """arrayExists/arrayAll/arrayCount: how many elements pass, compared or counted."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        if not isinstance(args[0], exp.Lambda):  # arrayCount(arr): the non-zero elements
            args = [_truthy(), *args]
        array, lam = _zipped(args)
        kept = exp.Anonymous(this="list_filter", expressions=[array, _negated(lam) if negate else _predicate(lam)])
        return sql(template)([kept], types, ctx)

    return render


def _truthy() -> exp.Lambda:
    return exp.Lambda(this=exp.column("_e"), expressions=[exp.to_identifier("_e")])


def _first(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    array, lam = _zipped(args)
    kept = exp.Anonymous(this="list_filter", expressions=[array, _predicate(lam)])
    return exp.func(
        "coalesce", exp.func("list_extract", kept, exp.Literal.number(1)), default_value(array_element(types[1:], ctx))
    )


def _sort(order: str) -> Render:
    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        if len(args) == 1:
            return sql(f"list_sort({{0}}, '{order}', 'NULLS LAST')")(args, types, ctx)
        array, lam = _zipped(args)
        # Sort (key, element) pairs, then keep the elements: arraySort(x -> key, arr) orders by the key.
        pairs = exp.Anonymous(
            this="list_zip", expressions=[exp.Anonymous(this="list_transform", expressions=[array, lam]), array.copy()]
        )
        return sql(f"list_transform(list_sort({{0}}, '{order}', 'NULLS LAST'), lambda _p: _p[2])")([pairs], types, ctx)

    return render


def _lambda_array(index: int) -> Render:
    return lambda args, types, ctx: args[index]


def _map_type(types: Types, ctx: TranslationContext) -> str:
    return f"Array({types[0]})"


def _arg_type(index: int) -> object:
    return lambda types, ctx: types[index]


def _element(types: Types, ctx: TranslationContext) -> str:
    return array_element(types[-1:], ctx)


def _sum_type(types: Types, ctx: TranslationContext) -> str:
    parts = T.int_parts(array_element(types[-1:], ctx))
    return "Float64" if parts is None else ("Int64" if parts[0] else "UInt64")


def _with_element_default(name: str) -> Render:
    """arrayMin/arrayMax: the element type's default for an empty array, as ClickHouse gives."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        return exp.func(
            "coalesce", exp.Anonymous(this=name, expressions=[args[0]]), default_value(_element(types, ctx))
        )

    return render


def _element_at(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # Out of range gives the element type's default (0, ''), not NULL.
    return exp.func("coalesce", exp.func("list_extract", args[0], args[1]), default_value(_element(types[:1], ctx)))


def _slice(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # arraySlice(arr, offset[, length]): 1-based offset, negative from the end, offset 0 gives [].
    start = "CASE WHEN {1} > 0 THEN {1} ELSE len({0}) + {1} + 1 END"
    end = f"({start}) + {{2}} - 1" if len(args) > 2 else "len({0})"
    template = f"CASE WHEN {{1}} = 0 THEN [] ELSE list_slice({{0}}, {start}, {end}) END"
    return sql(template)(args, types, ctx)


def _range(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    bounds = [exp.Literal.number(0), *args] if len(args) == 1 else list(args)
    return exp.Anonymous(this="range", expressions=bounds)


def _range_type(types: Types, ctx: TranslationContext) -> str:
    return f"Array({T.unwrap(common(types, ctx))})"


def _array_type(types: Types, ctx: TranslationContext) -> str:
    return f"Array({common(types, ctx) if types else 'Nothing'})"


def _concat(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    result = args[0]
    for arr in args[1:]:
        result = exp.Anonymous(this="list_concat", expressions=[result, arr])
    return result


def _string_concat(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    separator = args[1] if len(args) > 1 else exp.Literal.string("")
    texts = sql("list_transform({0}, lambda _s: CAST(_s AS VARCHAR))")(args[:1], types, ctx)
    return exp.Anonymous(this="array_to_string", expressions=[texts, separator])


def _index_of(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    return sql("CAST(coalesce(list_position({0}, {1}), 0) AS UBIGINT)")(args, types, ctx)


def _depth(ch_type: str) -> int:
    """How many Array( levels wrap the element type."""
    inner = T.unwrap(ch_type)
    return 1 + _depth(inner[len("Array(") : -1]) if inner.startswith("Array(") else 0


def _flatten(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse's arrayFlatten removes every level of nesting; DuckDB's flatten removes one.
    result = args[0]
    for _ in range(_depth(types[0]) - 1):
        result = exp.Anonymous(this="flatten", expressions=[result])
    return result


def _innermost(types: Types, ctx: TranslationContext) -> str:
    inner = T.unwrap(types[0])
    while inner[len("Array(") :].startswith("Array("):
        inner = inner[len("Array(") : -1]
    return inner


def _zip_type(types: Types, ctx: TranslationContext) -> str:
    return f"Array(Tuple({', '.join(array_element([t], ctx) for t in types)}))"


def _zip(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
    # ClickHouse refuses arrays of different lengths (DuckDB's list_zip would pad with NULLs).
    lengths = [exp.func("len", a.copy()) for a in args]
    same = exp.and_(*(exp.EQ(this=lengths[0].copy(), expression=n) for n in lengths[1:]))
    zipped = exp.Anonymous(this="list_zip", expressions=list(args))
    failure = exp.Anonymous(
        this="error", expressions=[exp.Literal.string("Array arguments for function arrayZip must have equal sizes")]
    )
    return exp.If(this=same, true=zipped, false=failure)


FUNCTIONS: dict[str, Function] = {
    "arrayFlatten": Function(1, 1, _flatten, _innermost),
    "arrayZip": Function(2, None, _zip, _zip_type),
    "has": Function(2, 2, call("list_contains"), fixed(T.BOOL), boolean=True),
    "hasAny": Function(2, 2, call("list_has_any"), fixed(T.BOOL), boolean=True),
    "hasAll": Function(2, 2, call("list_has_all"), fixed(T.BOOL), boolean=True),
    "indexOf": Function(2, 2, _index_of, fixed("UInt64")),
    "arrayJoin": Function(1, 1, call("unnest"), array_element),
    "arrayMap": Function(2, None, _higher("list_transform", False), _map_type),
    "arrayFilter": Function(2, None, _higher("list_filter", True), lambda types, ctx: types[1]),
    "arrayExists": Function(2, None, _filtered_len("CAST(len({0}) > 0 AS UTINYINT)"), fixed(T.BOOL)),
    "arrayAll": Function(2, None, _filtered_len("CAST(len({0}) = 0 AS UTINYINT)", negate=True), fixed(T.BOOL)),
    "arrayCount": Function(1, None, _filtered_len("CAST(len({0}) AS UINTEGER)"), fixed("UInt32")),
    "arrayFirst": Function(2, None, _first, _element),
    "arraySort": Function(1, None, _sort("ASC"), lambda types, ctx: types[-1]),
    "arrayReverseSort": Function(1, None, _sort("DESC"), lambda types, ctx: types[-1]),
    "arrayDistinct": Function(
        1, 1, sql("list_filter({0}, lambda _d, _i: list_position({0}, _d) = _i)"), lambda types, ctx: types[0]
    ),
    "arrayStringConcat": Function(1, 2, _string_concat, fixed("String")),
    "arraySum": Function(1, 1, sql("coalesce(list_sum({0}), 0)"), _sum_type),
    "arrayMin": Function(1, 1, _with_element_default("list_min"), _element),
    "arrayMax": Function(1, 1, _with_element_default("list_max"), _element),
    "arrayAvg": Function(1, 1, sql("coalesce(list_avg({0}), 'nan'::DOUBLE)"), fixed("Float64")),
    "arrayConcat": Function(1, None, _concat, lambda types, ctx: types[0]),
    "arraySlice": Function(2, 3, _slice, lambda types, ctx: types[0]),
    "arrayReverse": Function(1, 1, call("list_reverse"), lambda types, ctx: types[0]),
    "arrayElement": Function(2, 2, _element_at, lambda types, ctx: array_element(types[:1], ctx)),
    "range": Function(1, 3, _range, _range_type),
    "array": Function(0, None, lambda args, types, ctx: exp.Array(expressions=list(args)), _array_type),
    "arrayCompact": Function(
        1,
        1,
        sql("list_filter({0}, lambda _c, _i: _i = 1 OR _c IS DISTINCT FROM {0}[_i - 1])"),
        lambda types, ctx: types[0],
    ),
    "arrayUniq": Function(1, 1, sql("CAST(len(list_distinct({0})) AS UINTEGER)"), fixed("UInt32")),
}
