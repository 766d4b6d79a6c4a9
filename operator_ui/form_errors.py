"""What a page says when a form is refused: one ``Problem`` per thing to fix, naming the field
(so the page can mark it) and a message the template says in the reader's language.

A message is either one of the page's own translatable texts or a code of the catalogue in
``hotline.messages`` (a service's ``HotlineError``, a schema's ``invalid_value``, pydantic's
own error types); the page's ``_`` says both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from hotline.errors import HotlineError, InvalidInput, error_code

CHECK_VALUE = "form.check_value"  # pydantic refusals the catalogue has no words for

Model = TypeVar("Model", bound=BaseModel)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing to fix: the field it concerns (or None), a message and its values."""

    field: str | None
    message: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, exc: HotlineError) -> Problem:
        """A service's refusal, said by its code; its ``field`` param names the field."""
        return cls(exc.field, exc.code, exc.params)


class FormProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def from_validation(item: ErrorDetails) -> Problem:
    """One pydantic error: the field is where it was found, or (for a rule over the whole
    form) the one the rule names."""
    values = dict(item.get("ctx") or {})
    named = str(item["loc"][0]) if item["loc"] else values.get("field")
    return Problem(named, error_code(item) or CHECK_VALUE, values)


def problems(error: ValidationError, hints: Mapping[str, str] | None = None) -> list[Problem]:
    """Each refusal once. ``hints`` (field -> a page's message) say what to fix in a field the
    schema refused by its type or length; a rule over the whole form keeps its own code."""
    said: list[Problem] = []
    for item in error.errors():
        problem = from_validation(item)
        hint = (hints or {}).get(problem.field or "")
        if hint and item["loc"]:
            problem = Problem(problem.field, hint)
        if problem not in said:
            said.append(problem)
    return said


def refusal(error: ValidationError) -> InvalidInput:
    """The first problem as a 422 for ``PageRoute`` (which says it on the error page)."""
    first = problems(error)[0]
    params = {**first.values, "field": first.field}
    return InvalidInput(first.message, **params)


def validated(model: type[Model], values: Mapping[str, Any]) -> Model:
    """``model`` from a posted form's values, or its first problem as a 422 page: the shape
    every simple form handler shares."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise refusal(exc) from None
