"""Page routes of the operator console."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from operator_ui.routes import (
    auth,
    calls,
    contacts,
    crisis,
    reports,
    roster,
    roster_generate,
    roster_mine,
    staff,
    staffing,
    training,
)

STATIC_DIR = Path(__file__).with_name("static")


def install(app: FastAPI) -> None:
    """Mount static files and page routes."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (auth, contacts, calls, staff, training, reports, crisis, roster, roster_mine,
                   roster_generate, staffing):
        app.include_router(module.router)
