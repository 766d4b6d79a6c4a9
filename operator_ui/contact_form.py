"""The contact form: read what an operator typed into the API's shapes, and fill the form
from a saved record. Validation stays in the contact schemas and service; this only turns
their refusals into messages that name the field in the operator's language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from starlette.datastructures import FormData

from hotline.contacts.models import CallType, Contact, ContactStatus
from hotline.contacts.risk import (
    AFTER_Q2,
    YES_NO_ITEMS,
    RiskAssessment,
    RiskScreen,
    assess,
    missing_answers,
)
from hotline.contacts.schemas import (
    CallerProfile,
    ContactCreate,
    ContactUpdate,
    FollowUp,
    PersonAtRisk,
    SafetyPlan,
)
from hotline.db import utcnow
from operator_ui import form_errors
from operator_ui.form_errors import FormProblems, Problem
from operator_ui.i18n import N_

TIME_FIELDS = ("received_at", "answered_at", "ended_at")
FACTOR_LISTS = ("desire", "capability", "buffers")
QUICK_CALL_TYPES = tuple(c.value for c in CallType if c != CallType.data)
# What a one-click non-data contact keeps: it is counted, nothing more is asked.
QUICK_FIELDS = ("channel", "call_type", "received_at", "caller_number")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"

SCREEN_NOT_ASKED = "contact.screen_not_asked"
# Fields that make a form a draft worth keeping (a one-click type asks before discarding it).
_NOT_DRAFT = {"channel", "call_type", "caller_number", *TIME_FIELDS}
BAD_TIME = N_("Enter a date and time such as 2025-03-01 14:30.")


def read_form(form: FormData) -> dict[str, Any]:
    """The posted fields in the API's shape, times kept as the local text that was typed."""

    def text(name: str) -> str:
        return str(form.get(name, "")).strip()

    answers = {"yes": True, "no": False}
    # Unanswered stays None: "asked, answered no" is not "never asked".
    screen: dict[str, Any] = {item: answers.get(text(f"risk.{item}")) for item in YES_NO_ITEMS}
    if screen["suicidal_thoughts"] is not True:
        screen.update(dict.fromkeys(AFTER_Q2))  # hidden questions are not answers
    screen["behavior"] = text("risk.behavior") or None
    for name in FACTOR_LISTS:
        screen[name] = form.getlist(f"risk.{name}")
    screen["operator_level"] = text("risk.operator_level") or None
    screen["operator_reason"] = text("risk.operator_reason") or None
    screen["not_assessed"] = text("risk.not_assessed") or None
    screen["not_assessed_note"] = text("risk.not_assessed_note")
    relationship = text("caller_relationship") or "self"
    return {
        "channel": text("channel") or "voice",
        "call_type": text("call_type") or CallType.data.value,
        **{name: text(name) for name in TIME_FIELDS},
        "caller_number": text("caller_number"),
        "caller_profile": {
            "age_band": text("profile.age_band") or "unknown",
            "gender": text("profile.gender") or "unknown",
            "region": text("profile.region"),
        },
        "issues": form.getlist("issues"),
        "risk_screen": screen,
        "interventions": form.getlist("interventions"),
        "referrals": form.getlist("referrals"),
        "safety_plan": {name: text(f"safety.{name}") for name in SafetyPlan.model_fields},
        "follow_up": {
            "consent": form.get("follow_up.consent") == "yes",
            "plan": text("follow_up.plan"),
            "due_on": text("follow_up.due_on") or None,
            "due_time": _seconds(text("follow_up.due_time")) or None,
            "night_ok": form.get("follow_up.night_ok") == "yes",
        },
        "notes": str(form.get("notes", "")).strip(),
        "caller_relationship": relationship,
        "person_at_risk": {} if relationship == "self" else {
            "age_band": text("person.age_band") or "unknown", "where": text("person.where"),
            "how_to_reach": text("person.how_to_reach"), "note": text("person.note"),
        },
    }


def is_draft(values: dict[str, Any], zone: ZoneInfo) -> bool:
    """Something was asked or written: more than a blank form with its times."""
    blank = blank_values(zone)
    return any(_comparable(values[k]) != _comparable(blank[k]) for k in values
               if k not in _NOT_DRAFT)


def _seconds(clock: str) -> str:
    """A browser's ``19:30`` as the stored ``19:30:00``, so an untouched form changes nothing."""
    return f"{clock}:00" if len(clock) == 5 else clock


