"""The follow-up worklist page: mine, team, overdue, closed; record an attempt (reached opens
the linked follow-up contact's form), reassign (supervisors). Thin over the follow-up service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from hotline.access.permissions import can
from hotline.auth.deps import check_csrf, client_addr
from hotline.db import Id, SessionDep
from hotline.errors import InvalidInput
from hotline.followups import service
from hotline.followups.schemas import AttemptCreate
from operator_ui import care_labels, staff_choices
from operator_ui.rendering import FormDep, PageRoute, SignedInDep, redirect, render

router = APIRouter(prefix="/follow-ups", route_class=PageRoute, include_in_schema=False)


@router.get("")
def worklist(request: Request, user: SignedInDep, session: SessionDep,
             view: str = "mine") -> Response:
    if view not in care_labels.FOLLOW_UP_VIEWS:
        view = "mine"
    policy = request.app.state.policies.records
    rows = service.worklist(session, actor=user, view=view, policy=policy)  # type: ignore[arg-type]
    return render(
        request, "care/follow_ups.html", nav="follow_ups", view=view,
        views=[v for v in care_labels.FOLLOW_UP_VIEWS
               if v != "team" or can(user, "view_team_follow_ups")],
        tasks=service.to_public(session, rows, policy, with_attempts=True),
        results=care_labels.ATTEMPT_RESULTS,
        owners=staff_choices.operators(session) if can(user, "assign_follow_up") else [],
    )


@router.post("/{follow_up_id}/attempt")
def attempt(follow_up_id: Id, request: Request, user: SignedInDep, form: FormDep,
            session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        data = AttemptCreate(result=str(form.get("result", "")),  # type: ignore[arg-type]
                             note=str(form.get("note", "")).strip(),
                             number=int(str(form.get("number") or 0)) or None)
    except (ValidationError, ValueError):
        raise InvalidInput("Choose what happened on the call.") from None
    _task, recorded = service.record_attempt(
        session, actor=user, follow_up_id=follow_up_id, data=data,
        settings=request.app.state.settings, policies=request.app.state.policies,
        client_addr=client_addr(request))
    if recorded.contact_id:  # reached: complete the follow-up contact now, new screen and all
        return redirect(f"/contacts/{recorded.contact_id}/edit")
    return redirect(f"/follow-ups?view={form.get('view') or 'mine'!s}")


@router.post("/{follow_up_id}/assign")
def assign(follow_up_id: Id, request: Request, user: SignedInDep, form: FormDep,
           session: SessionDep) -> Response:
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        owner_id = int(str(form.get("owner_id", "")))
    except ValueError:
        raise InvalidInput("Choose who takes this follow-up.") from None
    service.assign(session, actor=user, follow_up_id=follow_up_id, owner_id=owner_id,
                   client_addr=client_addr(request))
    return redirect("/follow-ups?view=team")
