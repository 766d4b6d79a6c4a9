"""``get_or_404``: the one existence check every service makes before it acts."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from hotline.db import get_or_404, id_of
from hotline.errors import NotFound
from hotline.staff.models import Staff


def test_the_row_with_that_id(session: Session) -> None:
    staff = Staff(full_name="Li Wei", roles=["operator"])
    session.add(staff)
    session.flush()
    assert get_or_404(session, Staff, id_of(staff), "staff.not_found") is staff


def test_no_row_is_a_404_with_the_code_and_its_params(session: Session) -> None:
    with pytest.raises(NotFound) as refused:
        get_or_404(session, Staff, 10**12, "staff.not_found", staff_id=10**12)
    assert refused.value.status_code == 404
    assert (refused.value.code, refused.value.params) == ("staff.not_found", {"staff_id": 10**12})
    assert "1000000000000" in refused.value.message("zh")


def test_no_id_is_a_404_without_a_query(session: Session) -> None:
    """A row's reference that is not set (a notification without an escalation)."""
    with pytest.raises(NotFound):
        get_or_404(session, Staff, None, "twilio.unknown_notification")
