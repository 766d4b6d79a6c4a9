"""The staff registry's forms: read what an admin typed into the registry's schemas, fill the
forms from stored records, and name the field each refusal is about.

Validation stays in ``hotline.staff.schemas`` and the service, whose refusals carry a code and a
``field``; the page says the code in the admin's language.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from hotline.auth.schemas import AccountSet
from hotline.staff.models import Qualification, Role, Staff
from hotline.staff.schemas import (
    QualificationCreate,
    QualificationUpdate,
    StaffCreate,
    StaffUpdate,
)
from operator_ui import form_errors
from operator_ui.form_errors import FormProblems
from operator_ui.i18n import N_

ROLES = tuple(r.value for r in Role)
STAFF_TEXT = ("full_name", "phone", "email", "languages", "prior_training_hours", "notes",
              "username", "password", "override_reason")
QUALIFICATION_TEXT = ("kind", "number", "issuer", "issued_on", "expires_on")

# Field names as the forms show them (the problem list links to each field).
FIELDS = {
    "full_name": N_("Name"),
    "roles": N_("Roles"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "languages": N_("Languages"),
    "prior_training_hours": N_("Training hours before joining"),
    "notes": N_("Notes"),
    "username": N_("Username"),
    "password": N_("Password"),
    "kind": N_("Qualification"),
    "number": N_("Certificate number"),
    "issuer": N_("Issued by"),
    "issued_on": N_("Issued on"),
    "expires_on": N_("Expires on"),
    "override_reason": N_("Reason"),
    "code": N_("Code"),
    "name_zh": N_("Team name in Chinese"),
    "name_en": N_("Team name in English"),
}

# What to fix, per field, when the schema refuses it.
FIELD_PROBLEMS = {
    "full_name": N_("Enter the person's name (at most 120 characters)."),
    "roles": N_("Choose at least one role."),
    "phone": N_("This is not a valid phone number. Write it with the country code, e.g. "
                "+86 138 0013 8000 (numbers without + are read as mainland China numbers)."),
    "email": N_("Enter an email address such as name@example.org, or leave it empty."),
    "languages": N_("Write language codes separated by commas, e.g. zh, en, yue."),
    "prior_training_hours": N_("Hours are a number from 0 to 10000."),
    "notes": N_("Notes are at most 2000 characters."),
    "username": N_("Usernames are at most 60 characters."),
    "password": N_("Enter a password (at most 200 characters)."),
    "kind": N_("Name the qualification or certificate (at most 120 characters)."),
    "number": N_("The certificate number is at most 80 characters."),
    "issuer": N_("The issuer is at most 200 characters."),
    "issued_on": N_("Enter a date such as 2025-03-01."),
    "expires_on": N_("Enter a date such as 2025-03-01."),
    "override_reason": N_("The reason is at most 500 characters."),
}


def _validate(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise FormProblems(form_errors.problems(exc, FIELD_PROBLEMS)) from None


# --- people ------------------------------------------------------------------------------------


def blank_staff() -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(STAFF_TEXT, "")
    values.update(roles=["operator"], languages="zh", prior_training_hours="0")
    return values


def read_staff(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in STAFF_TEXT}
    values["password"] = str(form.get("password", ""))  # spaces may be part of it
    values["notes"] = str(form.get("notes", "")).strip()
    values["roles"] = [str(r) for r in form.getlist("roles")]
    return values


def staff_values(staff: Staff) -> dict[str, Any]:
    return {
        "full_name": staff.full_name, "phone": staff.phone or "", "email": staff.email or "",
        "languages": ", ".join(staff.languages), "roles": list(staff.roles),
        "prior_training_hours": f"{staff.prior_training_hours:g}", "notes": staff.notes,
        "username": "", "password": "", "override_reason": "",
    }


def _languages(text: str) -> list[str]:
    return [part for part in re.split(r"[,，、;\s]+", text) if part]


def _person_payload(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "full_name": values["full_name"], "roles": values["roles"],
        "phone": values["phone"] or None, "email": values["email"] or None,
        "languages": _languages(values["languages"]),
        "prior_training_hours": values["prior_training_hours"] or "0",
        "notes": values["notes"],
    }


def to_staff_create(values: dict[str, Any]) -> StaffCreate:
    payload = _person_payload(values)
    if values["username"] or values["password"]:
        payload.update(username=values["username"] or None, password=values["password"] or None)
    return _validate(StaffCreate, payload)


def to_staff_update(values: dict[str, Any]) -> StaffUpdate:
    payload = _person_payload(values)
    if values.get("override_reason"):
        payload["override_reason"] = values["override_reason"]
    return _validate(StaffUpdate, payload)


def to_account(values: dict[str, Any]) -> AccountSet:
    return _validate(AccountSet, {
        "username": values["username"] or None, "password": values["password"],
    })


# --- qualifications ----------------------------------------------------------------------------


def blank_qualification() -> dict[str, str]:
    return dict.fromkeys(QUALIFICATION_TEXT, "")


def read_qualification(form: FormData) -> dict[str, str]:
    return {k: str(form.get(k, "")).strip() for k in QUALIFICATION_TEXT}


def qualification_values(q: Qualification) -> dict[str, str]:
    return {
        "kind": q.kind, "number": q.number, "issuer": q.issuer,
        "issued_on": q.issued_on.isoformat() if q.issued_on else "",
        "expires_on": q.expires_on.isoformat() if q.expires_on else "",
    }


def _qualification_payload(values: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": values["kind"], "number": values["number"], "issuer": values["issuer"],
        "issued_on": values["issued_on"] or None, "expires_on": values["expires_on"] or None,
    }


def to_qualification_create(values: dict[str, str]) -> QualificationCreate:
    return _validate(QualificationCreate, _qualification_payload(values))


def to_qualification_update(values: dict[str, str]) -> QualificationUpdate:
    return _validate(QualificationUpdate, _qualification_payload(values))
