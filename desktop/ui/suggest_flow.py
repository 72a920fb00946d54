"""Suggestions in the background: core.suggesting runs spaCy in worker processes; we call
it from a worker thread, show progress in the status bar, and let the analyst cancel.

The suggestion service may be missing (a build without it, or still being written):
then the window works without suggestions and says so once.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core import services
from desktop.ui import startup, workers
from desktop.ui.widgets.status_bar import StatusBar

SERVICE = "desktop.core.suggesting"


def available() -> bool:
    """Without importing it: spaCy's import alone would cost the start-up a second."""
    try:
        return importlib.util.find_spec(SERVICE) is not None
    except (ImportError, ValueError):
        return False


def _load_service() -> Any:
    """The service; spaCy itself was loaded by startup.with_nlp (GC paused, on the UI
    thread's say-so, in one place)."""
    from desktop.core.suggesting import compute_suggestions

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
        self.loading = False  # waiting for spaCy to load (ui/startup.py)
        self._skip = False
        self.note = ""  # why this run: said before its result, which replaces it in the bar

    @property
    def busy(self) -> bool:
        return self.task is not None or self.loading

    def start(self, article_ids: list[int] | None = None, note: str = "") -> bool:
        """Suggest for these articles (None: every article still without suggestions);
        ``note`` leads the message that says the run is done (a background learn's
        headline would otherwise last only until the recompute it started finishes)."""
        if note:
            self.note = note
        if not available():
            self.message.emit("Suggestions are not available in this build.")
            return False
        if self.task is not None or self.loading:  # one run at a time; queue the rest
            if article_ids is None:
                self._queued_all = True
            else:
                self.queued = (self.queued or []) + list(article_ids)
            return True
        self.loading, self._skip = True, False
        self.status.set_busy("Suggesting claims…")
        startup.with_nlp(lambda: self._begin(article_ids))  # spaCy loads once, in the background
        return True

    def _begin(self, article_ids: list[int] | None) -> None:
        self.loading = False
        if self._skip:  # cancelled while spaCy loaded
            self._end()
            return
        store, processes = self.store, self.processes

        def run(report: workers.Report, cancel) -> Any:
            compute_suggestions = _load_service()
            return compute_suggestions(store, article_ids, n_process=processes, cancel=cancel,
                                       progress=lambda done, total: report(done, total, ""))

        self.task = workers.start("Suggestions", run, progress=self._progress, finished=self._finished,
                                  failed=self._failed)

    def cancel(self) -> None:
        self.queued, self._queued_all = None, False
        if self.loading:
            self._skip = True
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
        if getattr(report, "cancelled", False):
            text = "Suggestions cancelled."
        elif done:
            text = f"Suggested claims for {done} article{'s' if done != 1 else ''}."
        else:  # every article already had them (each reopen): nothing new to say
            text = "Suggestions are up to date."
        degraded = getattr(report, "degraded_message", None)
        if degraded:
            text = f"{text} {degraded}"
        if self.note and self.task is None and not self.loading:  # the last of the runs
            text = f"{self.note.rstrip('.')}. {text}"
            self.note = ""
        self.message.emit(text)
        self.suggested.emit(report)

    def _failed(self, message: str) -> None:
        self._end()
        self.message.emit(message)
