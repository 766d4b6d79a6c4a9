"""``POST /api/callers/export`` and ``POST /api/callers/erase`` (supervisors, audited).

POST with a body, not GET with a path: the caller key and number stay out of URLs and logs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from hotline.auth.deps import CurrentUserDep, client_addr
from hotline.callers import rights as caller_rights
from hotline.callers.rights import CallerRef, ErasureRequest
from hotline.db import SessionDep

router = APIRouter(prefix="/api/callers", tags=["contacts"])


@router.post("/export")
def export_caller(body: CallerRef, user: CurrentUserDep, session: SessionDep,
                  request: Request) -> dict[str, Any]:
    return caller_rights.export(session, actor=user, settings=request.app.state.settings,
                                ref=body, client_addr=client_addr(request))


@router.post("/erase")
def erase_caller(body: ErasureRequest, user: CurrentUserDep, session: SessionDep,
                 request: Request) -> dict[str, int]:
    return caller_rights.erase(session, actor=user, settings=request.app.state.settings,
                               request=body, client_addr=client_addr(request))
