"""Python's garbage collector, kept off the alert path.

The collector's full (oldest-generation) pass walks every tracked object. Start-up leaves about
225,000 (the app, its routes and schemas, the ORM's mappers), and each open console holds
about 270 more (its coroutine chain through the middleware, its tasks and closures): with
2,000 consoles a full pass walked ~530,000 objects and stalled the event loop for 160-270 ms,
an alert's push included, every few seconds under load (measured with
``scripts/bench_alert_latency.py --consoles 2000``).

So, while the app serves: start-up's objects are frozen (never walked again); the young
generations are collected as usual (cheap, and most garbage dies there); automatic full
passes are off, and one runs every ``FULL_PASS_SECONDS`` instead, so cyclic garbage that
outlived the young generations lives at most that long. At shutdown everything is as before,
so an app started and stopped in one process (the tests) leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

FULL_PASS_SECONDS = 600.0
# The oldest generation's threshold: full passes after this many young ones, i.e. never.
NEVER = 1_000_000_000


@contextlib.asynccontextmanager
async def collecting(every: float = FULL_PASS_SECONDS) -> AsyncIterator[None]:
    """Freeze what exists now, then collect the oldest generation on a timer only."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], NEVER)
    timer = asyncio.create_task(_full_passes(every))
    try:
        yield
    finally:
        timer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await timer
        gc.set_threshold(*thresholds)
        gc.unfreeze()


async def _full_passes(every: float) -> None:
    while True:
        await asyncio.sleep(every)
        gc.collect()
