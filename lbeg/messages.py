"""Problems in one line each, and pydantic's errors in plain words.

A problem names the file, the line where the YAML has one, the field, and what
is wrong: `data/exercises/bird-dog.yml:21: dosage.hold_secs: is not a known
field (did you mean hold_seconds?)`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .schema import SLUG_PATTERN, URL_PATTERN, Record
from .yaml_source import Node, node_line, show_key


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class DataError(Exception):
    """The data under data/ has problems; `problems` lists each one."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


PATTERN_HELP = {
    SLUG_PATTERN: "must be lowercase words joined by hyphens, like glute-bridge",
    URL_PATTERN: "must be a full https:// link",
}


def field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p + 1) if isinstance(p, int) else show_key(p) for p in loc)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _message(error: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else f" (known fields: {', '.join(known)})"
        return "is not a known field" + hint
    got = f" (got {_short(value)})"
    simple = {
        "int_type": "must be a whole number",
        "string_type": "must be text",
        "bool_type": "must be true or false",
        "list_type": "must be a list",
        "date_type": "must be a date written like 2026-01-31",
        "model_type": "must be a block of fields",
        "dict_type": "must be a block of fields",
    }
    if kind in simple:
        return simple[kind] + got
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}" + got
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}" + got
    if kind == "string_pattern_mismatch":
        return PATTERN_HELP.get(ctx.get("pattern"), "uses characters that are not allowed here") + got
    if kind == "string_too_short":
        return "is empty or too short" + got
    if kind == "string_too_long":
        return f"is too long: keep it under {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}" + got
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"][:1].lower() + error["msg"][1:]


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found by walking `loc` through `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate(model: type[Record], data: Any, rel: str, node: Node, base: tuple = ()) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = base + tuple(error["loc"])
            problems.append(
                Problem(rel, field_name(loc), _message(error, model, tuple(error["loc"])), node_line(node, loc))
            )
        return None, problems
