"""A form's validation refusal as messages a page shows (in the reader's language where the
catalogue knows them): the field, then what is wrong."""

from __future__ import annotations

from pydantic import ValidationError

from hotline.errors import InvalidInput


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
