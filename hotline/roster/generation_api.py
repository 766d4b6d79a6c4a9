"""The roster generator over HTTP: propose, review, publish."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter

from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.db import SessionDep
from hotline.policies import PoliciesDep
from hotline.roster import generation, service
from hotline.roster.api import GuardedDep
from hotline.roster.schemas import (
    GenerateRequest,
    ProposalPublic,
    ProposedShiftPublic,
    PublishRequest,
    ShiftPublic,
)
from hotline.staff.lookup import full_names

router = APIRouter(prefix="/api", tags=["roster"])


def _local_day(value: date | datetime, zone: ZoneInfo, *, end: bool) -> date:
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        # An instant at local midnight ends the day before; any later instant includes it.
        if end and local.time() == time(0):
            return local.date() - timedelta(days=1)
        return local.date()
    return value - timedelta(days=1) if end else value


@router.post("/roster/generate", response_model=ProposalPublic)
def generate_roster(body: GenerateRequest, user: CurrentUserDep, session: SessionDep,
                    settings: SettingsDep, policies: PoliciesDep):
    """Propose a roster (CP-SAT, up to ``time_limit_s``); nothing is saved until published.
    A sync handler: FastAPI runs it in a worker thread, off the event loop."""
    proposal = generation.propose(
        session, actor=user, first_day=_local_day(body.since, settings.zone, end=False),
        last_day=_local_day(body.until, settings.zone, end=True), settings=settings,
        policies=policies, time_limit_s=body.time_limit_s,
    )
    names = full_names(session, (s.staff_id for s in proposal.new_shifts))
    return ProposalPublic(
        status=proposal.status, gap_free=proposal.gap_free,
        shifts=[ProposedShiftPublic(staff_id=s.staff_id, staff_name=names.get(s.staff_id),
                                    position=s.position, start=s.start, end=s.end,
                                    template=s.template) for s in proposal.new_shifts],
        gaps=service.gaps_public(proposal.gaps), reasons=proposal.reasons,
        fairness=[dataclasses.asdict(f) for f in proposal.fairness],
        first_solution_s=proposal.first_solution_s, best_solution_s=proposal.best_solution_s,
        wall_s=proposal.wall_s,
    )


@router.post("/roster/publish", status_code=201, response_model=list[ShiftPublic])
def publish_roster(body: PublishRequest, user: CurrentUserDep, session: SessionDep,
                   guard: GuardedDep):
    shifts = generation.publish(session, actor=user, shifts=body.shifts,
                                **guard)
    return service.to_public(session, shifts)
