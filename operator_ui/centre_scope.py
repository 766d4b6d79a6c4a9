"""Which centre a report page is about: the reader's own, or (provincial roles) any centre or
the whole province, chosen with ``?centre=CODE`` (``all``: the province). Every read of
another centre's figures is audited, naming the centre (``hotline.reports.province.scope``)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from hotline.auth.service import CurrentUser
from hotline.centres import service as centres_service
from hotline.centres.models import Centre
from hotline.config import Settings, settings_of
from hotline.policies import Policies, policies_of
from hotline.reports import province


@dataclass(frozen=True)
class Scope:
    centre: Centre | None  # None: every centre of the network
    policies: Policies  # the centre's own (its policy_dir), or the shared ones
    choices: list[Centre]  # what the reader may pick (only provincial roles pick)
    # In the centre's zone: its days and months are its own (the province: the hotline's).
    settings: Settings

    @property
    def centre_id(self) -> int | None:
        return self.centre.id if self.centre else None

    @property
    def code(self) -> str:
        return self.centre.code if self.centre else province.PROVINCE

    @property
    def query(self) -> str:
        """``centre=...`` for links that keep the scope."""
        return f"centre={self.code}"


def read_scope(request: Request, session: Session, user: CurrentUser, what: str) -> Scope:
    """The scope asked for and allowed (403 for another centre without a provincial role;
    an unknown code is a 404), with that centre's policies."""
    found = province.scope(session, reader=user, asked=request.query_params.get("centre"),
                           what=what, client_addr=user.client_addr)
    shared = policies_of(request)
    own = shared.for_centre(found.centre.code) if found.centre else shared
    return Scope(found.centre, own, found.choices,
                 centres_service.in_zone_of(settings_of(request), found.centre))
