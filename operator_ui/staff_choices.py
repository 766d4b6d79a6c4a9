"""Reading the staff registry for pages, through ``hotline.staff.people``: the operator
filter of the contact list, the people one may pick in a form, and the day certificates are
judged against."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from sqlmodel import Session

from hotline.access.scope import CentreActor
from hotline.config import settings_of
from hotline.db import utcnow
from hotline.policies import policies_of
from hotline.staff import people

CONTACT_ROLES = {"operator", "crisis_responder", "supervisor"}


def operators(session: Session, reader: CentreActor) -> list[tuple[int, str]]:
    """Everyone of the reader's centres who may log contacts, by name (the operator filter of
    the contact list, owners and supervisors to pick): another centre's people are not
    named in a picker, as they are not listed."""
    return [(s.id, s.full_name) for s in people.list_staff(session, reader=reader)
            if s.id is not None and CONTACT_ROLES & set(s.roles)]


def active_people(session: Session, reader: CentreActor) -> list[tuple[int, str]]:
    """Active people of the reader's centres by name, e.g. to put someone on a team."""
    return [(s.id, s.full_name) for s in people.list_staff(session, active=True, reader=reader)
            if s.id is not None]


def today(request: Request) -> date:
    """Today in the hotline's time zone: a certificate is valid through its expiry day."""
    return utcnow().astimezone(settings_of(request).zone).date()


def warning_days(request: Request) -> int:
    """How long before expiry a certificate is marked (the trainings policy)."""
    return int(policies_of(request).trainings.certificate_warning_days)
