"""Contact pages: the new-contact form, lists (mine; all with filters for supervisors), one
contact with its history, and its edit form. Thin: the contact service does the work."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session

from hotline.access.permissions import can, require
from hotline.auth.service import CurrentUser
from hotline.config import SettingsDep, settings_of
from hotline.contacts import access, service
from hotline.contacts.models import Contact
from hotline.contacts.schemas import ContactFilters
from hotline.db import Id, SessionDep
from hotline.errors import InvalidInput
from hotline.flows import intake
from hotline.policies import PoliciesDep, policies_of
from hotline.telephony import conference
from operator_ui import care_labels, care_panel, contact_form, risk_panel, staff_choices
from operator_ui.form_errors import FormProblems, Problem
from operator_ui.rendering import (
    FormDep,
    SignedInDep,
    language_of,
    page_router,
    redirect,
    render,
)

router = page_router(prefix="/contacts")
PAGE_SIZE = 50


def _form_page(
    request: Request, *, values: dict[str, Any], contact: Contact | None = None,
    problems: list[Problem] | None = None, status_code: int = 200,
    session: Session | None = None, **context: Any,
) -> Response:
    """The new-contact and edit pages share one form; only the title and target differ."""
    care = care_panel.EMPTY
    if session is not None and contact is not None:
        actor: CurrentUser = request.state.user
        care = care_panel.context(session, actor, contact, values, actor.client_addr,
                                  prefill=not problems)
    assessment, needs_reason = contact_form.screen_assessment(values)
    return render(
        request, "contacts/form_page.html", status_code=status_code,
        nav=None if contact else "new", values=values, contact=contact,
        problems=problems or [], assessment=assessment, needs_reason=needs_reason,
        problem_for={p.field: p for p in problems or [] if p.field},
        notes_limit=policies_of(request).records.notes_max_chars,
        risk_texts=risk_panel.texts(language_of(request)),
        quick_call_types=contact_form.QUICK_CALL_TYPES, care=care,
        flag_kinds=care_labels.FLAG_KINDS, **context,
    )


def _refused(session: Session, exc: FormProblems | InvalidInput) -> list[Problem]:
    """Nothing of a refused save may stay in the transaction, not even a half-applied edit."""
    session.rollback()
    if isinstance(exc, FormProblems):
        return exc.problems
    return [Problem.of(exc)]


@router.get("/new")
def new_contact(request: Request, user: SignedInDep, settings: SettingsDep,
                counted: str | None = None, undo: int | None = None,
                undone: bool = False) -> Response:
    require(user, "create_contact")
    values = contact_form.blank_values(settings.zone)
    counted = counted if counted in contact_form.QUICK_CALL_TYPES else None
    return _form_page(request, values=values, counted=counted,
                      undo=undo if counted else None, undone=undone)


@router.post("/new")
def create_contact(request: Request, user: SignedInDep, form: FormDep, session: SessionDep,
                   settings: SettingsDep, policies: PoliciesDep) -> Response:
    values = contact_form.read_form(form)
    quick = str(form.get("quick", ""))
    if quick in contact_form.QUICK_CALL_TYPES:
        # A one-click type on a form with answers or notes would discard them: ask first.
        if contact_form.is_draft(values, settings.zone) and not form.get("quick_confirmed"):
            return _form_page(request, values=values, confirm_quick=quick, status_code=409)
        values["call_type"] = quick
    try:
        data = contact_form.to_create(values, settings.zone)
        contact = intake.create_contact(
            session, actor=user, data=data, client_addr=user.client_addr,
            settings=settings, policies=policies,
        )
    except (FormProblems, InvalidInput) as exc:
        return _form_page(request, values=values, problems=_refused(session, exc),
                          status_code=422)
    if quick:  # counted; the operator is ready for the next call at once (and may undo)
        return redirect(f"/contacts/new?counted={quick}&undo={contact.id}")
    return redirect(f"/contacts/{contact.id}?saved=1")


@router.post("/{contact_id}/undo")
def undo_quick(contact_id: Id, user: SignedInDep, session: SessionDep) -> Response:
    """Take back a one-click count within seconds of the click (a mis-click on a live call)."""
    service.undo_quick(session, actor=user, contact_id=contact_id,
                       client_addr=user.client_addr)
    return redirect("/contacts/new?undone=1")


def _filters(request: Request, mine: bool) -> tuple[ContactFilters, dict[str, str], str | None]:
    """Filters from the query string; dates are whole local days, ``until`` included."""
    zone = settings_of(request).zone
    raw = {k: v for k, v in request.query_params.items() if v and k != "lang"}
    fields: dict[str, Any] = {"mine": mine, "limit": PAGE_SIZE}
    try:
        for key in ("risk_level", "channel", "call_type", "operator_id", "offset"):
            if key in raw:
                fields[key] = raw[key]
        if "since" in raw:
            fields["since"] = datetime.combine(date.fromisoformat(raw["since"]), time(), zone)
        if "until" in raw:
            day_after = date.fromisoformat(raw["until"]) + timedelta(days=1)
            fields["until"] = datetime.combine(day_after, time(), zone)
        return ContactFilters.model_validate(fields), raw, None
    except (ValueError, ValidationError):
        return ContactFilters(mine=mine, limit=PAGE_SIZE), raw, "bad_filters"


def _list_page(request: Request, user: CurrentUser, session: Session, *, mine: bool) -> Response:
    filters, raw, problem = _filters(request, mine)
    rows, total = service.list_contacts(
        session, actor=user, filters=filters, client_addr=user.client_addr
    )
    return render(
        request, "contacts/list.html", nav="mine" if mine else "all", mine=mine,
        contacts=service.to_summaries(session, rows), total=total, filters=raw,
        offset=filters.offset, page_size=PAGE_SIZE, bad_filters=problem is not None,
        operators=[] if mine else staff_choices.operators(session, user),
    )


@router.get("/mine")
def my_contacts(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    return _list_page(request, user, session, mine=True)


@router.get("")
def all_contacts(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    if not can(user, "list_all_contacts"):
        return redirect("/contacts/mine")
    return _list_page(request, user, session, mine=False)


@router.get("/{contact_id}")
def contact_page(contact_id: Id, request: Request, user: SignedInDep, session: SessionDep,
                 saved: bool = False) -> Response:
    contact = service.get_contact(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )
    history = service.revisions(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )
    return render(
        request, "contacts/detail.html", contact=intake.public(session, contact),
        history=list(reversed(history)), saved=saved,
        may_edit=can(user, "edit_contact", access.target(session, contact)),
        live_call=conference.is_live(contact),
    )


@router.get("/{contact_id}/edit")
def edit_contact(contact_id: Id, request: Request, user: SignedInDep, session: SessionDep,
                 settings: SettingsDep) -> Response:
    contact = service.get_contact(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )
    require(user, "edit_contact", access.target(session, contact))
    values = contact_form.values_from_contact(contact, settings.zone)
    return _form_page(request, values=values, contact=contact, session=session)


@router.post("/{contact_id}/edit")
def save_contact(contact_id: Id, request: Request, user: SignedInDep, form: FormDep,
                 session: SessionDep, settings: SettingsDep, policies: PoliciesDep) -> Response:
    contact = service.get_contact(
        session, actor=user, contact_id=contact_id, client_addr=user.client_addr
    )
    values = contact_form.read_form(form)
    try:
        data = contact_form.to_update(values, contact, settings.zone)
        intake.update_contact(
            session, actor=user, contact_id=contact_id, data=data,
            client_addr=user.client_addr, settings=settings,
            policies=policies,
        )
    except (FormProblems, InvalidInput) as exc:
        problems = _refused(session, exc)
        return _form_page(request, values=values, contact=session.get(Contact, contact_id),
                          problems=problems, status_code=422, session=session)
    return redirect(f"/contacts/{contact_id}?saved=1")
