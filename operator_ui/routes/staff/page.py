"""What every staff page shares: the notice said once after a change and the people as the
pages show them. (A refused form comes back through ``operator_ui.form_errors.refused``.)"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.auth import accounts
from hotline.staff import views
from hotline.staff.models import Duty
from hotline.staff.schemas import StaffPublic
from operator_ui import staff_choices, staff_form
from operator_ui.i18n import N_
from operator_ui.rendering import render
from operator_ui.roster_labels import POSITIONS

# Said once after a change, on the page the admin lands on.
NOTICES = {
    "created": N_("Saved. The person is in the talent database."),
    "saved": N_("Changes saved."),
    "deactivated": N_("Deactivated: taken off future shifts, and their login no longer works."),
    "reactivated": N_("Reactivated: their login works again. They have no shifts until rostered."),
    "password": N_("Login saved. The account is unlocked and old sessions have ended."),
    "unlocked": N_("Unlocked: they can log in again."),
    "qualification": N_("Qualification saved."),
    "qualification_removed": N_("Qualification removed."),
    "member": N_("Team saved."),
    "member_removed": N_("Removed from the team."),
    "team": N_("Team created."),
}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """A staff page, with the notice of the change that led here."""
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(request, template, status_code=status_code, nav="staff", notice=notice,
                  field_names=staff_form.FIELDS, roles=staff_form.ROLES,
                  duties=[d.value for d in Duty], positions=POSITIONS, **context)


def public(request: Request, session: Session, people: list[Any]) -> list[StaffPublic]:
    """People as the pages show them (teams, qualifications, login state)."""
    return views.staff_public(session, people, today=staff_choices.today(request),
                              warning_days=staff_choices.warning_days(request),
                              logins=accounts.logins(session, (s.id for s in people)))
