"""A console's frames: written at once, inside the commit that made them, when its socket
takes them; in order behind one it has not taken yet; held back while it catches up; and a
console that falls ``QUEUE_LIMIT`` frames behind, or whose socket fails, is let go (its
handler closes it and it replays on reconnect). Also ``eager.start``, which does the first."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from hotline.realtime import eager
from hotline.realtime.hub import QUEUE_LIMIT, Push, Subscription


def _run(test: Callable[[], Awaitable[None]]) -> None:
    with ThreadPoolExecutor(1) as pool:  # a loop of its own (a browser test may hold one)
        pool.submit(asyncio.run, test()).result()


class Socket:
    """A console's socket: takes frames at once, or, while ``blocked``, makes the writer
    wait, as a full socket buffer does."""

    def __init__(self) -> None:
        self.frames: list[int] = []
        self.open = asyncio.Event()
        self.open.set()

    async def send(self, push: Push) -> None:
        await self.open.wait()
        self.frames.append(push.id)


def _push(i: int) -> Push:
    return Push(i, f'{{"id":{i}}}')


def test_a_frame_is_written_before_put_returns() -> None:
    async def test() -> None:
        socket = Socket()
        sub = Subscription(frozenset({"all"}), socket.send)
        sub.put(_push(1))
        assert socket.frames == [1]  # no task, no turn of the loop

    _run(test)


def test_frames_wait_in_order_behind_one_the_socket_has_not_taken() -> None:
    async def test() -> None:
        socket = Socket()
        socket.open.clear()
        sub = Subscription(frozenset({"all"}), socket.send)
        for i in range(1, 6):
            sub.put(_push(i))
        assert socket.frames == []
        socket.open.set()
        for _ in range(20):  # bounded
            await asyncio.sleep(0)
        assert socket.frames == [1, 2, 3, 4, 5]
        sub.put(_push(6))  # caught up: written at once again
        assert socket.frames[-1] == 6
        assert not sub.gone.is_set()

    _run(test)


def test_new_frames_wait_while_the_console_catches_up() -> None:
    async def test() -> None:
        socket = Socket()
        sub = Subscription(frozenset({"all"}), socket.send)
        with sub.held():
            sub.put(_push(9))
            await socket.send(_push(7))  # the replay, oldest first
            await socket.send(_push(8))
        assert socket.frames == [7, 8, 9]

    _run(test)


def test_a_console_that_falls_too_far_behind_is_let_go() -> None:
    async def test() -> None:
        socket = Socket()
        socket.open.clear()
        sub = Subscription(frozenset({"all"}), socket.send)
        for i in range(QUEUE_LIMIT + 1):  # one being written, QUEUE_LIMIT waiting
            sub.put(_push(i))
        assert not sub.gone.is_set()
        sub.put(_push(QUEUE_LIMIT + 1))
        assert sub.gone.is_set()
        sub.close()

    _run(test)


def test_a_failed_socket_lets_the_console_go() -> None:
    async def test() -> None:
        async def broken(_push: Push) -> None:
            raise RuntimeError("the socket is closed")

        sub = Subscription(frozenset({"all"}), broken)
        sub.put(_push(1))
        assert sub.gone.is_set()
        sub.put(_push(2))  # nothing more is tried

    _run(test)


def test_eager_start_runs_to_the_first_wait_then_a_task_carries_on() -> None:
    async def test() -> None:
        steps: list[str] = []
        gate = asyncio.get_running_loop().create_future()

        async def work() -> None:
            steps.append("before")
            steps.append(f"got {await gate}")

        task = eager.start(work())
        assert steps == ["before"] and task is not None
        gate.set_result(42)
        await task
        assert steps == ["before", "got 42"]

        async def quick() -> None:
            steps.append("quick")

        assert eager.start(quick()) is None and steps[-1] == "quick"

        async def fails() -> None:
            raise ValueError("at once")

        with pytest.raises(ValueError):
            eager.start(fails())

        stuck = eager.start(asyncio.sleep(3600))
        assert stuck is not None
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck

    _run(test)
