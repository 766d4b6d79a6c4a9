"""Crisis pages: the alert layer's feed (every console), the live escalation timeline of a
contact, notices, and the supervisors' escalation board with take-over and resolve.

The alert layer (``static/alerts.js``) hears events over the websocket; these routes are its
source of truth after a reload or a reconnect, so an alert never depends on one message.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from hotline.access import audit
from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.crisis import engine, recipients, rescue, service
from hotline.crisis.models import Escalation, EscalationState
from hotline.crisis.schemas import OUTCOME_MIN_CHARS, Resolution
from hotline.db import Id, SessionDep, utcnow
from hotline.errors import HotlineError, InvalidInput
from hotline.notices import service as notices
from hotline.staff.lookup import full_names
from hotline.urls import safe_redirect
from operator_ui import labels, roster_labels
from operator_ui.form_errors import Problem
from operator_ui.i18n import N_
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router()
RECENT = 30  # acknowledged and resolved escalations shown below the live ones
# Notices are for the people who run the service: supervisors and team leads.
NOTICE_ROLES = {"supervisor", "team_lead"}
LIVE = (EscalationState.open, EscalationState.notified)


@router.get("/console/alerts")
def alert_feed(user: SignedInDep, session: SessionDep) -> JSONResponse:
    """Which alerts this console must show now: live escalations this person was alerted to
    (each panel is loaded through the audited fragment below), and the exhausted ones."""
    # Exhausted too: everyone alerted keeps the Acknowledge button until someone takes it.
    live = [e.id for e in service.visible(session, actor=user)
            if e.state in (*LIVE, EscalationState.exhausted)
            and engine.was_notified(session, e, user.id)]
    return JSONResponse({"alerts": live,
                         "exhausted": [e.id for e in service.exhausted(session, actor=user)]},
                        headers={"Cache-Control": "no-store"})


@router.get("/console/alerts/{escalation_id}")
def alert_panel(escalation_id: Id, request: Request, user: SignedInDep,
                session: SessionDep) -> Response:
    """One alert panel: the contact's risk facts, caller key, operator and deadline."""
    esc = service.get(session, actor=user, escalation_id=escalation_id)
    if esc.state not in (*LIVE, EscalationState.exhausted):  # taken meanwhile
        return Response(status_code=410)
    audit.record(session, user.id, "contact.read_via_escalation", f"contact:{esc.contact_id}",
                 user.client_addr)
    summary = engine.summary(session, esc)
    screen = (summary["contact"] or {}).get("risk_screen") or {}
    return render(request, "crisis/_alert.html", esc=summary, facts=risk_facts(screen),
                  rl=roster_labels)


