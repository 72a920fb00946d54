"""Suggestions in the background: core.suggesting runs spaCy in worker processes; we call
it from a worker thread, show progress in the status bar, and let the analyst cancel.

The suggestion service may be missing (a build without it, or still being written):
then the window works without suggestions and says so once.
"""

from __future__ import annotations

import builtins
import gc
import importlib.util
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core import services
from desktop.ui import workers
from desktop.ui.widgets.status_bar import StatusBar

SERVICE = "desktop.core.suggesting"


def available() -> bool:
    """Without importing it: spaCy's import alone would cost the start-up a second."""
    try:
        return importlib.util.find_spec(SERVICE) is not None
    except (ImportError, ValueError):
        return False


_import_lock = threading.Lock()


def _load_service() -> Any:
    """Import the service (and spaCy, ~2 s) on the worker thread. The import allocates
    hundreds of thousands of objects, which sets off full garbage collections that hold
    the GIL for 100 ms or more and freeze the UI thread; so the collector waits until the
    import is done, and gc.freeze() then keeps those long-lived objects out of later passes."""
    with _import_lock:
        hooked = builtins.__import__
        # PySide's import hook reads the source of every new module (inspect.getsource) to
        # look for `from __feature__ import`; for spaCy's ~1,000 modules that doubles the
        # import and its GIL pressure. We use no __feature__, so import plainly meanwhile.
        builtins.__import__ = importlib.__import__
        gc.disable()
        try:
            import desktop.core.nlp.runner  # noqa: F401  (spaCy)
            from desktop.core.suggesting import compute_suggestions
        finally:
            builtins.__import__ = hooked
            gc.freeze()
            gc.enable()
    return compute_suggestions


class SuggestFlow(QObject):
    suggested = Signal(object)  # the SuggestReport
    message = Signal(str)

    def __init__(self, store: services.Store, status: StatusBar, parent: QObject | None = None,
                 *, processes: int = 1) -> None:
        super().__init__(parent)
        self.store, self.status, self.processes = store, status, processes
        self.task: workers.Task | None = None
        self.queued: list[int] | None = None
        self._queued_all = False

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, article_ids: list[int] | None = None) -> bool:
        """Suggest for these articles (None: every article still without suggestions)."""
        if not available():
            self.message.emit("Suggestions are not available in this build.")
            return False
        if self.task is not None:  # one run at a time; queue the rest for after it
            if article_ids is None:
                self._queued_all = True
            else:
                self.queued = (self.queued or []) + list(article_ids)
            return True
        store, processes = self.store, self.processes

        def run(report: workers.Report, cancel) -> Any:
            compute_suggestions = _load_service()  # spaCy loads here, off the UI thread
            return compute_suggestions(store, article_ids, n_process=processes, cancel=cancel,
                                       progress=lambda done, total: report(done, total, ""))

        self.status.set_busy("Suggesting claims…")
        self.task = workers.start("Suggestions", run, progress=self._progress, finished=self._finished,
                                  failed=self._failed)
        return True

    def cancel(self) -> None:
        self.queued, self._queued_all = None, False
        if self.task is not None:
            self.task.cancel()
            self.status.set_busy("Cancelling…")

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.status.set_progress(done, total, f"Suggesting claims… {done:,} of {total:,}")

    def _end(self) -> None:
        self.task = None
        self.status.set_busy(None)
        if self._queued_all or self.queued:
            ids = None if self._queued_all else self.queued
            self.queued, self._queued_all = None, False
            self.start(ids)

    def _finished(self, report: Any) -> None:
        self._end()
        done = getattr(report, "done", 0)
        text = "Suggestions cancelled." if getattr(report, "cancelled", False) else \
            f"Suggested claims for {done} article{'s' if done != 1 else ''}."
        degraded = getattr(report, "degraded_message", None)
        self.message.emit(f"{text} {degraded}" if degraded else text)
        self.suggested.emit(report)

    def _failed(self, message: str) -> None:
        self._end()
        self.message.emit(message)
