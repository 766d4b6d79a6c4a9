"""Qualifications: certificates and licences with their expiry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import Actor, require
from hotline.db import get_or_404, id_of, utcnow
from hotline.errors import InvalidInput
from hotline.staff.models import Qualification
from hotline.staff.people import get_staff
from hotline.staff.schemas import QualificationCreate, QualificationPublic, QualificationUpdate


def list_qualifications(session: Session, staff_id: int) -> list[Qualification]:
    get_staff(session, staff_id)
    return list(session.exec(
        select(Qualification).where(Qualification.staff_id == staff_id)
        .order_by(col(Qualification.expires_on), col(Qualification.id))
    ))


def get_qualification(session: Session, qualification_id: int) -> Qualification:
    return get_or_404(session, Qualification, qualification_id,
                      "qualification.not_found", qualification_id=qualification_id)


def add_qualification(
    session: Session, *, actor: Actor, staff_id: int, data: QualificationCreate,
    client_addr: str,
) -> Qualification:
    require(actor, "manage_qualifications")
    get_staff(session, staff_id, within=actor, change=True)
    _check_dates(data.issued_on, data.expires_on)
    qualification = Qualification(staff_id=staff_id, **data.model_dump())
    session.add(qualification)
    session.flush()
    audit.record(session, actor.id, "qualification.create", f"staff:{staff_id}", client_addr,
                 _qualification_fields(qualification))
    return qualification


def update_qualification(
    session: Session, *, actor: Actor, qualification_id: int, data: QualificationUpdate,
    client_addr: str,
) -> Qualification:
    require(actor, "manage_qualifications")
    qualification = get_qualification(session, qualification_id)
    sent = data.model_dump(exclude_unset=True)
    if sent.get("kind", "") is None:
        raise InvalidInput("staff.field_not_null", field="kind")
    for name in ("number", "issuer"):
        if name in sent and sent[name] is None:
            sent[name] = ""
    _check_dates(sent.get("issued_on", qualification.issued_on),
                 sent.get("expires_on", qualification.expires_on))
    changes = {k: [_iso(getattr(qualification, k)), _iso(v)] for k, v in sent.items()
               if getattr(qualification, k) != v}
    for name, value in sent.items():
        setattr(qualification, name, value)
    if changes:
        session.add(qualification)
        session.flush()
        audit.record(session, actor.id, "qualification.update",
                     f"staff:{qualification.staff_id}", client_addr,
                     {"qualification_id": qualification.id, "changes": changes})
    return qualification


def remove_qualification(
    session: Session, *, actor: Actor, qualification_id: int, client_addr: str
) -> None:
    """Remove a certificate entered by mistake; the audit entry keeps what it said."""
    require(actor, "manage_qualifications")
    qualification = get_qualification(session, qualification_id)
    detail = _qualification_fields(qualification)
    session.delete(qualification)
    session.flush()
    audit.record(session, actor.id, "qualification.delete", f"staff:{qualification.staff_id}",
                 client_addr, detail)


def _check_dates(issued_on: date | None, expires_on: date | None) -> None:
    if issued_on is not None and issued_on > utcnow().date() + timedelta(days=1):
        raise InvalidInput("qualification.issued_in_future", field="issued_on")
    if issued_on is not None and issued_on.year < 1900:
        raise InvalidInput("qualification.issued_before_1900", field="issued_on")
    if issued_on is not None and expires_on is not None and expires_on <= issued_on:
        raise InvalidInput("qualification.expiry_before_issue", field="expires_on")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _qualification_fields(q: Qualification) -> dict[str, Any]:
    return {"qualification_id": q.id, "kind": q.kind, "number": q.number, "issuer": q.issuer,
            "issued_on": _iso(q.issued_on), "expires_on": _iso(q.expires_on)}


def qualification_public(q: Qualification, *, today: date, warning_days: int) -> QualificationPublic:
    """The certificate with ``expired`` (before today) and ``expiring_soon`` (valid, but ends
    within ``warning_days``)."""
    expired = q.expires_on is not None and q.expires_on < today
    soon = (q.expires_on is not None and not expired
            and q.expires_on <= today + timedelta(days=warning_days))
    return QualificationPublic(
        id=id_of(q), staff_id=q.staff_id, kind=q.kind, number=q.number, issuer=q.issuer,
        issued_on=q.issued_on, expires_on=q.expires_on, expired=expired, expiring_soon=soon,
    )
