"""The ids a console was sent lately, to drop the second copy of an event that arrives both
by catch-up and live (ids may commit out of order on PostgreSQL, so a console tracks ids
rather than comparing with the last one). Bounded: a console stays open for weeks, and a
duplicate arrives within moments of the first copy."""

from __future__ import annotations

from collections import deque


class RecentIds:
    def __init__(self, size: int = 10_000) -> None:
        self._order: deque[int] = deque()
        self._ids: set[int] = set()
        self._size = size

    def add(self, item: int) -> bool:
        """Remember ``item``; True when it was not among the last ``size`` ids."""
        if item in self._ids:
            return False
        self._ids.add(item)
        self._order.append(item)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        return True

    def __len__(self) -> int:
        return len(self._ids)
