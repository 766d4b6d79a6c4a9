"""What a page says when a form is refused: one ``Problem`` per thing to fix, naming the field
(so the page can mark it) and a message the template says in the reader's language.

A message is either one of the page's own translatable texts or a code of the catalogue in
``hotline.messages`` (a service's ``HotlineError``, a schema's ``invalid_value``, pydantic's
own error types); the page's ``_`` says both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlmodel import Session

from hotline.errors import Conflict, HotlineError, InvalidInput, error_code

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


# What a form's change may be refused with and still come back as the form: its own problems,
# a broken rule, a conflict. Anything else (not allowed, not found) is the error page.
FORM_REFUSALS: tuple[type[Exception], ...] = (FormProblems, InvalidInput, Conflict)


@dataclasses.dataclass
class Refusal:
    """How a form's change was refused (``error`` is None while it was not): the problems to
    mark on the form again and the status to answer with."""

    error: Exception | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def problems(self) -> list[Problem]:
        if isinstance(self.error, FormProblems):
            return self.error.problems
        if isinstance(self.error, HotlineError):
            return [Problem.of(self.error)]
        return problems(self.error) if isinstance(self.error, ValidationError) else []

    @property
    def status_code(self) -> int:
        """A refusal's own status (409 a conflict, 403 not allowed); a form's problems 422."""
        return self.error.status_code if isinstance(self.error, HotlineError) else 422

    @property
    def gaps(self) -> list[Any]:
        """The coverage gaps a refused change would open (a 409 of the roster's guard)."""
        return list(self.error.extra.get("gaps", [])) if isinstance(self.error, Conflict) else []


@contextmanager
def refused(session: Session, *kinds: type[Exception]) -> Iterator[Refusal]:
    """Run a form's change; a refusal of one of ``kinds`` (default ``FORM_REFUSALS``) is rolled
    back, so nothing of the form stays in the transaction, and kept for drawing the form again::

        with refused(session) as refusal:
            service.change(...)
        if refusal:
            return form_page(..., problems=refusal.problems, status_code=refusal.status_code)
    """
    refusal, caught = Refusal(), kinds or FORM_REFUSALS
    try:
        yield refusal
    except caught as exc:
        session.rollback()
        refusal.error = exc
