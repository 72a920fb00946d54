"""Review actions from the UI: each calls one core service (committed when it returns),
makes it undoable in the window's history when there is one, and reports the Change.
A refusal from the core (nobody reviews their own label alone, unknown verdict...) comes
back as a message for the user, never as an exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core import services
from desktop.ui.history import History


class ReviewActions(QObject):
    changed = Signal(object)  # services.Change
    failed = Signal(str)

    def __init__(
        self,
        store: services.Store,
        reviewer: str,
        history: History | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.reviewer, self.history = store, reviewer, history

    def _do(self, fn: Callable[..., services.Change], *args: Any) -> services.Change | None:
        try:
            change = fn(self.store, self.reviewer, *args)
        except (services.LabelError, services.StoreError, ValueError) as exc:
            self.failed.emit(str(exc))
            return None
        if change.event_id is not None and self.history is not None:
            self.history.record(change.action)
        self.changed.emit(change)
        return change

    def set_verdict(
        self, claim_id: int, verdict: str, note: str | None = None
    ) -> services.Change | None:
        return self._do(services.set_review, claim_id, verdict, note)

    def take(
        self, claim_id: int, annotator: str, note: str | None = None
    ) -> services.Change | None:
        return self._do(services.take_verdict, claim_id, annotator, note)

    def clear(self, claim_id: int) -> services.Change | None:
        return self._do(services.clear_review, claim_id)
