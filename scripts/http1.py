"""A lean HTTP/1.1 client for the latency benchmarks: one keep-alive connection, ``h11`` for the
protocol, nothing else between the caller and the socket.

Why not httpx: on this kind of machine an httpx request to a bare ASGI app costs about 0.9 ms
(2 ms after 50 ms idle) of the *client's* time, against 0.2 ms (0.7 ms) here. In a benchmark
that times "from sending the request" that is the load generator's overhead, not the server's
latency; with httpx it was a fifth of the alert figure.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Self
from urllib.parse import urlsplit

import h11


class Http1:
    """``async with Http1(base, headers) as client: status, body = await client.post(...)``.

    One request at a time on one connection (open two for two concurrent streams)."""

    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        url = urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.headers = [("host", f"{self.host}:{self.port}"), *(headers or {}).items()]
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._conn = h11.Connection(our_role=h11.CLIENT)
        # perf_counter() when the last request's bytes were handed to the socket: a latency
        # "from sending" starts here, after the client built them.
        self.sent_at = 0.0

    async def __aenter__(self) -> Self:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *exc: object
                        ) -> None:
        if self._writer is not None:
            self._writer.close()

    async def request(self, method: str, path: str, body: Any = None,
                      headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Send and wait for the whole answer; (status, body bytes)."""
        assert self._reader is not None and self._writer is not None, "use `async with`"
        data = b"" if body is None else json.dumps(body).encode()
        head = [*self.headers, *(headers or {}).items(), ("content-length", str(len(data)))]
        if data:
            head.append(("content-type", "application/json"))
        out = self._conn.send(h11.Request(method=method, target=path, headers=head)) or b""
        if data:
            out += self._conn.send(h11.Data(data=data)) or b""
        out += self._conn.send(h11.EndOfMessage()) or b""
        self.sent_at = time.perf_counter()
        self._writer.write(out)
        status, chunks = 0, []
        while True:
            event = self._conn.next_event()
            if event is h11.NEED_DATA:
                received = await self._reader.read(65536)
                if not received:
                    raise ConnectionError("the server closed the connection")
                self._conn.receive_data(received)
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
        self._conn.start_next_cycle()
        return status, b"".join(chunks)

    async def post(self, path: str, body: Any = None,
                   headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST JSON; (status, the decoded JSON answer)."""
        status, raw = await self.request("POST", path, body, headers)
        return status, json.loads(raw) if raw else None

    async def patch(self, path: str, body: Any = None) -> tuple[int, Any]:
        status, raw = await self.request("PATCH", path, body)
        return status, json.loads(raw) if raw else None
