"""A thin, lazy Qt adapter over services.list_articles: pages of PAGE rows are fetched as
the view scrolls (canFetchMore/fetchMore), so 10,000+ articles open instantly."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core import services
from desktop.core.queries import ArticleRow
from desktop.ui.safe_text import tooltip

PAGE = 200
RowRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def describe(row: ArticleRow) -> str:
    parts = [row.source or "unknown source", f"{row.words:,} words"]
    if row.claims:
        parts.append(f"{row.labelled} of {row.claims} claims labelled")
    parts.append(row.progress)
    return " · ".join(parts)


class ArticleListModel(QAbstractListModel):
    def __init__(self, store: services.Store, annotator: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.search: str | None = None
        self.source: str | None = None
        self.progress: str | None = None
        self._rows: list[ArticleRow] = []
        self._exhausted = False

    # -- filters ----------------------------------------------------------------
    def set_filter(self, *, search: str | None = None, source: str | None = None,
                   progress: str | None = None) -> None:
        self.search, self.source, self.progress = search or None, source or None, progress or None
        self.reload()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def reload(self) -> None:
        """Start again from the first page (after an import or a filter change)."""
        self.beginResetModel()
        self._rows, self._exhausted = [], False
        self._rows = self._page(0)
        self.endResetModel()

    def _page(self, offset: int) -> list[ArticleRow]:
        rows = services.list_articles(self.store, annotator=self.annotator, search=self.search,
                                      source=self.source, progress=self.progress,
                                      offset=offset, limit=PAGE)
        if len(rows) < PAGE:
            self._exhausted = True
        return rows

    # -- lazy loading -----------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        rows = self._page(len(self._rows))
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # -- read -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:  # a tool tip renders HTML: keep data literal
            return tooltip(f"{row.title}\n{describe(row)}\n{row.origin}")
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{row.title}\n{describe(row)}\n{row.origin}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}. {describe(row)}"
        if role == RowRole:
            return row
        if role == IdRole:
            return row.id
        return None

    def row_at(self, row: int) -> ArticleRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int, *, fetch: bool = True) -> int | None:
        """The row of an article, fetching further pages if needed (ids ascend)."""
        while True:
            for i, r in enumerate(self._rows):
                if r.id == article_id:
                    return i
            if not fetch or self._exhausted or (self._rows and self._rows[-1].id > article_id):
                return None
            self.fetchMore()

    def update_counts(self, article_id: int, claims: int, labelled: int) -> None:
        """After a label action on the open article: its progress changed, nothing else."""
        row = self.row_of(article_id, fetch=False)
        if row is None:
            return
        old = self._rows[row]
        if (old.claims, old.labelled) != (claims, labelled):
            self._rows[row] = replace(old, claims=claims, labelled=labelled)
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)
