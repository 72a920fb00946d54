"""The middle pane: the article's heading and the reader, or the empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.queries import ArticleView
from desktop.ui import theme
from desktop.ui.widgets.empty_state import EmptyState
from desktop.ui.widgets.find_bar import FindBar
from desktop.ui.widgets.reader import Reader, reading_font


class ReaderPane(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = Reader()
        self.empty = EmptyState()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # titles are data
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = reading_font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.meta = QLabel(objectName="muted")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.header = QFrame()
        self.header.setAutoFillBackground(True)
        head = QVBoxLayout(self.header)
        head.setContentsMargins(28, 18, 28, 4)
        head.addWidget(self.heading)
        head.addWidget(self.meta)
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.find_bar = FindBar(self.reader)
        col.addWidget(self.header)
        col.addWidget(self.find_bar)
        col.addWidget(self.reader, 1)
        self.page = page
        self.none = QLabel("Choose an article on the left.", objectName="muted")
        self.none.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.empty, self.none, page):
            self.addWidget(w)
        self.reader.column_moved.connect(self._align_heading)
        self.apply_colors()

    def show_article(self, view: ArticleView | None, has_articles: bool) -> None:
        if view is None:
            self.reader.clear_article()
            self.setCurrentWidget(self.none if has_articles else self.empty)
            return
        self.heading.setText(view.title)
        bits = [view.source or "unknown source", view.author, view.published, view.origin]
        self.meta.setText(" · ".join(b for b in bits if b))
        self.setCurrentWidget(self.page)

    def apply_colors(self) -> None:
        paper, ink = theme.reader_colors()
        pal = self.header.palette()
        pal.setColor(QPalette.ColorRole.Window, paper)
        pal.setColor(QPalette.ColorRole.WindowText, ink)
        self.header.setPalette(pal)
        self.reader.apply_colors()

    def _align_heading(self, side: int) -> None:
        # the heading sits over the text column (same side margins as the reader)
        self.header.layout().setContentsMargins(side + 4, 22, side + 4, 6)
