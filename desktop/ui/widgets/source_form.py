"""Add a source: a web address (http/https, checked by the core, message inline) with an
optional title and a stance; or a link to a span of another article (picker dialog)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core import services
from desktop.core.verdicts import STANCES
from desktop.ui.icons import icon


def stance_combo(current: str = "supports") -> QComboBox:
    combo = QComboBox()
    for s in STANCES:
        combo.addItem(s, s)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setAccessibleName("Stance")
    combo.setToolTip("Does this source support or contradict the claim, or give context?")
    return combo


class SourceForm(QWidget):
    add_url = Signal(str, str, str)  # url, title, stance
    link_article = Signal(str)  # stance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = QLineEdit(placeholderText="https://… web address of a source")
        self.url.setAccessibleName("Source web address")
        self.title = QLineEdit(placeholderText="Title (optional)")
        self.title.setAccessibleName("Source title")
        self.stance = stance_combo()
        self.add = QPushButton(icon("add"), "Add")
        self.add.setAccessibleName("Add web source")
        self.add.setToolTip("Add this web address as a source (Enter)")
        self.link = QPushButton(icon("link"), "Link to another article…")
        self.link.setAccessibleName("Link to a span of another article")
        self.link.setToolTip("Pick a passage in another article as a source (Ctrl+Shift+L)")
        self.error = QLabel(objectName="inlineError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error.setWordWrap(True)
        self.error.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.addWidget(self.url, 0, 0, 1, 2)
        grid.addWidget(self.title, 1, 0)
        grid.addWidget(self.stance, 1, 1)
        grid.addWidget(self.error, 2, 0, 1, 2)
        row = QHBoxLayout()
        row.addWidget(self.link, 1)
        row.addWidget(self.add)
        grid.addLayout(row, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

        self.add.clicked.connect(self.submit)
        self.url.textEdited.connect(lambda _t: self.show_error(""))
        self.link.clicked.connect(lambda: self.link_article.emit(self.stance.currentData()))
        for w in (self.url, self.title, self.stance):  # Enter in any of them adds the source
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        """Enter belongs to the form, not to the labelling scope's Enter (make a claim): the
        combo box would otherwise pass it on and the source would never be added."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not (obj is self.stance and self.stance.view().isVisible()):
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()
            else:
                self.submit()
            return True
        return False

    def submit(self) -> None:
        try:
            url = services.check_url(self.url.text())
        except services.LabelError as exc:
            self.show_error(str(exc).capitalize())
            self.url.setFocus()
            return
        self.add_url.emit(url, self.title.text().strip(), self.stance.currentData())

    def added(self) -> None:
        """The core stored it: clear the form for the next one."""
        self.url.clear()
        self.title.clear()
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
