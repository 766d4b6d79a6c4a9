"""``POST /api/callers/export`` and ``POST /api/callers/erase`` (supervisors, audited).

POST with a body, not GET with a path: the caller key and number stay out of URLs and logs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from hotline.auth.deps import CurrentUserDep
from hotline.config import SettingsDep
from hotline.contacts import caller_rights
from hotline.contacts.caller_rights import CallerRef, ErasureRequest
from hotline.db import SessionDep

router = APIRouter(prefix="/api/callers", tags=["contacts"])


@router.post("/export")
def export_caller(body: CallerRef, user: CurrentUserDep, session: SessionDep,
                  settings: SettingsDep) -> dict[str, Any]:
    return caller_rights.export(session, actor=user, settings=settings,
                                ref=body, client_addr=user.client_addr)


@router.post("/erase")
def erase_caller(body: ErasureRequest, user: CurrentUserDep, session: SessionDep, request: Request,
                 settings: SettingsDep) -> dict[str, int]:
    return caller_rights.erase(session, actor=user, settings=settings,
                               request=body, client_addr=user.client_addr)
