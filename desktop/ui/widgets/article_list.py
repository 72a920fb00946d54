"""The left pane: search, filters (source, progress) and the lazy list of articles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import services
from desktop.core.queries import PROGRESS
from desktop.ui.icons import icon
from desktop.ui.models.article_list import ArticleListModel, IdRole
from desktop.ui.widgets.article_delegate import ArticleDelegate

SEARCH_DELAY_MS = 200  # typing "trump" runs one query, not five


class ArticleList(QWidget):
    article_chosen = Signal(int)

    def __init__(self, store: services.Store, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = ArticleListModel(store, annotator, self)
        self._silent = False  # True while we move the selection ourselves

        self.search = QLineEdit(placeholderText="Search titles, sources, files")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search articles")
        self.source = QComboBox()
        self.source.setAccessibleName("Filter by source")
        self.progress = QComboBox()
        self.progress.setAccessibleName("Filter by progress")
        self.progress.addItem("Any progress", None)
        for p in PROGRESS:
            self.progress.addItem(p.capitalize(), p)
        self.count = QLabel(objectName="muted")

        self.view = QListView(objectName="articleList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ArticleDelegate(self.view))
        self.view.setUniformItemSizes(True)  # constant-time layout for long lists
        self.view.setMouseTracking(True)
        self.view.setAccessibleName("Articles")
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.source, 3)
        filters.addWidget(self.progress, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.source.currentIndexChanged.connect(self._apply_filter)
        self.progress.currentIndexChanged.connect(self._apply_filter)
        self.search.installEventFilter(self)
        self.refresh_sources()
        self.model.reload()  # the first page now, so the window can open an article at once
        self._update_count()

    # -- filters ----------------------------------------------------------------
    def refresh_sources(self) -> None:
        current = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem("All sources", None)
        for name in services.outlets(self.store):
            self.source.addItem(name, name)
        i = self.source.findData(current)
        self.source.setCurrentIndex(max(0, i))
        self.source.blockSignals(False)

    def _apply_filter(self) -> None:
        current = self.current_id()
        self.model.set_filter(search=self.search.text().strip(), source=self.source.currentData(),
                              progress=self.progress.currentData())
        self._update_count()
        if current is not None:
            self.select(current, emit=False)

    def _update_count(self) -> None:
        if self.model.progress:
            self.count.setText(f"{self.model.rowCount():,}{'+' if self.model.canFetchMore() else ''} articles")
            return
        n = services.count_articles(self.store, search=self.model.search, source=self.model.source)
        self.count.setText(f"{n:,} article{'s' if n != 1 else ''}")

    def reload(self) -> None:
        """After an import: new sources, new rows; keep the open article selected."""
        current = self.current_id()
        self.refresh_sources()
        self.model.reload()
        self._update_count()
        if current is not None:
            self.select(current, emit=False)

    def eventFilter(self, obj, event) -> bool:
        """Down (or Enter) in the search box goes to the list, on its first row."""
        if obj is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._search_timer.stop()
            self._apply_filter()  # what was typed, now
            self.view.setFocus()
            if not self.view.currentIndex().isValid() and self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(0))
            return True
        return False

    # -- selection ----------------------------------------------------------------
    def current_id(self) -> int | None:
        idx = self.view.currentIndex()
        return idx.data(IdRole) if idx.isValid() else None

    def select(self, article_id: int, *, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self._silent = not emit
        try:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._silent = False
        self.view.scrollTo(self.model.index(row))
        return True

    def step(self, delta: int) -> None:
        """Next/previous article (n/p)."""
        row = self.view.currentIndex().row() if self.view.currentIndex().isValid() else -1
        target = row + delta
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        if 0 <= target < self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(target), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(self.model.index(target))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._silent:
            self.article_chosen.emit(current.data(IdRole))

    def set_annotator(self, annotator: str) -> None:
        self.model.set_annotator(annotator)
