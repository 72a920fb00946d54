"""Undo/redo: a QUndoStack that mirrors the core's event log.

The core is the truth: each action already wrote an undoable event when it returned,
and services.undo/redo replay the log. Our commands only call those, so the stack
can be rebuilt from services.stacks() at start and undo survives a restart. Pushing a
command for an action that is already done must not do it again, hence `_quiet`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.core import services

ACTION_TEXT = {
    "create_claim": "create claim", "accept_suggestion": "accept suggestion",
    "reject_suggestion": "reject suggestion", "delete_claim": "delete claim",
    "resize_claim": "resize claim", "set_verdict": "set verdict", "set_note": "edit note",
    "add_source": "add source", "update_source": "change source", "remove_source": "remove source",
}


def action_text(action: str) -> str:
    return ACTION_TEXT.get(action, action.replace("_", " "))


class _EventCommand(QUndoCommand):
    def __init__(self, history: History, action: str) -> None:
        super().__init__(action_text(action))
        self.history = history

    def redo(self) -> None:
        if not self.history._quiet:
            self.history._replay("redo")

    def undo(self) -> None:
        if not self.history._quiet:
            self.history._replay("undo")


class History(QObject):
    replayed = Signal(object)  # the Change of an undo or redo, to navigate to it
    failed = Signal(str)

    def __init__(self, store: services.Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.stack = QUndoStack(self)
        self._quiet = False
        self.rebuild()

    def rebuild(self) -> None:
        """Mirror the core's stacks (at start, after switching annotator, after a mismatch)."""
        undo, redo = services.stacks(self.store, self.annotator)
        self._quiet = True
        try:
            self.stack.clear()
            for ev in [*undo, *reversed(redo)]:  # oldest first; redo[-1] is the next redo
                self.stack.push(_EventCommand(self, ev.action))
            for _ in redo:
                self.stack.undo()
            self.stack.setClean()
        finally:
            self._quiet = False

    def record(self, action: str) -> None:
        """An action the core has committed: make it undoable here."""
        self._quiet = True
        try:
            self.stack.push(_EventCommand(self, action))
        finally:
            self._quiet = False

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.rebuild()

    def _replay(self, kind: str) -> None:
        try:
            change = (services.undo if kind == "undo" else services.redo)(self.store, self.annotator)
        except (services.LabelError, services.StoreError) as exc:
            self.failed.emit(f"Could not {kind}: {exc}")
            change = None
        if change is None:  # the log moved under us (another window?): follow the core
            QTimer.singleShot(0, self.rebuild)
            return
        self.replayed.emit(change)


