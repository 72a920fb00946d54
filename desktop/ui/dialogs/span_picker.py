"""Pick a passage of another article as a source: choose the article on the left, select
the passage in its text on the right, choose the stance, Link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core import services
from desktop.ui.widgets.article_list import ArticleList
from desktop.ui.widgets.reader import Reader
from desktop.ui.widgets.source_form import stance_combo


class SpanPicker(QDialog):
    def __init__(self, store: services.Store, annotator: str, own_article: int, stance: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to a passage of another article")
        self.store, self.annotator, self.own_article = store, annotator, own_article
        self.article_id: int | None = None
        self.articles = ArticleList(store, annotator)
        self.reader = Reader()
        self.reader.setAccessibleName("Text of the chosen article")
        self.hint = QLabel("Choose an article, then select the passage that backs or contradicts the claim.",
                           objectName="muted")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # quotes the chosen passage
        self.hint.setWordWrap(True)
        self.stance = stance_combo(stance)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Link")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.articles)
        split.addWidget(self.reader)
        split.setSizes([280, 620])
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(QLabel("Stance"))
        bottom.addWidget(self.stance)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(960, 640)

        self.articles.article_chosen.connect(self._choose)
        # keyboard: type in the search, Down to the list, Enter to the text, select with
        # Shift+arrows, Enter links (the dialog's default button)
        self.articles.view.activated.connect(lambda _i: self.reader.setFocus())
        self.ok.setDefault(True)
        self.articles.search.setFocus()
        self.reader.selection_made.connect(lambda _has: self._update())

    def _choose(self, article_id: int) -> None:
        view = services.article_view(self.store, article_id, self.annotator)
        if view is None:
            return
        self.article_id = article_id
        self.reader.show_article(view)
        self._update()

    def _update(self) -> None:
        span = self.selection()
        if self.article_id == self.own_article:
            self.hint.setText("That is the claim's own article; choose another one.")
        elif self.article_id is None:
            self.hint.setText("Choose an article on the left.")
        elif span is None:
            self.hint.setText("Select the passage in the text.")
        else:
            assert self.reader.view is not None
            quote = " ".join(self.reader.view.text[span[0]:span[1]].split())
            self.hint.setText(f"“{quote[:160]}{'…' if len(quote) > 160 else ''}”")
        self.ok.setEnabled(span is not None and self.article_id not in (None, self.own_article))

    def selection(self) -> tuple[int, int] | None:
        return self.reader.selected_span() if self.article_id is not None else None

    def select_span(self, article_id: int, start: int, end: int) -> None:
        """Programmatic choice (tests, and 'show the passage' reuse)."""
        self.articles.select(article_id)
        self._choose(article_id)
        self.reader.select_text(start, end)
        self._update()
