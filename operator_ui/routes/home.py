"""The operator's home: status (set in one click from the header, respected by the call
queue), the shift now and next, my open follow-ups and call-backs due, recent contacts and
notices for them."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.contacts import service as contacts
from hotline.contacts.schemas import ContactFilters
from hotline.db import SessionDep, utcnow
from hotline.errors import InvalidInput
from hotline.followups import service as followups
from hotline.notices import service as notices
from hotline.presence import service as presence
from hotline.presence.models import Presence
from hotline.telephony import calls, worklist
from hotline.urls import safe_redirect
from operator_ui import rendering
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router()
RECENT = 5
DUE_LIMIT = 10


def header_state(request: Request, user: CurrentUser | None) -> presence.OperatorState | None:
    """The operator's state for the header's status switch (None for other roles).

    Read in its own short session: the header is on every page, and pages that fail early
    must still be able to render it.
    """
    if user is None or user.id is None or "operator" not in user.roles:
        return None
    with Session(request.app.state.engine) as session:
        return presence.state_of(session, user.id)


# One word for each state of an operator, as the header and the wallboard say it.
STATUS_WORDS = {
    "on_call": N_("On a call"), "available": N_("Available"), "away": N_("Away"),
    "not_checked_in": N_("Not checked in"), "off_shift": N_("Off shift"),
}
rendering.env.globals.update(header_state=header_state, labels_status=STATUS_WORDS)


@router.get("/home")
def home(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "create_contact")
    assert user.id is not None
    now = utcnow()
    recent, _ = contacts.list_contacts(
        session, actor=user, filters=ContactFilters(mine=True, limit=RECENT),
        client_addr=user.client_addr)
    return render(
        request, "home/operator.html", nav="home", now=now,
        state=presence.state_of(session, user.id, now), waiting=len(calls.queue(session, now, reader=user)),
        due=worklist.open_callbacks(session, now, due_only=True, limit=DUE_LIMIT, reader=user), follow_ups=followups.open_for_owner(session, user.id)[:DUE_LIMIT],
        recent=recent, notices=notices.for_user(session, user, limit=10),
    )


@router.post("/presence")
def set_presence(user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    """The header's one-click switch; back to the page it was pressed on."""
    try:
        status = Presence(str(form.get("status", "")))
    except ValueError:
        raise InvalidInput("page.presence_choice", field="status") from None
    presence.set_status(session, actor=user, status=status, client_addr=user.client_addr)
    return redirect(safe_redirect(str(form.get("next", "")), "/home"))
