"""The one background mechanism of the UI: tasks on a QThreadPool.

A task is a plain function `fn(report, cancel) -> result` run on a pool thread. It
reports progress through `report(done, total, label)` (throttled here, so a tight loop
cannot flood the UI thread with events) and stops early when `cancel` (a
threading.Event) is set. Results and errors come back as Qt signals on the UI thread.
spaCy never runs here directly: core.suggesting starts its own worker processes.

Every live task is kept in a registry: it keeps the Python objects alive until their
signals are delivered, lets the window cancel everything on close, and lets the tests
fail any test that leaves work running.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Report = Callable[[int, int, str], None]
TaskFn = Callable[[Report, threading.Event], Any]

PROGRESS_INTERVAL_S = 0.05

_pool: QThreadPool | None = None
_running: set[Task] = set()


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
        _pool.setExpiryTimeout(2000)
    return _pool


def running() -> list[Task]:
    """Tasks started and not yet finished (their result not yet delivered)."""
    return sorted(_running, key=lambda t: t.started_at)


def cancel_all() -> None:
    for task in list(_running):
        task.cancel()


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Block until every pool thread is done; True when idle. For shutdown and tests."""
    return pool().waitForDone(timeout_ms)


class Task(QObject):
    progress = Signal(int, int, str)  # done, total (0 when unknown), what is being done
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a message for the user
    done = Signal()  # after finished or failed, always
    _ended = Signal()  # emitted last from the thread, so it is delivered after the result

    def __init__(self, name: str, fn: TaskFn) -> None:
        super().__init__()
        self.name = name
        self.fn = fn
        self.cancel_event = threading.Event()
        self.started_at = time.monotonic()
        self._last_emit = 0.0
        self._ended.connect(self._retire)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def report(self, done: int, total: int = 0, label: str = "") -> None:
        now = time.monotonic()
        if now - self._last_emit >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_emit = now
            self.progress.emit(done, total, label)

    def _run(self) -> None:  # on a pool thread
        try:
            result = self.fn(self.report, self.cancel_event)
        except Exception as exc:  # shown to the user, logged for us
            traceback.print_exc()
            self.failed.emit(f"{self.name} failed: {exc}")
        else:
            self.finished.emit(result)
        finally:
            self._ended.emit()

    def _retire(self) -> None:  # on the UI thread, after the result's slots ran
        _running.discard(self)
        self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


def start(name: str, fn: TaskFn, *, progress: Callable[[int, int, str], Any] | None = None,
          finished: Callable[[Any], Any] | None = None,
          failed: Callable[[str], Any] | None = None) -> Task:
    """Run fn in the background. Callbacks are connected before the thread starts, so a
    task that ends at once cannot slip past them."""
    task = Task(name, fn)
    if progress is not None:
        task.progress.connect(progress)
    if finished is not None:
        task.finished.connect(finished)
    if failed is not None:
        task.failed.connect(failed)
    _running.add(task)
    pool().start(_Runnable(task))
    return task
