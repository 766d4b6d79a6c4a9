"""A local stand-in for Twilio's REST API, so the real ``twilio`` client is what we test.

It records every Messages/Calls request and can be told to fail the next N requests.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Self
from urllib.parse import parse_qs


class FakeTwilio:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0
        self._ids = count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                kind = "sms" if self.path.endswith("/Messages.json") else (
                    "call" if self.path.endswith("/Calls.json") else (
                        "redirect" if "/Calls/" in self.path else "other"))
                if fake.fail_next > 0:
                    fake.fail_next -= 1
                    self._reply(500, {"code": 20500, "message": "Internal Server Error",
                                      "status": 500})
                    return
                sid = f"{'SM' if kind == 'sms' else 'CA'}{next(fake._ids):032d}"
                fake.requests.append({"kind": kind, "path": self.path, "form": form, "sid": sid,
                                      "auth": self.headers.get("Authorization", "")})
                self._reply(201, {"sid": sid, "status": "queued", "to": form.get("To"),
                                  "from": form.get("From"), "body": form.get("Body")})

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def of_kind(self, kind: str) -> list[dict]:
        return [r for r in self.requests if r["kind"] == kind]
