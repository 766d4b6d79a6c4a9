"""One middleware for the headers a browser needs to keep a hotline's pages private.

- ``Content-Security-Policy``: scripts, styles and connections only from this site (no inline
  script or style: they live in ``operator_ui/static``), never framed, forms post only here.
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
- ``Strict-Transport-Security`` when the session cookie is marked secure (HTTPS deployments).
- ``Cache-Control: no-store`` on every page and API answer: a contact must not linger in a
  shared browser's cache or a proxy. Only ``/static`` may be cached.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Plain ASGI (no extra task per request, as in ``metrics``)."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                if self.hsts:
                    headers["Strict-Transport-Security"] = HSTS
                if not cacheable:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
