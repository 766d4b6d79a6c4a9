"""The referral directory over HTTP (``/api/resources``) and the referrals of a contact."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session

from hotline.auth.deps import CurrentUserDep
from hotline.auth.service import CurrentUser
from hotline.config import settings_of
from hotline.contacts import service as contacts
from hotline.db import Id, SessionDep, utcnow
from hotline.resources import service
from hotline.resources.schemas import (
    ReferralCreate,
    ReferralPublic,
    ResourceCreate,
    ResourcePage,
    ResourcePublic,
    ResourceSearch,
    ResourceUpdate,
)

router = APIRouter(prefix="/api/resources", tags=["resources"])
referrals = APIRouter(prefix="/api/contacts", tags=["resources"])


def _today(request: Request) -> date:
    return utcnow().astimezone(settings_of(request).zone).date()


@router.get("", response_model=ResourcePage)
def search_resources(params: Annotated[ResourceSearch, Query()], user: CurrentUserDep,
                     session: SessionDep, request: Request):
    """Search by any substring of two or more characters (``q``), region and category."""
    today = _today(request)
    rows, total = service.search_resources(session, actor=user, params=params, today=today)
    return ResourcePage(items=[service.to_public(r, today) for r in rows], total=total)


@router.post("", status_code=201, response_model=ResourcePublic)
def create_resource(body: ResourceCreate, user: CurrentUserDep, session: SessionDep,
                    request: Request):
    resource = service.create_resource(session, actor=user, data=body,
                                       client_addr=user.client_addr)
    return service.to_public(resource, _today(request))


@router.get("/{resource_id}", response_model=ResourcePublic)
def get_resource(resource_id: Id, user: CurrentUserDep, session: SessionDep, request: Request):
    return service.to_public(
        service.get_resource(session, actor=user, resource_id=resource_id), _today(request))


@router.patch("/{resource_id}", response_model=ResourcePublic)
def update_resource(resource_id: Id, body: ResourceUpdate, user: CurrentUserDep,
                    session: SessionDep, request: Request):
    resource = service.update_resource(session, actor=user, resource_id=resource_id, data=body,
                                       client_addr=user.client_addr)
    return service.to_public(resource, _today(request))


@router.post("/{resource_id}/retire", response_model=ResourcePublic)
def retire_resource(resource_id: Id, user: CurrentUserDep, session: SessionDep,
                    request: Request):
    """Out of search (kept for the referrals that named it); repeating it changes nothing."""
    return _retire(resource_id, user, session, request, retire=True)


@router.post("/{resource_id}/restore", response_model=ResourcePublic)
def restore_resource(resource_id: Id, user: CurrentUserDep, session: SessionDep,
                     request: Request):
    return _retire(resource_id, user, session, request, retire=False)


def _retire(resource_id: int, user: CurrentUser, session: Session, request: Request, *,
            retire: bool) -> ResourcePublic:
    resource = service.retire_resource(session, actor=user, resource_id=resource_id,
                                       client_addr=user.client_addr, retire=retire)
    return service.to_public(resource, _today(request))


@referrals.post("/{contact_id}/referrals", response_model=ReferralPublic,
                responses={200: {"description": "already recorded"}}, status_code=201)
def refer(contact_id: Id, body: ReferralCreate, user: CurrentUserDep, session: SessionDep,
          response: Response):
    """Record which service the caller was given; repeating it answers 200 with the first."""
    contact = contacts.authorised(session, actor=user, contact_id=contact_id,
                                  action="edit_contact", client_addr=user.client_addr)
    referral, created = service.refer(session, actor=user, contact=contact,
                                      resource_id=body.resource_id,
                                      client_addr=user.client_addr)
    if not created:
        response.status_code = 200
    session.flush()
    return next(r for r in service.referrals_of(session, [contact_id]) if r.id == referral.id)


@referrals.get("/{contact_id}/referrals", response_model=list[ReferralPublic])
def contact_referrals(contact_id: Id, user: CurrentUserDep, session: SessionDep):
    contacts.authorised(session, actor=user, contact_id=contact_id, action="view_contact",
                        client_addr=user.client_addr)
    return service.referrals_of(session, [contact_id])
