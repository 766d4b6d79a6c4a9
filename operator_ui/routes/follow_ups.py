"""The follow-up worklist page: mine, team, overdue, closed; record an attempt (reached opens
the linked follow-up contact's form), reassign (supervisors). Thin over the follow-up service."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError

from hotline.access.permissions import can
from hotline.config import SettingsDep
from hotline.db import Id, SessionDep
from hotline.errors import InvalidInput
from hotline.flows import follow_up_attempts
from hotline.followups import service
from hotline.followups.schemas import AttemptCreate
from hotline.policies import PoliciesDep
from operator_ui import care_labels, staff_choices
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/follow-ups")


@router.get("")
def worklist(request: Request, user: SignedInDep, session: SessionDep, policies: PoliciesDep,
             view: str = "mine") -> Response:
    if view not in care_labels.FOLLOW_UP_VIEWS:
        view = "mine"
    policy = policies.records
    rows = service.worklist(session, actor=user, view=view, policy=policy)  # type: ignore[arg-type]
    return render(
        request, "care/follow_ups.html", nav="follow_ups", view=view,
        views=[v for v in care_labels.FOLLOW_UP_VIEWS
               if v != "team" or can(user, "view_team_follow_ups")],
        tasks=service.to_public(session, rows, policy, with_attempts=True),
        results=care_labels.ATTEMPT_RESULTS,
        owners=staff_choices.operators(session, user) if can(user, "assign_follow_up") else [],
    )


@router.post("/{follow_up_id}/attempt")
def attempt(follow_up_id: Id, user: SignedInDep, form: FormDep, session: SessionDep,
            settings: SettingsDep, policies: PoliciesDep) -> Response:
    try:
        data = AttemptCreate(result=str(form.get("result", "")),  # type: ignore[arg-type]
                             note=str(form.get("note", "")).strip(),
                             number=int(str(form.get("number") or 0)) or None)
    except (ValidationError, ValueError):
        raise InvalidInput("page.follow_up_result_missing", field="result") from None
    _task, recorded = follow_up_attempts.record_attempt(
        session, actor=user, follow_up_id=follow_up_id, data=data,
        settings=settings, policies=policies,
        client_addr=user.client_addr)
    if recorded.contact_id:  # reached: complete the follow-up contact now, new screen and all
        return redirect(f"/contacts/{recorded.contact_id}/edit")
    return redirect(f"/follow-ups?view={form.get('view') or 'mine'!s}")


@router.post("/{follow_up_id}/assign")
def assign(follow_up_id: Id, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    try:
        owner_id = int(str(form.get("owner_id", "")))
    except ValueError:
        raise InvalidInput("page.follow_up_owner_missing", field="owner_id") from None
    service.assign(session, actor=user, follow_up_id=follow_up_id, owner_id=owner_id,
                   client_addr=user.client_addr)
    return redirect("/follow-ups?view=team")
