"""In-memory sliding-window rate limits for the public endpoints (per API process).

Keys are conversation ids or client addresses; they live only in memory, for the length
of one window, and are never written to disk or logs.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class SlidingWindowLimiter:
    def __init__(
        self,
        limit: int,
        window_seconds: float,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self.clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one hit for key; False when the key is over its limit in this window."""
        now = self.clock()
        hits = self._hits.pop(key, None) or deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        allowed = len(hits) < self.limit
        if allowed:
            hits.append(now)
        self._hits[key] = hits
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)
        return allowed

    def is_blocked(self, key: str) -> bool:
        """Whether key has used up its window, without counting a hit."""
        now = self.clock()
        hits = self._hits.get(key, ())
        return sum(1 for hit in hits if hit > now - self.window) >= self.limit

    def retry_after(self, key: str) -> int:
        hits = self._hits.get(key)
        if not hits:
            return 1
        return max(1, int(hits[0] + self.window - self.clock()) + 1)
