"""A small pydantic-v2 look-alike: validators that collect errors as pydantic does and print them in its words.

PostHog turns a failed ``model_validate`` into ``ParseError("JSON parse error - " + str(exc))``
(``posthog/api/mixins.py`` ``PydanticModelMixin``), so clients see pydantic's text. These validators mirror
pydantic's lax mode for the types the query schema uses (strings, booleans, numbers, integers, enums, objects,
lists, models with ``extra="forbid"``, unions tagged by ``kind``, smart unions and the recursive property group):
a model checks its fields in order, then reports extra keys in input order; an error inside a union carries the
member's tag or label in its location. ``pydantic_text``
prints ``str(ValidationError)``, cutting long inputs as pydantic-core does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# posthog/pyproject.toml pins pydantic ~=2.12; pydantic links each error to its documentation page.
PYDANTIC_DOCS = "https://errors.pydantic.dev/2.12/v/"
# pydantic-core shortens an input's repr longer than this many bytes to its first 25 and last 24 bytes.
REPR_LIMIT = 50

Loc = tuple[str, ...]


@dataclass(frozen=True)
class ErrorItem:
    """One line item of a pydantic ``ValidationError``."""

    loc: Loc
    type: str
    message: str
    input: Any


@dataclass
class Errors:
    items: list[ErrorItem] = field(default_factory=list)

    def add(self, loc: Loc, type_: str, message: str, value: Any) -> None:
        self.items.append(ErrorItem(loc, type_, message, value))


class Validator(Protocol):
    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any: ...


def text(value: Any, loc: Loc, errors: Errors) -> Any:
    if not isinstance(value, str):
        errors.add(loc, "string_type", "Input should be a valid string", value)
    return value


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def boolean(value: Any, loc: Loc, errors: Errors) -> Any:
    """pydantic's lax bool: booleans, 0/1 and the usual words."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str):
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        errors.add(loc, "bool_parsing", "Input should be a valid boolean, unable to interpret input", value)
        return value
    if isinstance(value, float) and value in (0.0, 1.0):
        return value == 1.0
    errors.add(loc, "bool_type", "Input should be a valid boolean", value)
    return value


def number(value: Any, loc: Loc, errors: Errors) -> Any:
    """pydantic's lax float. Infinity passes (``allow_inf_nan`` defaults to true); an int too big for a double
    fails as pydantic-core's ``extract::<f64>()`` does, as ``float_type``."""
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            errors.add(loc, "float_type", "Input should be a valid number", value)
            return value
    if not isinstance(value, str):
        errors.add(loc, "float_type", "Input should be a valid number", value)
        return value
    try:
        return float(value)
    except ValueError:
        message = "Input should be a valid number, unable to parse string as a number"
        errors.add(loc, "float_parsing", message, value)
        return value


# pydantic-core's int errors (``float_as_int``, ``str_as_int``): type → message.
INT_MESSAGES = {
    "int_type": "Input should be a valid integer",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "int_parsing_size": "Unable to parse input string as an integer, exceeded maximum size",
    "finite_number": "Input should be a finite number",
}
# pydantic-core parses strings longer than this as too big, and floats outside i64 as ``int_parsing_size``.
INT_STRING_LIMIT = 4300
I64_BOUND = float(2**63)
# ``str_as_int``: Python's int() syntax (sign, underscores between digits) with ``.000`` decimal zeros allowed.
INT_TEXT = re.compile(r"[+-]?\d+(?:_\d+)*(?:\.0*)?")


def _int_from_float(value: float) -> tuple[int | None, str | None]:
    if math.isinf(value) or math.isnan(value):
        return None, "finite_number"
    if value % 1:
        return None, "int_from_float"
    if not -I64_BOUND < value < I64_BOUND:
        return None, "int_parsing_size"
    return int(value), None


def _int_from_text(value: str) -> tuple[int | None, str | None]:
    stripped = value.strip()
    if len(stripped) > INT_STRING_LIMIT:
        return None, "int_parsing_size"
    if not INT_TEXT.fullmatch(stripped):
        return None, "int_parsing"
    return int(stripped.split(".")[0]), None


