"""Paints one article in the list: title, then source · words, and a progress badge."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.queries import ArticleRow
from desktop.ui.models.article_list import RowRole
from desktop.ui.widgets.row_paint import row_background

PAD = 8
PROGRESS_COLORS = {"unlabelled": "#8a94a3", "in progress": "#d08a12", "done": "#2e9d5b"}


class ArticleDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, PAD * 2 + fm.height() * 2 + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: ArticleRow | None = index.data(RowRole)
        if row is None:
            return super().paint(painter, option, index)
        painter.save()
        selected, ink, muted = row_background(painter, option)
        rect = option.rect

        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        fm = QFontMetrics(option.font)
        line_h = fm.height()
        inner = rect.adjusted(PAD + 10, PAD, -PAD, -PAD)

        # progress dot at the left edge
        color = QColor(PROGRESS_COLORS.get(row.progress, "#8a94a3"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        dot = 8
        painter.drawEllipse(rect.left() + PAD - 2, inner.top() + (line_h - dot) // 2, dot, dot)

        painter.setFont(title_font)
        painter.setPen(ink)
        title = QFontMetrics(title_font).elidedText(row.title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)

        painter.setFont(option.font)
        painter.setPen(muted)
        right = f"{row.labelled}/{row.claims}" if row.claims else row.progress
        right_w = fm.horizontalAdvance(right) + 4
        meta = f"{row.source or 'unknown source'} · {row.words:,} words"
        second = QRect(inner.left(), inner.top() + line_h + 4, inner.width() - right_w - 6, line_h)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(meta, Qt.TextElideMode.ElideRight, second.width()))
        painter.setPen(ink if selected else color)
        painter.drawText(QRect(inner.right() - right_w, second.top(), right_w, line_h),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        painter.restore()