def _local(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime(LOCAL_FORMAT) if value else ""


def blank_values(zone: ZoneInfo) -> dict[str, Any]:
    """A new contact: received now, in the hotline's time zone; everything else unanswered."""
    values = read_form(FormData())
    values["received_at"] = _local(utcnow(), zone)
    return values


def values_from_contact(contact: Contact, zone: ZoneInfo) -> dict[str, Any]:
    """A saved record in the form's shape, so the edit form starts from what is stored."""
    screen = RiskScreen.model_validate(contact.risk_screen or {}).model_dump(mode="json")
    return {
        "channel": contact.channel.value,
        "call_type": contact.call_type.value,
        **{name: _local(getattr(contact, name), zone) for name in TIME_FIELDS},
        "caller_number": "",
        "caller_profile": CallerProfile.model_validate(contact.caller_profile).model_dump(),
        "issues": list(contact.issues),
        "risk_screen": screen,
        "interventions": list(contact.interventions),
        "referrals": list(contact.referrals),
        "safety_plan": SafetyPlan.model_validate(contact.safety_plan).model_dump(),
        "follow_up": FollowUp.model_validate(contact.follow_up).model_dump(mode="json"),
        "notes": contact.notes,
        "caller_relationship": contact.caller_relationship.value,
        "person_at_risk": PersonAtRisk.model_validate(contact.person_at_risk).model_dump()
        if contact.person_at_risk else {},
    }


def _parse_time(name: str, text: str, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise FormProblems([Problem(name, BAD_TIME)]) from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def _payload(values: dict[str, Any], zone: ZoneInfo, fields: tuple[str, ...]) -> dict[str, Any]:
    payload = {name: values[name] for name in fields}
    for name in TIME_FIELDS:
        if name in payload:
            payload[name] = _parse_time(name, payload[name], zone)
    if not payload.get("received_at"):
        payload.pop("received_at", None)  # the service stamps it now
    if "caller_number" in payload and not payload["caller_number"]:
        payload.pop("caller_number")
    if "person_at_risk" in payload and not payload["person_at_risk"]:
        payload["person_at_risk"] = None
    return payload


# Pydantic's messages are for developers; the form says these, in the page's language.
def to_create(values: dict[str, Any], zone: ZoneInfo) -> ContactCreate:
    """A new contact from the form; a non-data call type keeps only what such a call has."""
    fields = QUICK_FIELDS if values["call_type"] in QUICK_CALL_TYPES else tuple(values)
    payload = _payload(values, zone, fields)
    if values["call_type"] in QUICK_CALL_TYPES:
        payload["status"] = ContactStatus.completed.value
    try:
        data = ContactCreate.model_validate(payload)
    except ValidationError as exc:
        raise FormProblems(form_errors.problems(exc)) from None
    if data.call_type in (None, CallType.data) and missing_answers(
            data.risk_screen or RiskScreen(), strict=True):
        raise FormProblems([Problem("risk_screen", SCREEN_NOT_ASKED)])
    return data


def _comparable(value: Any) -> Any:
    """Lists compare as sets of answers: ticking boxes in another order changes nothing."""
    if isinstance(value, list):
        return sorted(map(str, value))
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


def to_update(values: dict[str, Any], contact: Contact, zone: ZoneInfo) -> ContactUpdate:
    """Only the fields the operator changed, so an untouched form makes no revision."""
    stored = values_from_contact(contact, zone)
    changed = tuple(
        name for name in stored
        if name != "caller_number" and _comparable(values[name]) != _comparable(stored[name])
    )
    payload = _payload(values, zone, changed)
    if payload.get("ended_at") and contact.status == ContactStatus.in_progress:
        payload["status"] = ContactStatus.completed.value
    try:
        return ContactUpdate.model_validate(payload)
    except ValidationError as exc:
        raise FormProblems(form_errors.problems(exc)) from None


def screen_assessment(values: dict[str, Any]) -> tuple[RiskAssessment, bool]:
    """The level the form's answers give, for the page as first drawn; the flag says a
    lowering still lacks its reason (the screen's own level stands until one is given)."""
    screen = values["risk_screen"]
    as_judged = _valid_screen(screen)
    if as_judged is not None:
        return assess(as_judged), False
    as_screened = _valid_screen({**screen, "operator_level": None}) or RiskScreen()
    return assess(as_screened), screen.get("operator_level") is not None


def _valid_screen(data: dict[str, Any]) -> RiskScreen | None:
    try:
        return RiskScreen.model_validate(data)
    except ValidationError:
        return None
