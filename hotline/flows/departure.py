"""Someone leaves: the coverage guard, then deactivation, then their sessions end."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from hotline.auth import accounts
from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.policies import Policies
from hotline.roster import service as roster_service
from hotline.staff import people
from hotline.staff.models import Staff


def deactivate(
    session: Session, *, actor: CurrentUser, staff_id: int, override_reason: str | None,
    client_addr: str, settings: Settings, policies: Policies,
) -> Staff:
    """Take the person off every future shift, mark them inactive, end their sessions.

    The roster's coverage guard runs first, so a departure that would open a gap is refused
    with 409 and the ``gaps`` unless a supervisor gives an override reason (audited).
    Deactivating someone already inactive changes nothing.
    """
    staff = people.may_deactivate(session, actor=actor, staff_id=staff_id)
    if staff is None:
        return people.get_staff(session, staff_id)
    released = roster_service.release_staff(
        session, actor=actor, staff_id=staff_id, override_reason=override_reason,
        client_addr=client_addr, settings=settings, policies=policies,
    )
    revoked = accounts.revoke_sessions(session, staff_id)
    detail: dict[str, Any] = {"released_shifts": [s.id for s in released],
                              "revoked_sessions": revoked}
    if override_reason and override_reason.strip():
        detail["override_reason"] = override_reason.strip()
    return people.deactivate_staff(session, actor=actor, staff=staff, client_addr=client_addr,
                                   detail=detail)
