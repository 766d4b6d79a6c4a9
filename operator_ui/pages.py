"""Page routes of the operator console."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount static files and page routes."""