def integer(value: Any, loc: Loc, errors: Errors) -> Any:
    """pydantic's lax int: ints and booleans as they are, whole floats, and integer strings."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        result, failure = _int_from_float(value)
    elif isinstance(value, str):
        result, failure = _int_from_text(value)
    else:
        result, failure = None, "int_type"
    if failure is not None:
        errors.add(loc, failure, INT_MESSAGES[failure], value)
        return value
    return result


def anything(value: Any, loc: Loc, errors: Errors) -> Any:
    return value


@dataclass(frozen=True)
class Choice:
    """A string enum; pydantic lists the members as ``'a', 'b' or 'c'``."""

    values: tuple[str, ...]

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if value not in self.values or not isinstance(value, str):
            errors.add(loc, "enum", f"Input should be {_or_list(self.values)}", value)
        return value


def _or_list(values: Sequence[str]) -> str:
    quoted = [f"'{value}'" for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


@dataclass(frozen=True)
class DictOf:
    """A JSON object; its values are checked with ``item`` when given."""

    item: Validator = anything

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, dict):
            errors.add(loc, "dict_type", "Input should be a valid dictionary", value)
            return value
        return {key: self.item(item, (*loc, key), errors) for key, item in value.items()}


@dataclass(frozen=True)
class ListOf:
    item: Validator = anything

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, list):
            errors.add(loc, "list_type", "Input should be a valid list", value)
            return value
        return [self.item(item, (*loc, str(index)), errors) for index, item in enumerate(value)]


@dataclass(frozen=True)
class Model:
    """A pydantic model with ``extra="forbid"``: fields in order, ``None`` allowed for optional ones."""

    name: str
    fields: Mapping[str, Validator]
    required: frozenset[str] = frozenset()
    # False for a node hogmock checks only partly (series entities): unknown keys pass through.
    forbid_extra: bool = True

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, dict):
            message = f"Input should be a valid dictionary or instance of {self.name}"
            errors.add(loc, "model_type", message, value)
            return value
        return self.fields_of(value, loc, errors)

    def fields_of(self, value: dict[str, Any], loc: Loc, errors: Errors) -> dict[str, Any]:
        result = {}
        for name, check in self.fields.items():
            if name not in value:
                if name in self.required:
                    errors.add((*loc, name), "missing", "Field required", value)
                continue
            item = value[name]
            optional_none = item is None and name not in self.required
            result[name] = item if optional_none else check(item, (*loc, name), errors)
        for name, item in value.items():
            if name in self.fields:
                continue
            if self.forbid_extra:
                errors.add((*loc, name), "extra_forbidden", "Extra inputs are not permitted", item)
            else:
                result[name] = item
        return result


@dataclass(frozen=True)
class TaggedUnion:
    """``QuerySchema``: a union discriminated by ``kind``. Errors inside a member carry the tag in their loc.
    A member without a model here (a kind hogmock does not run) passes with only its tag checked."""

    tags: tuple[str, ...]
    models: Mapping[str, Model]
    discriminator: str = "kind"

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, dict):
            message = "Input should be a valid dictionary or object to extract fields from"
            errors.add(loc, "model_attributes_type", message, value)
            return value
        if self.discriminator not in value:
            message = f"Unable to extract tag using discriminator '{self.discriminator}'"
            errors.add(loc, "union_tag_not_found", message, value)
            return value
        return self._member(value, loc, errors)

    def _member(self, value: dict[str, Any], loc: Loc, errors: Errors) -> Any:
        tag = value[self.discriminator]
        if not isinstance(tag, str) or tag not in self.tags:
            expected = ", ".join(f"'{name}'" for name in self.tags)
            message = (
                f"Input tag '{tag}' found using '{self.discriminator}' does not match any of the expected "
                f"tags: {expected}"
            )
            errors.add(loc, "union_tag_invalid", message, value)
            return value
        model = self.models.get(tag)
        return model.fields_of(value, (*loc, tag), errors) if model else value


@dataclass(frozen=True)
class Shape:
    """A model hogmock checks only for being an object (the property filters: the runners read them leniently).
    ``forbidden`` keys are refused as ``extra="forbid"`` refuses them, so a group cannot pass for a leaf."""

    name: str
    forbidden: frozenset[str] = frozenset()

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if not isinstance(value, dict):
            message = f"Input should be a valid dictionary or instance of {self.name}"
            errors.add(loc, "model_type", message, value)
            return value
        for key in value:
            if key in self.forbidden:
                errors.add((*loc, key), "extra_forbidden", "Extra inputs are not permitted", value[key])
        return value


@dataclass(frozen=True)
class AnyOf:
    """pydantic's smart union of labelled members: the first member that passes; when none does, every
    member's errors, each under its label (a model's name, ``list[…]`` for a list)."""

    members: tuple[tuple[str, Validator], ...]

    @property
    def label(self) -> str:
        return f"union[{','.join(label for label, _ in self.members)}]"

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        failed: list[ErrorItem] = []
        for label, check in self.members:
            trial = Errors()
            result = check(value, (*loc, label), trial)
            if not trial.items:
                return result
            failed.extend(trial.items)
        errors.items.extend(failed)
        return value


def _is_list(value: Any, loc: Loc, errors: Errors) -> Any:
    if not isinstance(value, list):
        errors.add(loc, "list_type", "Input should be a valid list", value)
    return value


# pydantic-core's RECURSION_GUARD_LIMIT (recursion_guard.rs) on Linux: deeper recursive models fail.
RECURSION_LIMIT = 255


@dataclass(frozen=True)
class Group:
    """A recursive model ``{type, values}`` (``PropertyGroupFilterValue``): ``values`` holds leaves or nested
    groups. A group nested deeper than ``RECURSION_LIMIT`` fails with pydantic's ``recursion_loop``; two Python
    frames per level keep even that depth far from Python's recursion limit."""

    name: str
    operator: Choice
    leaves: AnyOf

    def __call__(self, value: Any, loc: Loc, errors: Errors) -> Any:
        if loc.count(self.name) > RECURSION_LIMIT:
            errors.add(loc, "recursion_loop", "Recursion error - cyclic reference detected", value)
            return value
        if not isinstance(value, dict):
            message = f"Input should be a valid dictionary or instance of {self.name}"
            errors.add(loc, "model_type", message, value)
            return value
        result = dict(value)
        for name, check in (("type", self.operator), ("values", _is_list)):
            if name not in value:
                errors.add((*loc, name), "missing", "Field required", value)
            else:
                result[name] = check(value[name], (*loc, name), errors)
        if isinstance(result.get("values"), list):
            # A plain loop: two Python frames per nesting level (``__call__`` and ``_item``).
            items = []
            for index, item in enumerate(result["values"]):
                items.append(self._item(item, (*loc, "values", str(index)), errors))
            result["values"] = items
        for key, extra in value.items():
            if key not in ("type", "values"):
                errors.add((*loc, key), "extra_forbidden", "Extra inputs are not permitted", extra)
        return result

    def _item(self, item: Any, loc: Loc, errors: Errors) -> Any:
        if isinstance(item, dict) and "values" in item:
            return self(item, (*loc, self.name), errors)
        trial = Errors()
        result = self.leaves(item, loc, trial)
        if trial.items and not isinstance(item, dict):
            message = f"Input should be a valid dictionary or instance of {self.name}"
            trial.add((*loc, self.name), "model_type", message, item)
        errors.items.extend(trial.items)
        return result


def short_repr(value: Any) -> str:
    """``repr(value)``, cut in the middle as pydantic-core cuts long inputs (by UTF-8 bytes)."""
    data = repr(value).encode("utf-8")
    if len(data) <= REPR_LIMIT:
        return data.decode("utf-8")
    head = data[:25].decode("utf-8", errors="ignore")
    tail = data[-24:].decode("utf-8", errors="ignore")
    return f"{head}...{tail}"


def _item_text(item: ErrorItem) -> str:
    value, value_type = short_repr(item.input), type(item.input).__name__
    details = f"type={item.type}, input_value={value}, input_type={value_type}"
    lines = [".".join(item.loc)] if item.loc else []
    lines.append(f"  {item.message} [{details}]")
    lines.append(f"    For further information visit {PYDANTIC_DOCS}{item.type}")
    return "\n".join(lines)


def pydantic_text(title: str, items: Sequence[ErrorItem]) -> str:
    """``str(ValidationError)`` as pydantic v2 writes it."""
    count = f"{len(items)} validation error{'s' if len(items) != 1 else ''} for {title}"
    return "\n".join([count, *(_item_text(item) for item in items)])
