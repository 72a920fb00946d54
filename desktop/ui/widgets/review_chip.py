"""A verdict as a small coloured chip: drawn (list delegates, charts) or as a QLabel."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel

from desktop.ui.theme import verdict_color

NO_VERDICT = "no verdict"


def chip_style(verdict: str | None) -> str:
    color = verdict_color(verdict).name()
    return (
        f"QLabel {{ background: {color}; color: white; border-radius: 8px;"
        f" padding: 1px 8px; font-weight: 600; }}"
    )


def chip_label(verdict: str | None, prefix: str = "") -> QLabel:
    label = QLabel(f"{prefix}{verdict or NO_VERDICT}")
    label.setTextFormat(Qt.TextFormat.PlainText)  # verdict names come from settings
    label.setStyleSheet(chip_style(verdict))
    label.setAccessibleName(f"{prefix}{verdict or NO_VERDICT}")
    return label


def draw_chip(p: QPainter, x: float, y: float, text: str, color: QColor) -> float:
    """Paint a rounded chip with its top-left at (x, y); return its width."""
    fm = QFontMetrics(p.font())
    w, h = fm.horizontalAdvance(text) + 12, fm.height() + 2
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    rect = QRectF(x, y, w, h)
    p.drawRoundedRect(rect, h / 2, h / 2)
    p.setPen(QColor("white"))
    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()
    return w
