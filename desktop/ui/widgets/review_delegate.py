"""Paints one claim of the review queue: article title and state, a claim excerpt, and
one verdict chip per annotator (disagreements stand out by their mixed colours)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.review import ReviewItem
from desktop.ui.models.review_queue import ItemRole, excerpt
from desktop.ui.theme import verdict_color
from desktop.ui.widgets.review_chip import draw_chip
from desktop.ui.widgets.row_paint import row_background

PAD = 8
DISAGREE = QColor("#d08a12")
REVIEWED = QColor("#2e9d5b")
AGREED = QColor("#8a94a3")


def state_of(item: ReviewItem) -> tuple[str, QColor]:
    if item.review:
        return f"reviewed: {item.review['verdict']}", REVIEWED
    return ("pending · disagree", DISAGREE) if item.disagreement else ("pending · agree", AGREED)


class ReviewDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(240, PAD * 2 + fm.height() * 4 + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item: ReviewItem | None = index.data(ItemRole)
        if item is None:
            return super().paint(painter, option, index)
        painter.save()
        selected, ink, muted = row_background(painter, option, muted_alpha=0.7)
        rect = option.rect
        fm = QFontMetrics(option.font)
        line_h = fm.height()
        inner = rect.adjusted(PAD + 10, PAD, -PAD, -PAD)

        state, color = state_of(item)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect.left() + PAD - 2, inner.top() + (line_h - 8) // 2, 8, 8)

        # line 1: title ......... state
        state_w = fm.horizontalAdvance(state) + 4
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(ink)
        title_rect = QRect(inner.left(), inner.top(), inner.width() - state_w - 8, line_h)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(
                item.article_title, Qt.TextElideMode.ElideRight, title_rect.width()
            ),
        )
        painter.setFont(option.font)
        painter.setPen(ink if selected else color)
        painter.drawText(
            QRect(inner.right() - state_w, inner.top(), state_w, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            state,
        )

        # lines 2-3: the claim, wrapped and cut to two lines
        painter.setPen(muted)
        text_rect = QRect(inner.left(), inner.top() + line_h + 3, inner.width(), line_h * 2)
        painter.drawText(
            text_rect, Qt.TextFlag.TextWordWrap, self._two_lines(fm, item.text, inner.width())
        )

        # line 4: a chip per annotator
        x, y = float(inner.left()), float(inner.top() + line_h * 3 + 8)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        for name, label in ((lb.annotator, lb.verdict) for lb in item.labels):
            if x > inner.right() - 40:
                break
            x += draw_chip(painter, x, y, f"{name}: {label or '—'}", verdict_color(label)) + 4
        painter.restore()

    @staticmethod
    def _two_lines(fm: QFontMetrics, text: str, width: int) -> str:
        """The excerpt elided so it fits two wrapped lines (drawText would clip mid-line)."""
        base = excerpt(text, 400)
        out, n = base, len(base)
        box = QRect(0, 0, width, 10_000)
        while (
            n > 2 and fm.boundingRect(box, Qt.TextFlag.TextWordWrap, out).height() > fm.height() * 2
        ):
            n = int(n * 0.85)
            out = base[:n].rstrip() + "…"
        return out
