"""The sources of my label: web addresses and linked article passages, each with its
stance (editable), open in the browser / jump to the passage, and remove."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from desktop.core.queries import SourceView
from desktop.ui.icons import icon
from desktop.ui.safe_text import plain_label, tooltip
from desktop.ui.widgets.source_form import stance_combo


def _describe(src: SourceView) -> tuple[str, str]:
    """(headline, detail) of a source."""
    if src.kind == "url":
        return src.title or src.shown_url, src.shown_url if src.title else ""
    quote = " ".join((src.text or "").split())
    return f"“{quote}”", f"in {src.article_title or f'article #{src.article_id}'}"


class SourceRow(QWidget):
    def __init__(self, src: SourceView, owner: SourceList) -> None:
        super().__init__()
        self.src = src
        kind = QLabel()
        kind.setPixmap(icon("web" if src.kind == "url" else "link").pixmap(QSize(16, 16)))
        head, detail = _describe(src)
        self.head = plain_label()
        self.head.setToolTip(tooltip(f"{head}\n{detail}".strip()))
        self._head_text = head
        self.detail = plain_label(name="muted")
        self._detail_text = detail
        self.detail.setVisible(bool(detail))
        for label in (self.head, self.detail):  # long titles elide instead of widening the pane
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)
        self.stance = stance_combo(src.stance)
        self.stance.setAccessibleName(f"Stance of {head[:40]}")
        self.stance.currentIndexChanged.connect(
            lambda _i: owner.stance_changed.emit(src.id, self.stance.currentData()))
        open_btn = QToolButton()
        open_btn.setIcon(icon("open-external" if src.kind == "url" else "link"))
        open_btn.setToolTip("Open in the browser" if src.kind == "url" else "Show the passage")
        open_btn.setAccessibleName(open_btn.toolTip())
        open_btn.clicked.connect(lambda: owner.open_source.emit(src))
        remove = QToolButton()
        remove.setIcon(icon("remove"))
        remove.setToolTip("Remove this source")
        remove.setAccessibleName("Remove source")
        remove.clicked.connect(lambda: owner.remove_source.emit(src.id))

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.head)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 3, 2, 3)
        row.addWidget(kind, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        row.addWidget(self.stance)
        row.addWidget(open_btn)
        row.addWidget(remove)

    def resizeEvent(self, event) -> None:  # elide to the space we have
        super().resizeEvent(event)
        for label, text, mode in ((self.head, self._head_text, Qt.TextElideMode.ElideRight),
                                  (self.detail, self._detail_text, Qt.TextElideMode.ElideMiddle)):
            label.setText(QFontMetrics(label.font()).elidedText(text, mode, max(40, label.width())))


class SourceList(QWidget):
    stance_changed = Signal(int, str)
    remove_source = Signal(int)
    open_source = Signal(object)  # SourceView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sources")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.empty = QLabel("No sources yet.", objectName="muted")
        self._layout.addWidget(self.empty)
        self.rows: list[SourceRow] = []

    def set_sources(self, sources: list[SourceView]) -> None:
        if [r.src for r in self.rows] == list(sources):
            return  # unchanged: keep the widgets (and any open stance combo)
        for r in self.rows:
            r.deleteLater()
        self.rows = [SourceRow(s, self) for s in sources]
        for r in self.rows:
            self._layout.addWidget(r)
        self.empty.setVisible(not sources)
