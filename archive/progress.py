"""A progress display for long runs: one rewritten line on a terminal, nothing elsewhere."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sized
from typing import TextIO, TypeVar

T = TypeVar("T")


class Progress:
    """Shows `label: done/total` at most every `interval` seconds on an interactive stream."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True, interval: float = 0.2):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.interval = interval

    @classmethod
    def silent(cls) -> Progress:
        return cls(enabled=False)

    def iterate(self, items: Iterable[T], label: str) -> Iterator[T]:
        if not self.enabled:
            yield from items
            return
        total = len(items) if isinstance(items, Sized) else 0
        last = 0.0
        done = 0
        for done, item in enumerate(items, 1):
            now = time.monotonic()
            if now - last >= self.interval:
                last = now
                self._show(f"{label}: {done}/{total}" if total else f"{label}: {done}")
            yield item
        self._show("")

    def _show(self, text: str) -> None:
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
