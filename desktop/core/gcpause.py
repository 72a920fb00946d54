"""One switch for Python's cyclic garbage collector while bulk work runs.

Exports and cluster rebuilds make millions of small objects that reference counting frees;
full cyclic collections meanwhile cost a fifth of an export and hold the GIL for up to a
second, stalling the window's thread. So the collector pauses while such work runs.

The collector is process-wide, and an export and a rebuild may run at once on two worker
threads: each toggling it alone left it off for good (or back on in the middle of the
other's work). Here the pauses are counted under one lock: the first pauses the collector
(if it was on), the last lets it run again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_restore = False  # whether the collector was on when the first pause began


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()
