"""Evidence searches in the background, for the claim the analyst is on.

Requests are debounced (j/k through claims must not start a search per keypress) and run
one at a time: a newer request cancels the running one and waits for it, so two searches
never build the evidence index at once. The evidence module (and spaCy) loads in the
background the first time, through ui/startup.py (never at start-up).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core import services
from desktop.ui import startup, workers

DEBOUNCE_MS = 250
TOP = 5

def _evidence() -> Any:
    from desktop.core.nlp import evidence  # loaded by startup.with_nlp before the search

    return evidence


@dataclass(frozen=True)
class Request:
    article_id: int
    claim_id: int | None
    start: int
    end: int


@dataclass
class Result:
    request: Request
    matches: list = field(default_factory=list)  # EvidenceMatch
    proposal: Any = None  # VerdictProposal


class EvidenceSearch(QObject):
    searching = Signal(object)  # Request: a search started
    progress = Signal(int, int, str)
    found = Signal(object)  # Result of the latest request
    failed = Signal(str)

    def __init__(self, store: services.Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: workers.Task | None = None
        self.wanted: Request | None = None  # the latest request (what the panel shows)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: startup.with_nlp(self._start))

    @property
    def busy(self) -> bool:
        return self.task is not None or self._timer.isActive()

    def request(self, req: Request | None, *, now: bool = False) -> None:
        """Search for req after a short pause (None: stop; nothing is shown)."""
        self.wanted = req
        self._timer.stop()
        if self.task is not None:
            self.task.cancel()
        if req is not None:
            if now:
                startup.with_nlp(self._start)
            else:
                self._timer.start()

    def _start(self) -> None:
        req = self.wanted
        if req is None or self.task is not None:
            return  # a running (cancelled) task starts the latest request when it ends
        store = self.store

        def run(report: workers.Report, cancel: threading.Event) -> Result | None:
            ev = _evidence()
            missing = ev.missing_from_index(store)
            if missing:
                ev.ensure_index(
                    store,
                    missing,
                    cancel=cancel,
                    progress=lambda d, t: report(d, t, "Indexing articles for evidence…"),
                )
            if cancel.is_set():
                return None
            matches = ev.find_evidence(store, req.article_id, req.start, req.end, top=TOP)
            view = services.article_view(store, req.article_id, None)
            claim_text = view.text[req.start:req.end] if view is not None else None
            return Result(req, matches, ev.propose_verdict(matches, claim_text))

        self.searching.emit(req)
        self.task = workers.start(
            "Evidence search",
            run,
            progress=self.progress,
            finished=lambda r: self._finished(req, r),
            failed=lambda m: self._failed(req, m),
        )

    def _finished(self, req: Request, result: Result | None) -> None:
        self.task = None
        if req != self.wanted or result is None:
            self._start()  # stale or cancelled: go on with the latest request, if any
        else:
            self.found.emit(result)

    def _failed(self, req: Request, message: str) -> None:
        self.task = None
        if req != self.wanted:
            self._start()
        else:
            self.failed.emit(message)

    def cancel(self) -> None:
        self.request(None)
