"""A person's record changes: a role taken away takes them off the future shifts that need it
(a counsellor who is no longer a crisis responder cannot stay on crisis call), through the
roster's coverage guard."""

from __future__ import annotations

from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.config import Settings
from hotline.policies import Policies
from hotline.roster import rules
from hotline.roster import service as roster_service
from hotline.roster.models import Shift
from hotline.staff import people
from hotline.staff.models import Staff
from hotline.staff.schemas import StaffUpdate


def update_staff(
    session: Session, *, actor: CurrentUser, staff_id: int, data: StaffUpdate, client_addr: str,
    settings: Settings, policies: Policies,
) -> Staff:
    """Change the fields sent (``staff.people.update_staff``); shifts the new roles no longer
    allow are released unless that opens a gap (409 with the ``gaps``, or a supervisor's
    ``override_reason``)."""

    def release(staff: Staff, old_roles: list[str]) -> list[Shift]:
        lost = rules.eligible_positions(old_roles) - rules.eligible_positions(staff.roles)
        return roster_service.release_staff(
            session, actor=actor, staff_id=staff_id, override_reason=data.override_reason,
            client_addr=client_addr, settings=settings, policies=policies,
            positions=lost, because="lost the role",
        )

    return people.update_staff(session, actor=actor, staff_id=staff_id, data=data,
                               client_addr=client_addr, on_roles_changed=release)
