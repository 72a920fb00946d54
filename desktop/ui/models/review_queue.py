"""The review queue as a Qt list model: a thin adapter over core ReviewItems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.review import ReviewItem
from desktop.ui.safe_text import tooltip

ItemRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ReviewQueueModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewItem] = []

    def set_items(self, items: list[ReviewItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{item.article_title}: {excerpt(item.text, 80)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "reviewed" if item.review else "pending"
            votes = ", ".join(f"{a} {v}" for a, v in item.verdicts.items())
            return f"{excerpt(item.text, 80)} — {votes} — {state}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(excerpt(item.text, 400))
        return None

    def row_of(self, claim_id: int) -> int | None:
        for row, item in enumerate(self.items):
            if item.claim_id == claim_id:
                return row
        return None

    def item(self, row: int) -> ReviewItem | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def disagreements(self) -> int:
        return sum(1 for it in self.items if it.disagreement)

    def pending(self) -> int:
        return sum(1 for it in self.items if it.review is None)
