"""Showing text that came from articles, imports or a person typing, never as markup.

Qt guesses: a QLabel, a tool tip or a message box on its default AutoText renders any
text that looks like HTML, so an article sentence with `<img src='/dev/zero'>` made the
window read /dev/zero until it ran out of memory. The rules, used everywhere in the UI:

- a label showing data is a `plain_label` (Qt.PlainText);
- a label that mixes our markup with data builds it with `esc()` and is `rich_label`;
- tool tips with data go through `tooltip()`; message boxes through `message_box()`.

tests/ui/test_hostile_text.py walks every widget with hostile data loaded.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

TIP_CHARS = 600  # a tool tip is a glance: a 100,000-character line is cut


def esc(text: object) -> str:
    """Data as rich text: escaped, line breaks kept."""
    return escape(str(text), quote=True).replace("\n", "<br>")


def plain_label(text: str = "", *, name: str | None = None, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def rich_label(html: str = "", *, name: str | None = None, wrap: bool = False) -> QLabel:
    """For our own markup around `esc()`aped data."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(html)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def tooltip(text: str) -> str:
    """A tool tip that shows `text` literally (Qt would render it if it looked like HTML)."""
    if len(text) > TIP_CHARS:
        text = text[: TIP_CHARS - 1] + "…"
    return QtGui.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def message_box(parent: QWidget | None, title: str, text: str,
                icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> QMessageBox:
    """A message box whose text (often naming a file or quoting an error) is plain."""
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box
