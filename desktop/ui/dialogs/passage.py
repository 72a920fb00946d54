"""Show a linked passage in its article (read-only), highlighted and scrolled into view."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core import services
from desktop.core.queries import SourceView
from desktop.ui.spans import Item
from desktop.ui.widgets.reader import Reader


class PassageDialog(QDialog):
    def __init__(self, store: services.Store, annotator: str, src: SourceView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        view = services.article_view(store, src.article_id, annotator) if src.article_id else None
        self.setWindowTitle(view.title if view else "Linked passage")
        self.reader = Reader()
        head = QLabel(f"{src.stance.capitalize()} · {view.source or '' if view else ''}", objectName="muted")
        head.setTextFormat(Qt.TextFormat.PlainText)  # the outlet is data
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.reader, 1)
        layout.addWidget(buttons)
        self.resize(820, 600)
        if view is not None and src.start is not None and src.end is not None:
            # shown like a selected suggestion: outlined, without the article's own claims
            item = Item(src.start, src.end)
            self.reader.show_article(replace(view, claims=[], suggestions=[]), item)
            QTimer.singleShot(0, lambda: self.reader.scroll_to(item))  # once laid out
