"""A form's validation refusal as messages a page shows (in the reader's language where the
catalogue knows them): the field, then what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hotline.errors import InvalidInput

Model = TypeVar("Model", bound=BaseModel)


def messages(error: ValidationError) -> list[str]:
    return [f"{'.'.join(map(str, e['loc'])) or 'form'}: "
            f"{str(e['msg']).removeprefix('Value error, ')}" for e in error.errors()]


def refusal(error: ValidationError) -> InvalidInput:
    """The first problem as a 422 for ``PageRoute``; bare when it names no field, so a known
    message is translated whole."""
    first = error.errors()[0]
    text = str(first["msg"]).removeprefix("Value error, ")
    field = ".".join(map(str, first["loc"]))
    return InvalidInput(f"{field}: {text}" if field and field != "reason" else text)


def validated(model: type[Model], values: Mapping[str, Any]) -> Model:
    """``model`` from a posted form's values, or its first problem as a 422 page: the shape
    every simple form handler shares."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise refusal(exc) from None
