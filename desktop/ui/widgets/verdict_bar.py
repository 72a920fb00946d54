"""Verdict buttons (verified / conflicting / unsupported, from core.verdicts): checkable,
one at a time, each in its verdict's colour, its key (1, 2, 3...) shown on the right.
Stacked vertically so a fourth verdict ("refuted") fits a narrow inspector too."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.verdicts import Verdict, verdicts
from desktop.ui.icons import icon
from desktop.ui.resources import icon_path
from desktop.ui.safe_text import tooltip


def _style(color: str) -> str:
    # unchecked: a coloured outline; checked: filled with the verdict colour
    return (f"QPushButton {{ border: 1px solid {color}; border-radius: 5px; padding: 5px 8px;"
            f" text-align: left; }}"
            f"QPushButton:checked {{ background: {color}; color: white; font-weight: 600; }}"
            f"QPushButton:focus {{ border-width: 2px; }}")


class VerdictButton(QPushButton):
    def __init__(self, verdict: Verdict, key: int) -> None:
        super().__init__(verdict.name.capitalize())
        self.verdict = verdict
        self.setCheckable(True)
        self.setIconSize(QSize(18, 18))
        self.setStyleSheet(_style(verdict.color))
        self.setToolTip(tooltip(f"{verdict.description} (key {key})"))
        self.setAccessibleName(f"Verdict {verdict.name}")
        self.setAccessibleDescription(verdict.description)
        self.key = QLabel(str(key) if key <= 9 else "")
        self.key.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(0, 0, 10, 0)
        inner.addStretch(1)
        inner.addWidget(self.key)
        self.toggled.connect(self._recolor)
        self._recolor(False)

    def _recolor(self, checked: bool) -> None:
        color = "white" if checked else self.verdict.color
        name = self.verdict.name if icon_path(self.verdict.name).exists() else "verdict"
        self.setIcon(icon(name, color))
        self.key.setStyleSheet(f"color: {color}; font-weight: 600;")


class VerdictBar(QWidget):
    chosen = Signal(object)  # verdict name, or None when the checked one is clicked again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, VerdictButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for key, v in enumerate(verdicts(), start=1):
            b = VerdictButton(v, key)
            # one at a time, but clicking the checked one clears it (an exclusive group can't)
            b.clicked.connect(lambda checked, name=v.name: self.chosen.emit(name if checked else None))
            self.buttons[v.name] = b
            layout.addWidget(b)

    def set_verdict(self, name: str | None) -> None:
        for n, b in self.buttons.items():
            b.setChecked(n == name)
