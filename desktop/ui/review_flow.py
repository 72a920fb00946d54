"""Review actions from the window: each one Desk call through the one runner (ops.py),
committed when it returns and undoable from the reviewer's event log. A refusal from the
core (nobody reviews their own label alone, unknown verdict...) comes back on ops.failed
as a message, and here as None."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.core.changes import Changes
from desktop.ui.ops import Ops


class ReviewActions(QObject):
    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops

    def set_verdict(self, claim_id: int, verdict: str, note: str | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.review(claim_id, verdict, note))

    def take(self, claim_id: int, annotator: str, note: str | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.take(claim_id, annotator, note))

    def clear(self, claim_id: int) -> Changes | None:
        return self.ops.now(lambda d: d.clear_review(claim_id))
