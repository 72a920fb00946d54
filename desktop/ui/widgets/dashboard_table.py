"""Agreement per pair of annotators as a table: claims both judged, raw agreement,
Cohen's kappa (with its usual reading), and span agreement (exact and overlapping)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.core.agreement import PairAgreement

COLUMNS = ("Pair", "Claims both judged", "Observed", "Cohen's κ", "Span Jaccard", "Span overlap")


def kappa_words(k: float | None) -> str:
    """Landis & Koch's reading of a kappa (or alpha) value."""
    if k is None:
        return "nothing to compare"
    for bound, words in (
        (0.8, "almost perfect"),
        (0.6, "substantial"),
        (0.4, "moderate"),
        (0.2, "fair"),
        (0.0, "slight"),
    ):
        if k > bound:
            return words
    return "no better than chance"


def kappa_color(k: float | None) -> QColor | None:
    if k is None:
        return None
    return QColor("#2e9d5b" if k > 0.6 else "#d08a12" if k > 0.2 else "#c8453c")


def _num(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "—"
    return f"{x:.0%}" if pct else f"{x:.2f}"


class PairTable(QTableWidget):
    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setAccessibleName("Agreement per pair")
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def set_pairs(self, pairs: list[PairAgreement]) -> None:
        self.setRowCount(len(pairs))
        for r, pair in enumerate(pairs):
            kappa = _num(pair.kappa) + (" *" if pair.chance_only and pair.kappa is not None else "")
            cells = (
                f"{pair.a} · {pair.b}",
                f"{pair.items:,}",
                _num(pair.observed, pct=True),
                kappa,
                _num(pair.span_jaccard, pct=True),
                _num(pair.span_overlap, pct=True),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)
            k = self.item(r, 3)
            tip = kappa_words(pair.kappa)
            if pair.items == 0:
                tip = "These two gave no verdict on the same claim yet."
            elif pair.chance_only:
                tip += " (both used one verdict throughout: 1.0 by convention, no information)"
            k.setToolTip(tip)
            if (color := kappa_color(pair.kappa)) is not None:
                k.setForeground(color)
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + sum(
            self.rowHeight(r) for r in range(len(pairs))
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)
