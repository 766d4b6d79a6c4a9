"""Page routes of the operator console."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from operator_ui import language_names  # noqa: F401  (registers the template helper)
from operator_ui.i18n import N_
from operator_ui.rendering import error_page
from operator_ui.routes import (
    auth,
    callers,
    calls,
    contacts,
    cover,
    crisis,
    directory,
    follow_ups,
    home,
    province,
    reports,
    roster,
    roster_generate,
    roster_lend,
    roster_mine,
    staffcare,
    staffing,
    training,
    wallboard,
)
from operator_ui.routes.staff import logins as staff_logins
from operator_ui.routes.staff import people as staff_people
from operator_ui.routes.staff import qualifications as staff_qualifications
from operator_ui.routes.staff import teams as staff_teams

STATIC_DIR = Path(__file__).with_name("static")
API_PREFIXES = ("/api/", "/twilio/", "/ws", "/static/", "/metrics", "/healthz", "/docs", "/redoc",
                "/openapi")


async def _page_not_found(request: Request, exc: Exception) -> Response:
    """An unknown address is a page a person can read; the API keeps its JSON."""
    if request.url.path.startswith(API_PREFIXES):
        return await http_exception_handler(request, exc)  # type: ignore[arg-type]
    return error_page(request, 404, N_("This page does not exist."))


# The staff pages' fixed paths (/staff/teams, ...) before /staff/{staff_id}.
ROUTERS = tuple(module.router for module in (
    auth, contacts, calls, staff_teams, staff_qualifications, staff_logins, staff_people,
    training, reports, crisis, roster, roster_lend, roster_mine, roster_generate, staffing,
    follow_ups, callers, directory, staffcare, home, wallboard, cover, province))


def install(app: FastAPI) -> None:
    """Mount static files and page routes."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(404, _page_not_found)
    for router in ROUTERS:
        app.include_router(router)
