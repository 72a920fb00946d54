"""Paints one cluster in the Claims view's list: the title elided to the width, a muted line
of counts, and what members say differently only when they do (in the colour of the
"conflicting" verdict); a dot in the cluster verdict's colour and a rule between rows.

Everything is drawn with drawText, so article text stays plain text whatever it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.ui.theme import verdict_color
from desktop.ui.widgets.row_paint import row_background

PAD = 8
GAP = 3  # between lines
RowRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ClusterRow:
    title: str
    meta: str
    differs: str  # "" when every member says the same
    verdict: str | None
    marked: bool


class ClusterDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row: ClusterRow | None = index.data(RowRole)
        lines = 3 if row is not None and row.differs else 2
        # a narrow width hint: the list never scrolls sideways, the text is elided instead
        return QSize(120, PAD * 2 + QFontMetrics(option.font).height() * lines + GAP * (lines - 1) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: ClusterRow | None = index.data(RowRole)
        if row is None:
            return super().paint(painter, option, index)
        painter.save()
        selected, ink, muted = row_background(painter, option)
        pal, rect = option.palette, option.rect
        fm = QFontMetrics(option.font)
        line_h = fm.height()
        inner = rect.adjusted(PAD + 12, PAD, -PAD, -PAD)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        # the cluster verdict's colour (grey before one is given); a diamond when marked
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(verdict_color(row.verdict))
        dot = 8
        x, y = rect.left() + PAD - 1, inner.top() + (line_h - dot) // 2
        if row.marked:
            painter.translate(x + dot / 2, y + dot / 2)
            painter.rotate(45)
            painter.drawRect(-dot // 2, -dot // 2, dot, dot)
            painter.resetTransform()
        else:
            painter.drawEllipse(x, y, dot, dot)

        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(ink)
        title = QFontMetrics(title_font).elidedText(row.title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line_h), left, title)

        painter.setFont(option.font)
        painter.setPen(muted)
        top = inner.top() + line_h + GAP
        painter.drawText(QRect(inner.left(), top, inner.width(), line_h), left,
                         fm.elidedText(row.meta, Qt.TextElideMode.ElideRight, inner.width()))
        if row.differs:
            differs = verdict_color("conflicting")
            if selected:
                differs = ink
            elif pal.color(QPalette.ColorRole.Base).lightness() < 128:
                differs = differs.lighter(135)  # stays readable on the dark list
            painter.setPen(differs)
            top += line_h + GAP
            painter.drawText(QRect(inner.left(), top, inner.width(), line_h), left,
                             fm.elidedText(row.differs, Qt.TextElideMode.ElideRight, inner.width()))
        # a hairline between rows
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()
