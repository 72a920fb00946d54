"""Light and dark looks: Fusion with a palette that follows the system colour scheme (or
the user's choice), a small style sheet, and the highlight colours of the reader.

Verdict colours come from core.verdicts (one place for the scheme); here we only pick
how strongly they tint the text background so both light and dark stay readable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop.core.verdicts import verdicts
from desktop.ui.resources import icon_path, theme_path

SCHEMES = ("system", "light", "dark")
UNLABELLED = "#7d8da3"  # claims without a verdict: a neutral slate
SUGGESTION = "#4f7fd1"  # dotted underline of pending suggestions


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark() -> bool:
    app = QApplication.instance()
    return bool(app) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#232529", QPalette.ColorRole.WindowText: "#e4e6ea",
        QPalette.ColorRole.Base: "#1b1d21", QPalette.ColorRole.AlternateBase: "#272a2f",
        QPalette.ColorRole.Text: "#e4e6ea", QPalette.ColorRole.Button: "#2d3036",
        QPalette.ColorRole.ButtonText: "#e4e6ea", QPalette.ColorRole.Highlight: "#3f6fb5",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2d3036",
        QPalette.ColorRole.ToolTipText: "#e4e6ea", QPalette.ColorRole.PlaceholderText: "#8a8f98",
        QPalette.ColorRole.Link: "#7fb0ff", QPalette.ColorRole.Mid: "#3a3e45",
        QPalette.ColorRole.Midlight: "#34373d", QPalette.ColorRole.Dark: "#141518",
        QPalette.ColorRole.Light: "#3c4047", QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6d7178"))
    return p


def apply(app: QApplication, scheme: str = "system") -> None:
    """Style the whole app; call again when the system scheme or the user's choice changes."""
    app.setStyle(QStyleFactory.create("Fusion"))
    dark = system_is_dark() if scheme == "system" else scheme == "dark"
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    sheets = [theme_path("base")] + ([theme_path("dark")] if dark else [])
    qss = "\n".join(p.read_text(encoding="utf-8") for p in sheets if p.exists())
    app.setStyleSheet(qss.replace("@CHECK@", icon_path("check-white").as_posix()))


def verdict_color(name: str | None) -> QColor:
    for v in verdicts():
        if v.name == name:
            return QColor(v.color)
    return QColor(UNLABELLED)


def tint(color: QColor, strength: float) -> QColor:
    """The colour as a translucent text background; overlaps add up, so nesting shows."""
    c = QColor(color)
    c.setAlphaF(min(1.0, strength * (1.5 if is_dark() else 1.0)))
    return c


def reader_colors() -> tuple[QColor, QColor]:
    """(paper, ink) of the reading column: warm paper in light mode, soft grey in dark."""
    if is_dark():
        return QColor("#1d1f23"), QColor("#dadce0")
    return QColor("#fdfcf9"), QColor("#1f2328")