@router.get("/console/banners")
def banners(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """Red banners for escalations nobody took (only their facts, never the risk answers):
    who was told, when and how; supervisors get a take-over button, everyone else the duty
    supervisor's name and number."""
    rows = service.exhausted(session, actor=user)
    return render(request, "crisis/_banners.html", exhausted=rows,
                  told={e.id: engine.summary(session, e, details=False)["told"] for e in rows},
                  duty=recipients.duty_supervisors(session, utcnow()) if rows else [],
                  rl=roster_labels)


# The screen's yes answers, safety first: what the responder must know before anything else.
FACTS = {
    "attempt_in_progress": labels.RISK_REASONS["attempt_in_progress"],
    "means_at_hand": N_("Means at hand now"),
    "harm_to_others": labels.RISK_REASONS["harm_to_others"],
    **{code: labels.RISK_REASONS[code] for code in (
        "intent", "plan", "behavior_past_3_months", "method", "behavior_over_3_months",
        "suicidal_thoughts", "wish_dead")},
}


def risk_facts(screen: dict[str, Any]) -> list[str]:
    """The risk screen's yes answers as messages, in the order of ``FACTS``."""
    said = {code for code, value in screen.items() if value is True}
    if screen.get("behavior") in ("past_3_months", "over_3_months"):
        said.add(f"behavior_{screen['behavior']}")
    return [message for code, message in FACTS.items() if code in said]


@router.get("/console/notices")
def notice_list(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    """The notices tray of supervisors and team leads, as a fragment in the page's language."""
    shown = notices.for_user(session, user) if NOTICE_ROLES & set(user.roles) else []
    names = full_names(session, (n.data.get("staff_id") for n in shown))
    return render(request, "crisis/_notices.html", notices=shown, names=names,
                  rl=roster_labels)


@router.get("/escalations/{escalation_id}/timeline")
def timeline(escalation_id: Id, request: Request, user: SignedInDep,
             session: SessionDep) -> Response:
    """The escalation's progress for the contact page: who was alerted, how, who took it."""
    esc = service.get(session, actor=user, escalation_id=escalation_id)
    return render(request, "crisis/_timeline.html", esc=engine.summary(session, esc),
                  steps=_steps(session, esc), rl=roster_labels, rescue=esc.rescue,
                  checklist=rescue.CHECKLIST,
                  may_rescue=can(user, "record_rescue", service.target(session, esc)),
                  repage_minutes=engine.level_policy(esc).rescue_repage_seconds // 60)


def _steps(session: Session, esc: Escalation) -> list[dict[str, Any]]:
    rows = service.steps(session, esc)
    names = full_names(session, (s.staff_id for s in rows))
    return [{"at": s.at, "kind": s.kind, "tier": s.tier_index + 1, "round": s.round,
             "name": names.get(s.staff_id or -1, ""), **s.detail} for s in rows]


def _board(request: Request, session: SessionDep, user: CurrentUser, *, status_code: int = 200,
           problem: Problem | None = None, problem_id: int | None = None,
           values: dict[str, str] | None = None) -> Response:
    rows = service.visible(session, actor=user, limit=200)
    live = [e for e in rows if e.state in (*LIVE, EscalationState.exhausted)]
    taken = [e for e in rows if e.state in (EscalationState.acknowledged,
                                            EscalationState.rescue_pending)]
    done = [e for e in rows if e.state == EscalationState.resolved][:RECENT]
    shown = live + taken + done
    # The board shows each contact's risk answers: audited as reads, like the API.
    audit.record_many(session, user.id, "contact.read_via_escalation",
                      [f"contact:{e.contact_id}" for e in shown], user.client_addr)
    summary = {e.id: engine.summary(session, e) for e in shown}
    if problem_id not in {e.id for e in live + taken}:
        problem_id = None  # no card of its own (e.g. already resolved): say it at the top
    return render(
        request, "crisis/board.html", status_code=status_code, nav="escalations",
        live=[summary[e.id] for e in live], taken=[summary[e.id] for e in taken],
        done=[summary[e.id] for e in done], problem=problem, problem_id=problem_id,
        values=values or {}, rl=roster_labels,
    )


@router.get("/escalations")
def escalation_board(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "oversee_escalations")
    return _board(request, session, user)


@router.post("/escalations/{escalation_id}/ack")
def take_over(escalation_id: Id, request: Request, user: SignedInDep, form: FormDep,
              session: SessionDep) -> Response:
    """A supervisor takes an alert nobody (or someone else) was answering."""
    try:
        service.acknowledge(session, actor=user, escalation_id=escalation_id, via="console",
                            client_addr=user.client_addr)
    except HotlineError as exc:
        return _refused(request, session, user, exc, escalation_id, {})
    return redirect(_back(form, escalation_id))


def _resolution(form: Any) -> Resolution:
    """The resolve form as the API's body; the rescue part only when the form has it."""
    body: dict[str, Any] = {"outcome": str(form.get("outcome", "")).strip()}
    if form.get("rescue") == "1":
        reached = str(form.get("person_reached", ""))
        body["rescue"] = {
            "contacted_110": form.get("contacted_110") == "on",
            "contacted_120": form.get("contacted_120") == "on",
            "person_reached": {"yes": True, "no": False}.get(reached),
            "note": str(form.get("rescue_note", "")).strip(),
        }
    return Resolution.model_validate(body)


@router.post("/escalations/{escalation_id}/resolve")
def resolve(escalation_id: Id, request: Request, user: SignedInDep, form: FormDep,
            session: SessionDep) -> Response:
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        data = _resolution(form)
        service.resolve(session, actor=user, escalation_id=escalation_id, data=data,
                        client_addr=user.client_addr)
    except ValidationError:
        short = InvalidInput("escalation.outcome_too_short", min_chars=OUTCOME_MIN_CHARS,
                             field="outcome")
        return _refused(request, session, user, short, escalation_id, values)
    except HotlineError as exc:
        return _refused(request, session, user, exc, escalation_id, values)
    return redirect(_back(form, escalation_id))


def _back(form: Any, escalation_id: int) -> str:
    """Back to the page the form was on (the board or a contact page); only our own paths."""
    return safe_redirect(str(form.get("next", "")), f"/escalations#esc-{escalation_id}")


def _refused(request: Request, session: Session, user: Any, exc: HotlineError,
             escalation_id: int, values: dict[str, str]) -> Response:
    """The board again, with what went wrong beside the escalation, and the form as typed.
    People who may not see the board get the plain error page."""
    session.rollback()
    if not can(user, "oversee_escalations"):
        raise exc
    status = exc.status_code if exc.status_code != 400 else 422
    return _board(request, session, user, status_code=status, problem=Problem.of(exc),
                  problem_id=escalation_id, values=values)
