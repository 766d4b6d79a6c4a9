"""The referral directory: add, change, retire and search services, and record which service
a caller was given. Searching is open to all staff; changing the directory is not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.contacts.models import Contact
from hotline.db import get_or_404, id_of, utcnow
from hotline.errors import Conflict
from hotline.resources import search as directory_search
from hotline.resources import vocabulary
from hotline.resources.models import Referral, Resource
from hotline.resources.schemas import (
    ReferralPublic,
    ResourceCreate,
    ResourcePublic,
    ResourceSearch,
    ResourceUpdate,
)

# A service nobody has checked for a year may have moved, closed or changed its number.
REVIEW_AFTER = timedelta(days=365)


def derive(resource: Resource) -> None:
    """Fill the derived columns: the category filter and the text the trigram index covers."""
    words = vocabulary.load()
    resource.category_tags = "".join(f"|{c}" for c in resource.categories) + (
        "|" if resource.categories else "")
    resource.search_text = "\n".join(part for part in (
        resource.name, resource.description, words.labels(resource.categories, "categories"),
        words.labels([resource.region], "regions"), resource.address, resource.eligibility,
        resource.phone,
    ) if part)
    resource.search_bigrams = directory_search.bigrams(resource.search_text)


def is_stale(resource: Resource, today: date) -> bool:
    return resource.last_verified_on is None or (
        today - resource.last_verified_on > REVIEW_AFTER)


def stale_before(today: date) -> date:
    return today - REVIEW_AFTER


def _load(session: Session, resource_id: int) -> Resource:
    return get_or_404(session, Resource, resource_id, "resource.not_found", resource_id=resource_id)


def get_resource(session: Session, *, actor: CurrentUser, resource_id: int) -> Resource:
    require(actor, "view_resources")
    return _load(session, resource_id)


def create_resource(session: Session, *, actor: CurrentUser, data: ResourceCreate,
                    client_addr: str) -> Resource:
    """Add a service; only its name is required."""
    require(actor, "manage_resources")
    # An explicit null is "not given": the column's default (an empty list, say), never None.
    given = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    resource = Resource(**given, updated_by=actor.id)
    derive(resource)
    session.add(resource)
    session.flush()
    audit.record(session, actor.id, "resource.create", f"resource:{resource.id}", client_addr)
    return resource


def update_resource(session: Session, *, actor: CurrentUser, resource_id: int,
                    data: ResourceUpdate, client_addr: str) -> Resource:
    """Change the fields sent; a change with nothing new is not a new version."""
    require(actor, "manage_resources")
    resource = _load(session, resource_id)
    sent = data.model_dump(exclude_unset=True)
    if "name" in sent and sent["name"] is None:
        sent.pop("name")
    changed = sorted(k for k, v in sent.items()
                     if (v if v is not None else _empty(k)) != getattr(resource, k))
    if not changed:
        return resource
    for key in changed:
        setattr(resource, key, sent[key] if sent[key] is not None else _empty(key))
    derive(resource)
    resource.version += 1
    resource.updated_at, resource.updated_by = utcnow(), actor.id
    session.add(resource)
    session.flush()
    audit.record(session, actor.id, "resource.update", f"resource:{resource.id}", client_addr,
                 {"fields": changed})
    return resource


def _empty(field: str) -> Any:
    return [] if field in ("categories", "languages") else (None if field == "last_verified_on"
                                                            else "")


def retire_resource(session: Session, *, actor: CurrentUser, resource_id: int,
                    client_addr: str, retire: bool = True) -> Resource:
    """Take a service out of search, or (``retire=False``) put it back. Kept either way:
    past referrals still name it. Safe to repeat."""
    require(actor, "manage_resources")
    resource = _load(session, resource_id)
    if (resource.retired_at is None) == retire:
        resource.retired_at = utcnow() if retire else None
        resource.updated_by = actor.id
        resource.version += 1
        session.add(resource)
        audit.record(session, actor.id, "resource.retire" if retire else "resource.restore",
                     f"resource:{resource.id}", client_addr)
    return resource


def search_resources(session: Session, *, actor: CurrentUser, params: ResourceSearch,
                     today: date) -> tuple[list[Resource], int]:
    """Search the directory (every term of ``q`` must match, best first)."""
    require(actor, "view_resources")
    extra = []
    if params.stale is not None:
        cutoff = stale_before(today)
        old = or_(col(Resource.last_verified_on).is_(None),
                  col(Resource.last_verified_on) < cutoff)
        extra.append(old if params.stale else ~old)
    return directory_search.search(session, params, extra)


def to_public(resource: Resource, today: date) -> ResourcePublic:
    return ResourcePublic(**resource.model_dump(), stale=is_stale(resource, today))


def refer(session: Session, *, actor: CurrentUser, contact: Contact, resource_id: int,
          client_addr: str) -> tuple[Referral, bool]:
    """Record that the caller of ``contact`` was given this service; (referral, created).

    The caller must be allowed to edit the contact (checked by the caller of this function).
    A repeat of the same referral returns the first one, so a double click records one.
    """
    resource = _load(session, resource_id)
    existing = session.exec(select(Referral).where(Referral.contact_id == contact.id)
                            .where(Referral.resource_id == resource_id)).first()
    if existing is not None:
        return existing, False
    if resource.retired_at is not None:
        raise Conflict("resource.retired")
    referral = Referral(contact_id=id_of(contact), resource_id=resource_id,
                        given_by=actor.id)
    try:
        with session.begin_nested():
            session.add(referral)
    except IntegrityError:  # the same click on another instance a moment ago
        return session.exec(select(Referral).where(Referral.contact_id == contact.id)
                            .where(Referral.resource_id == resource_id)).one(), False
    audit.record(session, actor.id, "contact.referral", f"contact:{contact.id}", client_addr,
                 {"resource_id": resource_id})
    return referral, True


def referrals_of(session: Session, contact_ids: list[int]) -> list[ReferralPublic]:
    """Referrals made in these contacts, oldest first, with the service's name and phone."""
    if not contact_ids:
        return []
    rows = session.exec(
        select(Referral, Resource).join(Resource, col(Resource.id) == Referral.resource_id)
        .where(col(Referral.contact_id).in_(contact_ids)).order_by(col(Referral.given_at))
    ).all()
    return [ReferralPublic(id=id_of(r), contact_id=r.contact_id, resource_id=r.resource_id,
                           resource_name=s.name, phone=s.phone, given_by=r.given_by,
                           given_at=r.given_at) for r, s in rows]
