"""Access by centre: staff act within their centres; provincial roles read every centre.

A person's centres (``actor.centres``) are their home centre and, while they are lent to
another centre for a shift, that host centre. Rights that come from a role (a supervisor reads
every contact) hold only inside those centres: the permission rules check the target's
centre. Rights that come from being involved with one record (its operator, the responder an
escalation alerted) hold wherever the record is, so a backup centre's responder reads what
alerted them. A record outside the reader's reach answers exactly as one that does not exist
(404), so ids in other centres do not leak. Lists are filtered here, in the query.

Provincial roles read every centre; each read of a centre other than their own is audited
with the centre named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar, cast

from sqlmodel import Session, SQLModel, col, select

from hotline import db
from hotline.access import audit
from hotline.centres.models import Centre
from hotline.errors import NotFound

PROVINCIAL_ROLES = frozenset({"provincial_supervisor", "provincial_crisis_lead"})

Q = TypeVar("Q")  # a select, of rows or of tuples
Owned = TypeVar("Owned", bound=SQLModel)  # a table with a ``centre_id``


class CentreActor(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def roles(self) -> list[str]: ...
    @property
    def centres(self) -> frozenset[int]: ...


def is_provincial(actor: CentreActor) -> bool:
    """Holds a provincial role: reads every centre."""
    return not PROVINCIAL_ROLES.isdisjoint(actor.roles)


def readable(query: Q, column: Any, actor: CentreActor) -> Q:
    """``query`` narrowed to the centres the actor reads (no narrowing for provincial roles)."""
    if is_provincial(actor):
        return query
    return cast(Q, cast(Any, query).where(col(column).in_(actor.centres)))


def audit_reads(session: Session, actor: CentreActor, centre_ids: Iterable[int | None],
                what: str, client_addr: str) -> None:
    """One audit entry per other centre a provincial reader read from, naming the centre and
    how many of ``what`` (contacts, shifts ...) were read there."""
    counts = Counter(c for c in centre_ids if c is not None and c not in actor.centres)
    if not counts or not is_provincial(actor):
        return
    codes = dict(session.exec(select(Centre.id, Centre.code)
                              .where(col(Centre.id).in_(list(counts)))).all())
    for centre_id, count in sorted(counts.items()):
        code = codes.get(centre_id, str(centre_id))
        audit.record(session, actor.id, "centre.cross_read", f"centre:{code}", client_addr,
                     {"centre": code, "what": what, "count": count})


def reaches(actor: CentreActor | None, centre_id: int | None, *, change: bool = False) -> bool:
    """Does the actor reach a record of ``centre_id``: one of their centres, or, to read only,
    any centre for provincial roles? No actor: a job or the system, which reaches all."""
    return (actor is None or centre_id is None or centre_id in actor.centres
            or (not change and is_provincial(actor)))


def get_or_404(session: Session, model: type[Owned], row_id: int | None, code: str, *,
               within: CentreActor | None, change: bool = False, **params: Any) -> Owned:
    """``hotline.db.get_or_404`` within the actor's reach: a row of a centre they do not
    reach (see ``reaches``) answers the same 404 as a row that does not exist."""
    row = db.get_or_404(session, model, row_id, code, **params)
    if not reaches(within, getattr(row, "centre_id"), change=change):  # noqa: B009
        raise NotFound(code, **params)
    return row
