"""Label actions from the UI: each calls one core service (which commits before it
returns), records it for undo, then announces the Change so views redraw. Errors the
user can act on come back as messages, never as exceptions."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core import services
from desktop.ui.history import History


class Labeller(QObject):
    changed = Signal(object)  # services.Change (also after undo/redo)
    failed = Signal(str)

    def __init__(self, store: services.Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.history = History(store, annotator, self)
        self.history.replayed.connect(self.changed)
        self.history.failed.connect(self.failed)
        self.last_ms = 0.0  # duration of the last committed action (the bench reads it)

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.history.set_annotator(annotator)

    def _do(self, fn: Callable[..., services.Change], *args: Any, **kw: Any) -> services.Change | None:
        t0 = time.perf_counter()
        try:
            change = fn(self.store, self.annotator, *args, **kw)
        except (services.LabelError, services.StoreError) as exc:
            self.failed.emit(str(exc))
            return None
        self.last_ms = (time.perf_counter() - t0) * 1000
        if change.event_id is not None:  # no event: nothing changed (e.g. same span again)
            self.history.record(change.action)
        self.changed.emit(change)
        return change

    # -- claims ------------------------------------------------------------------------
    def create_claim(self, article_id: int, start: int, end: int) -> services.Change | None:
        return self._do(services.create_claim, article_id, start, end)

    def accept_suggestion(self, article_id: int, start: int, end: int,
                          reasons: list[str] | None = None) -> services.Change | None:
        return self._do(services.accept_suggestion, article_id, start, end, reasons)

    def reject_suggestion(self, article_id: int, start: int, end: int,
                          reasons: list[str] | None = None) -> services.Change | None:
        return self._do(services.reject_suggestion, article_id, start, end, reasons)

    def delete_claim(self, claim_id: int) -> services.Change | None:
        return self._do(services.delete_claim, claim_id)

    def resize_claim(self, claim_id: int, start: int, end: int) -> services.Change | None:
        return self._do(services.resize_claim, claim_id, start, end)

    # -- labels --------------------------------------------------------------------------
    def set_verdict(self, claim_id: int, verdict: str | None) -> services.Change | None:
        return self._do(services.set_verdict, claim_id, verdict)

    def set_note(self, claim_id: int, note: str) -> services.Change | None:
        return self._do(services.set_note, claim_id, note)

    def add_web_source(self, claim_id: int, url: str, *, stance: str, title: str | None = None,
                       note: str | None = None) -> services.Change | None:
        return self._do(services.add_source, claim_id, url=url, stance=stance, title=title, note=note)

    def add_article_source(self, claim_id: int, article_id: int, start: int, end: int, *,
                           stance: str, note: str | None = None) -> services.Change | None:
        return self._do(services.add_source, claim_id, article_id=article_id, start=start, end=end,
                        stance=stance, note=note)

    def update_source(self, source_id: int, **fields: Any) -> services.Change | None:
        return self._do(services.update_source, source_id, **fields)

    def remove_source(self, source_id: int) -> services.Change | None:
        return self._do(services.remove_source, source_id)

    # -- history -----------------------------------------------------------------------------
    def undo(self) -> None:
        self.history.stack.undo()

    def redo(self) -> None:
        self.history.stack.redo()
