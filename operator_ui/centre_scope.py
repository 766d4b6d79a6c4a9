"""Which centre a report page is about: the reader's own, or (provincial roles) any centre or
the whole province, chosen with ``?centre=CODE`` (``all``: the province). Every read of
another centre's figures is audited, naming the centre."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from hotline.access.permissions import can
from hotline.auth.deps import Actor
from hotline.centres import service as centres
from hotline.centres.models import Centre
from hotline.errors import Forbidden
from hotline.policies import Policies, policies_of
from hotline.reports import province

PROVINCE = "all"


@dataclass(frozen=True)
class Scope:
    centre: Centre | None  # None: every centre of the network
    policies: Policies  # the centre's own (its policy_dir), or the shared ones
    choices: list[Centre]  # what the reader may pick (only provincial roles pick)

    @property
    def centre_id(self) -> int | None:
        return self.centre.id if self.centre else None

    @property
    def code(self) -> str:
        return self.centre.code if self.centre else PROVINCE

    @property
    def query(self) -> str:
        """``centre=...`` for links that keep the scope."""
        return f"centre={self.code}"


def read_scope(request: Request, session: Session, user: Actor, what: str) -> Scope:
    """The scope asked for and allowed: 403 for another centre without a provincial role;
    an unknown code is a 404 (``centre.not_found``)."""
    asked = request.query_params.get("centre", "")
    provincial = can(user, "view_province")
    if not provincial:
        own = session.get(Centre, user.centre_id)
        if asked and (own is None or asked != own.code):
            raise Forbidden("centre.not_readable")
        return Scope(own, _policies(request, own), [])
    choices = centres.active(session)
    chosen = None if asked in ("", PROVINCE) else centres.by_code(session, asked)
    province.audit_reads(session, actor_id=user.id, home_id=user.centre_id,
                         centres_read=[chosen] if chosen else choices, what=what,
                         client_addr=user.client_addr)
    return Scope(chosen, _policies(request, chosen), choices)


def _policies(request: Request, centre: Centre | None) -> Policies:
    shared = policies_of(request)
    return shared.for_centre(centre.code) if centre else shared
