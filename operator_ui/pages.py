"""Page routes of the operator console."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from operator_ui.routes import (
    auth,
    callers,
    calls,
    contacts,
    crisis,
    directory,
    follow_ups,
    reports,
    roster,
    roster_generate,
    roster_mine,
    staff,
    staffcare,
    staffing,
    training,
)

STATIC_DIR = Path(__file__).with_name("static")


def install(app: FastAPI) -> None:
    """Mount static files and page routes."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (auth, contacts, calls, staff, training, reports, crisis, roster, roster_mine,
                   roster_generate, staffing, follow_ups, callers, directory, staffcare):
        app.include_router(module.router)
