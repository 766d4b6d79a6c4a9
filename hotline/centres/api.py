"""The centres over HTTP: who is in the network and how to reach them.

Any signed-in staff may list them: names, zones, regions and numbers are the published face of
a public service (an operator tells a caller the number of the centre that covers their city).
Nothing about the people or the calls of a centre is here.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from hotline import language
from hotline.auth.deps import CurrentUserDep
from hotline.centres import service
from hotline.db import SessionDep
from hotline.policies import PoliciesDep

router = APIRouter(prefix="/api/centres", tags=["centres"])


class CentrePublic(BaseModel):
    code: str
    name: str  # in the request's language
    name_zh: str
    name_en: str
    zone: str
    provincial: bool
    regions: list[str]  # GB/T 2260 codes it covers
    numbers: list[str]  # its own numbers, E.164
    rollover_to: str  # the centre that takes its calls when it cannot ("" = none)


@router.get("", response_model=list[CentrePublic])
def list_centres(request: Request, user: CurrentUserDep, session: SessionDep,
                 policies: PoliciesDep) -> list[CentrePublic]:
    """The active centres, provincial first."""
    lang = language.pick(request)
    listed = {c.code: c for c in policies.network.centres}
    centres = []
    for row in service.active(session):
        policy = listed.get(row.code)
        centres.append(CentrePublic(
            code=row.code, name=row.name_in(lang), name_zh=row.name_zh, name_en=row.name_en,
            zone=row.zone, provincial=row.provincial,
            regions=list(policy.regions) if policy else [],
            numbers=list(policy.numbers) if policy else [],
            rollover_to=policy.rollover_to if policy else ""))
    return centres
