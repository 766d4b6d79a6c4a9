"""Staff admin pages (the talent database)."""

from __future__ import annotations

from fastapi import APIRouter

from operator_ui.rendering import PageRoute

router = APIRouter(prefix="/staff", route_class=PageRoute, include_in_schema=False)
