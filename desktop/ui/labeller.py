"""Label actions from the window, each one Desk call through the one runner (ops.py):
committed before it returns, its Changes broadcast on ops.changed for the views to
redraw. A refusal comes back as a message on ops.failed, never as an exception."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from desktop.core.changes import Changes
from desktop.ui.history import History
from desktop.ui.ops import Ops


class Labeller(QObject):
    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.history = History(ops, self)

    @property
    def annotator(self) -> str:
        return self.ops.desk.annotator

    @property
    def last_ms(self) -> float:  # duration of the last committed action (the bench reads it)
        return self.ops.last_ms

    def set_annotator(self, annotator: str) -> None:
        self.ops.desk.annotator = annotator
        self.history.rebuild()

    # -- claims ------------------------------------------------------------------------
    def create_claim(self, article_id: int, start: int, end: int) -> Changes | None:
        return self.ops.now(lambda d: d.claim(article_id, start, end))

    def accept_suggestion(self, article_id: int, start: int, end: int,
                          reasons: list[str] | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.accept(article_id, start, end, reasons))

    def reject_suggestion(self, article_id: int, start: int, end: int,
                          reasons: list[str] | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.reject(article_id, start, end, reasons))

    def delete_claim(self, claim_id: int) -> Changes | None:
        return self.ops.now(lambda d: d.delete_claim(claim_id))

    def resize_claim(self, claim_id: int, start: int, end: int) -> Changes | None:
        return self.ops.now(lambda d: d.resize(claim_id, start, end))

    # -- labels --------------------------------------------------------------------------
    def set_verdict(self, claim_id: int, verdict: str | None) -> Changes | None:
        return self.ops.now(lambda d: d.label(claim_id, verdict))

    def set_note(self, claim_id: int, note: str) -> Changes | None:
        return self.ops.now(lambda d: d.note(claim_id, note))

    def add_web_source(self, claim_id: int, url: str, *, stance: str, title: str | None = None,
                       note: str | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.add_source(claim_id, url=url, stance=stance, title=title,
                                                   note=note))

    def add_article_source(self, claim_id: int, article_id: int, start: int, end: int, *,
                           stance: str, note: str | None = None) -> Changes | None:
        return self.ops.now(lambda d: d.add_source(claim_id, article=article_id, start=start,
                                                   end=end, stance=stance, note=note))

    def update_source(self, source_id: int, **fields: Any) -> Changes | None:
        return self.ops.now(lambda d: d.update_source(source_id, **fields))

    def remove_source(self, source_id: int) -> Changes | None:
        return self.ops.now(lambda d: d.remove_source(source_id))

    # -- history -----------------------------------------------------------------------------
    def undo(self) -> Changes | None:
        return self.history.undo()

    def redo(self) -> Changes | None:
        return self.history.redo()
