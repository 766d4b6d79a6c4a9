"""Start a coroutine now, on the caller's stack: what Python 3.12's eager tasks do, on 3.11.

A console's frame is written the moment its event is committed, inside the commit, instead
of by a task that the loop runs once everything queued before it has run (under load, that
can be another request's whole handler: 3 ms in front of an alert, measured with
``scripts/bench_alert_latency.py``). A socket that takes the frame at once, the usual case,
costs no task at all; one that makes the writer wait gets a task that carries on from there.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Coroutine, Generator
from typing import Any


def start(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Run ``coro`` until it first waits: None if it finished (its exception, if it raised,
    is raised here), else the task that finishes it."""
    try:
        waiting = coro.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_carry_on(coro, waiting))


@types.coroutine
def _carry_on(coro: Coroutine[Any, Any, None], waiting: Any) -> Generator[Any, Any, None]:
    """Hand what ``coro`` waits on to the task, and the outcome back to ``coro``, as an
    ``await`` would have from the start."""
    while True:
        try:
            try:
                value = yield waiting
            except BaseException as exc:  # noqa: BLE001 - cancellation included: passed on
                waiting = coro.throw(exc)
            else:
                waiting = coro.send(value)
        except StopIteration:
            return
