"""Failed logins slow down instead of locking anyone out.

Failures are counted per (client address, username) in moving windows that grow
(``HOTLINE_LOGIN_THROTTLE``, e.g. 5 a minute, 10 in 15 minutes, 20 an hour); past one, the
next try is answered 429 with ``Retry-After``. A stranger guessing at a responder's username
slows only their own address: the responder logs in from theirs as usual. A burst of
failures from one address raises a notice for the admins.

The counters live in this process (``limits``' memory storage): a restart forgets them, and
behind several app instances each counts its own share, which still bounds guessing.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

BURST_WINDOW = "15 minutes"


class LoginThrottle:
    def __init__(self, spec: str, burst_alert: int) -> None:
        self._limits: list[RateLimitItem] = parse_many(spec)
        self._burst: RateLimitItem = parse(f"{max(1, burst_alert)}/{BURST_WINDOW}")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, client_addr: str, username: str) -> int | None:
        """Seconds to wait before this pair may try again, or None when it may try now."""
        key = (client_addr, username.strip().lower())
        waits = [
            math.ceil(stats.reset_time - time.time())
            for limit in self._limits
            if not self._limiter.test(limit, "login", *key)
            for stats in [self._limiter.get_window_stats(limit, "login", *key)]
        ]
        return max(1, *waits) if waits else None

    def failed(self, client_addr: str, username: str) -> bool:
        """Count a failure; True while the address's failures are a burst (over the
        alert threshold in the window)."""
        key = (client_addr, username.strip().lower())
        for limit in self._limits:
            self._limiter.hit(limit, "login", *key)
        return not self._limiter.hit(self._burst, "login-burst", client_addr)

    def succeeded(self, client_addr: str, username: str) -> None:
        key = (client_addr, username.strip().lower())
        for limit in self._limits:
            self._limiter.clear(limit, "login", *key)
