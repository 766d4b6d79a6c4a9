"""``refused``: a form's change refused is rolled back and kept for drawing the form again."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from hotline.errors import Conflict, Forbidden, InvalidInput
from hotline.staff.models import Staff
from operator_ui.form_errors import FormProblems, Problem, refused


def _hire(session: Session) -> None:
    session.add(Staff(full_name="Half Written", roles=["operator"]))
    session.flush()


@pytest.mark.parametrize(("error", "status", "problems"), [
    (FormProblems([Problem("name", "Give a name.")]), 422, [Problem("name", "Give a name.")]),
    (InvalidInput("staff.not_active", staff_id=3, field="staff_id"), 422,
     [Problem("staff_id", "staff.not_active")]),
    (Conflict("account.username_taken", username="li", field="username"), 409,
     [Problem("username", "account.username_taken")]),
])
def test_a_refusal_rolls_back_and_says_its_problems(
    session: Session, error: Exception, status: int, problems: list[Problem]
) -> None:
    with refused(session) as refusal:
        _hire(session)
        raise error
    assert refusal and refusal.error is error
    assert (refusal.status_code, refusal.problems) == (status, problems)
    assert session.exec(select(Staff)).all() == []  # nothing half-written


def test_no_refusal_keeps_the_change(session: Session) -> None:
    with refused(session) as refusal:
        _hire(session)
    assert not refusal and refusal.problems == []
    assert len(session.exec(select(Staff)).all()) == 1


def test_other_errors_pass_through_to_the_error_page(session: Session) -> None:
    with pytest.raises(Forbidden), refused(session):
        raise Forbidden("auth.csrf")
    with refused(session, Forbidden) as refusal:  # unless the form asks for them
        raise Forbidden("auth.csrf")
    assert refusal.status_code == 403


def test_a_conflict_carries_the_gaps_it_would_open(session: Session) -> None:
    with refused(session) as refusal:
        raise Conflict("coverage.would_open_gaps", count=1,
                       extra={"gaps": [{"position": "operator"}]})
    assert refusal.gaps == [{"position": "operator"}]
