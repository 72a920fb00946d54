"""What every painted list row starts with (articles, review queue, claim clusters): the
selection or hover background, and the ink and muted ink to write on it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem


def row_background(
    painter: QPainter, option: QStyleOptionViewItem, muted_alpha: float = 0.65
) -> tuple[bool, QColor, QColor]:
    """Fill the row's background; returns (selected, ink, muted ink)."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    pal = option.palette
    if selected:
        painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
    elif option.state & QStyle.StateFlag.State_MouseOver:
        painter.fillRect(option.rect, pal.color(QPalette.ColorRole.AlternateBase))
    ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    muted = QColor(ink)
    muted.setAlphaF(muted_alpha)
    return selected, ink, muted
