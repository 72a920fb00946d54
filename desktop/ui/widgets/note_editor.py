"""The claim's note. Saved on focus-out, after a short pause in typing, and before the
inspector moves to another claim or the window closes: a note is never lost."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

IDLE_MS = 1200


class NoteEditor(QPlainTextEdit):
    commit = Signal(int, str)  # claim id, note text
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Note: why this verdict, what to check next…")
        self.setAccessibleName("Claim note")
        self.setTabChangesFocus(True)
        self.setFixedHeight(84)
        self.claim_id: int | None = None
        self._saved = ""
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._idle.timeout.connect(self.flush)
        self.textChanged.connect(self._edited)

    def show_note(self, claim_id: int | None, note: str | None) -> None:
        note = note or ""
        if claim_id != self.claim_id:
            self.flush()  # the previous claim's words are saved before we leave it
        elif self.hasFocus() or self.toPlainText().strip() == note.strip():
            self._saved = note  # typing goes on: never move the text under the cursor
            return
        self.claim_id, self._saved = claim_id, note
        self.blockSignals(True)
        self.setPlainText(note)
        self.blockSignals(False)
        self.setEnabled(claim_id is not None)

    def pending(self) -> bool:
        return self.claim_id is not None and self.toPlainText().strip() != self._saved.strip()

    def flush(self) -> None:
        """Commit the note if it changed since it was last saved."""
        self._idle.stop()
        if self.pending():
            assert self.claim_id is not None
            text = self.toPlainText()
            self._saved = text.strip()
            self.commit.emit(self.claim_id, text)

    def _edited(self) -> None:
        self._idle.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.flush()
            self.escaped.emit()
            return
        super().keyPressEvent(event)
