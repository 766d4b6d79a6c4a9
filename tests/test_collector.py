"""The collector's full passes run on the app's timer, not whenever allocation triggers them
(``hotline/collector.py``): what start-up made is frozen, old cyclic garbage is still freed
by the timer, and everything is as before once the app stops."""

from __future__ import annotations

import asyncio
import gc
import weakref
from concurrent.futures import ThreadPoolExecutor

from hotline import collector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


async def _serve() -> None:
    async with collector.collecting(every=0.2):
        assert gc.get_freeze_count() > 0  # start-up's objects are left alone
        assert gc.get_threshold()[2] == collector.NEVER
        node = _Node()
        alive = weakref.ref(node)
        gc.collect(1)  # it outlives the young generations: now in the oldest
        del node
        gc.collect(1)  # young passes run as usual, but do not reach it
        assert alive() is not None
        for _ in range(50):  # the timer's full pass frees it (bounded wait)
            await asyncio.sleep(0.02)
            if alive() is None:
                break
        assert alive() is None


def test_full_passes_run_on_the_timer_only_and_stop_with_the_app() -> None:
    thresholds = gc.get_threshold()
    # A loop of its own in a thread: the browser tests' Playwright keeps one running on
    # this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _serve()).result(timeout=30)
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
