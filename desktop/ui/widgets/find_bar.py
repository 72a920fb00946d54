"""Find in the open article (Ctrl+F): type, Enter for the next match, Shift+Enter for the
previous one, Escape back to the text with the match selected (so Enter makes it a claim)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.ui.widgets.reader import Reader

_OWN_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape}


class _Field(QLineEdit):
    """Keeps Enter and Escape for itself: the labelling scope binds them too."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in _OWN_KEYS:
            event.accept()
            return True
        return super().event(event)


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, reader: Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.field = _Field(placeholderText="Find in this article")
        self.field.setAccessibleName("Find in the article")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(objectName="muted")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 2, 28, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        self.field.textEdited.connect(lambda _t: self.find(from_start=True))
        self.field.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.reader.setFocus()
        self.closed.emit()

    def find(self, *, backward: bool = False, from_start: bool = False) -> bool:
        words = self.field.text()
        if not words:
            self.count.setText("")
            return False
        if from_start:
            cur = self.reader.textCursor()
            cur.setPosition(min(cur.anchor(), cur.position()))
            self.reader.setTextCursor(cur)
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.reader.find(words, flags)
        if not found:  # wrap around
            cur = self.reader.textCursor()
            cur.movePosition(QTextCursor.MoveOperation.End if backward
                             else QTextCursor.MoveOperation.Start)
            self.reader.setTextCursor(cur)
            found = self.reader.find(words, flags)
        self.count.setText("" if found else "not found")
        return found

    def eventFilter(self, obj, event) -> bool:
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False
