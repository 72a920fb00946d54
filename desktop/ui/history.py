"""Undo and redo in the window, read from the core's event log (no mirrored stack).

The core is the truth: every action wrote an undoable event when it returned, and
Desk.undo/redo replay the log, so undo survives a restart and follows other windows.
This object only keeps the Edit menu's Undo/Redo actions in step: their text ("Undo set
verdict") and whether they are enabled, refreshed from the log after every change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from desktop.core.changes import Changes
from desktop.core.desk import UNDO_WORDS, UndoState
from desktop.ui.ops import Ops


class History(QObject):
    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.state = UndoState(None, None)
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None
        ops.changed.connect(self._changed)
        self.rebuild()

    def bind(self, undo: QAction, redo: QAction) -> None:
        self.undo_action, self.redo_action = undo, redo
        self._show()

    def rebuild(self) -> None:
        """Read the log again (at start, after switching annotator, after any change)."""
        self.state = self.ops.undo_state()
        self._show()

    def _changed(self, changes: Changes) -> None:
        """A new action is the top of the undo stack and clears redo, as the log says, so
        there is no need to read the whole log on every key; undo and redo read it."""
        if not changes.undo:
            return
        if changes.action in ("undo", "redo", "") or not changes.claims:
            self.rebuild()
        else:
            word = UNDO_WORDS.get(changes.action, changes.action.replace("_", " "))
            self.state = UndoState(word, None)
            self._show()

    def _show(self) -> None:
        for action, what, word in ((self.undo_action, self.state.undo, "Undo"),
                                   (self.redo_action, self.state.redo, "Redo")):
            if action is not None:
                action.setEnabled(what is not None)
                action.setText(f"{word} {what}" if what else word)

    def can_undo(self) -> bool:
        return self.state.undo is not None

    def can_redo(self) -> bool:
        return self.state.redo is not None

    def undo(self) -> Changes | None:
        return self.ops.now(lambda d: d.undo()) if self.can_undo() else None

    def redo(self) -> Changes | None:
        return self.ops.now(lambda d: d.redo()) if self.can_redo() else None
