"""The roster seen from one centre, and people lent between centres.

A person belongs to one home centre (``Staff.centre_id``); a shift is worked where its
``centre_id`` says (the host). A shift whose host is not its person's home is *lent*: it
counts for the host's coverage only, and shows on both boards (lent in at the host, lent out
at home). Each centre keeps its own zone and its own policies (``policy_dir``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from hotline.access.permissions import Actor
from hotline.centres import service as centres_service
from hotline.centres.models import Centre
from hotline.config import Settings
from hotline.errors import Forbidden, InvalidInput
from hotline.roster.policy import RosterPolicies
from hotline.staff.models import Staff


class Lent(StrEnum):
    """How a shift stands to the centre looking at it."""

    home = "home"  # its person's own centre, worked there
    lent_in = "lent_in"  # worked here by someone from another centre
    lent_out = "lent_out"  # someone from here, worked at another centre


@dataclass(frozen=True)
class CentreView:
    """One centre's frame for roster work: its row, the settings in its zone, its policies."""

    centre: Centre
    settings: Settings
    policies: RosterPolicies

    @property
    def centre_id(self) -> int:
        assert self.centre.id is not None
        return self.centre.id


def view(session: Session, centre_id: int | None, *, settings: Settings,
         policies: RosterPolicies) -> CentreView:
    """The frame of centre ``centre_id`` (None: the default centre): its zone (the
    hotline's when it names none) and ``policies.for_centre(code)``."""
    centre = session.get(Centre, centre_id if centre_id is not None
                         else centres_service.default_centre_id(session))
    if centre is None:
        raise InvalidInput("lending.unknown_centre", centre=str(centre_id), field="centre")
    zoned = settings if not centre.zone or centre.zone == settings.timezone else \
        settings.model_copy(update={"timezone": centre.zone})
    return CentreView(centre, zoned, policies.for_centre(centre.code))


def host(session: Session, code: str) -> Centre:
    """The centre a shift is to be worked at, refused (422) when unknown or inactive."""
    centre = session.exec(select(Centre).where(Centre.code == code)).first()
    if centre is None:
        raise InvalidInput("lending.unknown_centre", centre=code, field="centre")
    if not centre.active:
        raise InvalidInput("lending.inactive_centre", centre=code, field="centre")
    return centre


def may_roster(actor: Actor, *, host_id: int | None, home_id: int | None) -> bool:
    """A supervisor rosters in their own centre (lending someone in) and lends their own
    people out; a centre's roster is not another centre's supervisor's to change."""
    return actor.centre_id is not None and actor.centre_id in (host_id, home_id)


def require_roster(actor: Actor, *, host_id: int | None, home_id: int | None) -> None:
    if not may_roster(actor, host_id=host_id, home_id=home_id):
        raise Forbidden("lending.not_your_centre")


def homes(session: Session, staff_ids: Iterable[int]) -> dict[int, int]:
    """``{staff_id: home centre id}`` in one query."""
    wanted = set(staff_ids)
    if not wanted:
        return {}
    rows = session.exec(select(Staff.id, Staff.centre_id).where(col(Staff.id).in_(wanted)))
    return {int(i): int(c) for i, c in rows if i is not None and c is not None}


def lent(shift_centre_id: int | None, home_id: int | None, viewer_id: int | None) -> Lent:
    """How a shift hosted at ``shift_centre_id`` for a person of ``home_id`` looks from
    centre ``viewer_id`` (None: from nowhere in particular, e.g. the API)."""
    if shift_centre_id == home_id:
        return Lent.home
    if viewer_id is not None and viewer_id == home_id:
        return Lent.lent_out
    return Lent.lent_in


def rows(session: Session, ids: Iterable[int | None]) -> dict[int, Centre]:
    """``{centre id: centre}`` for the given ids, in one query (inactive ones too)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {c.id: c for c in session.exec(select(Centre).where(col(Centre.id).in_(wanted)))
            if c.id is not None}
