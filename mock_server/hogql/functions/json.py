"""JSON functions (``posthog/hogql/functions/clickhouse/json.py``) with ClickHouse's forgiving results.

ClickHouse never fails on bad JSON or a missing path: JSONExtractString of a number, of a missing key or of
invalid JSON is ``''``, JSONExtractInt is ``0``, JSONExtractRaw is ``''``. Path arguments are keys (strings) or
1-based positions (negative from the end); they must be constants, and become a DuckDB JSONPath.
"""

from __future__ import annotations

import json

from sqlglot import exp

from mock_server.errors import HogQLNotImplemented
from mock_server.hogql import types as T
from mock_server.hogql.context import TranslationContext
from mock_server.hogql.functions.core import Args, Function, Render, Types, fixed, propagating

# ClickHouse's JSONType result type, and DuckDB's json_type names for its values (DuckDB calls every
# non-negative integer UBIGINT; ClickHouse says Int64 unless it exceeds Int64).
JSON_TYPE = (
    "Enum8('Null' = 0, 'String' = 34, 'Array' = 91, 'Bool' = 98, 'Double' = 100, 'Int64' = 105, "
    "'UInt64' = 117, 'Object' = 123)"
)
_TYPE_NAMES = {
    "OBJECT": "Object", "ARRAY": "Array", "VARCHAR": "String", "BIGINT": "Int64", "UBIGINT": "Int64",
    "DOUBLE": "Double", "BOOLEAN": "Bool", "NULL": "Null",
}  # fmt: skip


def json_path(args: Args) -> str:
    """``'a', 2, -1`` → ``$."a"[1][#-1]``."""
    return "$" + "".join(_step(a) for a in args)


def _step(arg: exp.Expr) -> str:
    if isinstance(arg, exp.Literal) and arg.is_string:
        return "." + json.dumps(str(arg.this))
    number = arg.this.this if isinstance(arg, exp.Neg) else arg.this
    if isinstance(arg, exp.Literal | exp.Neg) and str(number).isdigit():
        index = int(number) * (-1 if isinstance(arg, exp.Neg) else 1)
        return f"[{index - 1}]" if index > 0 else f"[#{index}]"
    raise HogQLNotImplemented("hogmock supports only constant JSON paths")


def _guarded(template: str, default: str) -> Render:
    """``template`` over {json} and {path}, valid JSON only; ``default`` otherwise; NULL stays NULL."""

    def render(args: Args, types: Types, ctx: TranslationContext) -> exp.Expr:
        document = f"({args[0].sql('duckdb')})"
        path = exp.Literal.string(json_path(args[1:])).sql("duckdb")
        body = template.format(json=document, path=path)
        valid = f"WHEN json_valid({document}) THEN coalesce({body}, {default})"
        case = f"CASE WHEN {document} IS NULL THEN NULL {valid} ELSE {default} END"
        return exp.maybe_parse(case, dialect="duckdb")

    return render


_TYPE = "json_type({json}, {path})"
_TEXT = "json_extract_string({json}, {path})"
_INT = (
    f"CASE {_TYPE} WHEN 'BIGINT' THEN TRY_CAST({_TEXT} AS BIGINT) WHEN 'UBIGINT' THEN TRY_CAST({_TEXT} AS BIGINT) "
    f"WHEN 'DOUBLE' THEN CAST(trunc(CAST({_TEXT} AS DOUBLE)) AS BIGINT) "
    f"WHEN 'VARCHAR' THEN TRY_CAST(trunc(TRY_CAST({_TEXT} AS DOUBLE)) AS BIGINT) END"
)
_FLOAT = f"CASE WHEN {_TYPE} IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') THEN TRY_CAST({_TEXT} AS DOUBLE) END"
_BOOL = (
    f"CASE {_TYPE} WHEN 'BOOLEAN' THEN CAST(CAST({_TEXT} AS BOOLEAN) AS UTINYINT) "
    f"WHEN 'BIGINT' THEN CAST(CAST({_TEXT} AS BIGINT) <> 0 AS UTINYINT) WHEN 'UBIGINT' THEN "
    f"CAST(CAST({_TEXT} AS UBIGINT) <> 0 AS UTINYINT) END"
)
_RAW = "CAST(json_extract({json}, {path}) AS VARCHAR)"
_STRING = f"CASE {_TYPE} WHEN 'VARCHAR' THEN {_TEXT} WHEN 'NULL' THEN '' ELSE {_RAW} END"
_TYPE_NAME = "CASE " + _TYPE + " " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _TYPE_NAMES.items()) + " END"

FUNCTIONS: dict[str, Function] = {
    # ClickHouse 26 (chdb) gives other values' minified JSON text, '' for null (older releases gave '').
    "JSONExtractString": Function(1, None, _guarded(_STRING, "''"), propagating("String")),
    "JSONExtractInt": Function(1, None, _guarded(_INT, "0"), propagating("Int64")),
    "JSONExtractFloat": Function(1, None, _guarded(_FLOAT, "0::DOUBLE"), propagating("Float64")),
    "JSONExtractBool": Function(1, None, _guarded(_BOOL, "0::UTINYINT"), propagating("UInt8")),
    "JSONExtractRaw": Function(
        1, None, _guarded("CAST(json_extract({json}, {path}) AS VARCHAR)", "''"), propagating("String")
    ),
    "JSONHas": Function(
        1, None, _guarded(f"CAST({_TYPE} IS NOT NULL AS UTINYINT)", "0::UTINYINT"), propagating("UInt8")
    ),
    "JSONLength": Function(
        1,
        None,
        _guarded(
            f"CASE {_TYPE} WHEN 'ARRAY' THEN json_array_length({{json}}, {{path}}) "
            "WHEN 'OBJECT' THEN len(json_keys({json}, {path})) END",
            "0::UBIGINT",
        ),
        propagating("UInt64"),
    ),
    "JSONExtractKeys": Function(
        1,
        None,
        _guarded(f"CASE WHEN {_TYPE} = 'OBJECT' THEN json_keys({{json}}, {{path}}) END", "[]::VARCHAR[]"),
        fixed("Array(String)"),
    ),
    "JSONExtractArrayRaw": Function(
        1,
        None,
        _guarded(
            f"CASE WHEN {_TYPE} = 'ARRAY' THEN CAST(json_extract({{json}}, {{path}} || '[*]') AS VARCHAR[]) END",
            "[]::VARCHAR[]",
        ),
        fixed("Array(String)"),
    ),
    "JSONType": Function(1, None, _guarded(_TYPE_NAME, "'Null'"), fixed(JSON_TYPE)),
    "isValidJSON": Function(
        1, 1, lambda args, types, ctx: T.cast(exp.func("json_valid", args[0]), "UTINYINT"), fixed("UInt8")
    ),
}
