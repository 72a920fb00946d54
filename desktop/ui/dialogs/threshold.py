"""Tools → Suggestion threshold: a value, and what it would show before it is applied.

A bare number says little; "96 suggestions in 5 articles, about 19 an article" lets a team
choose between reading more and reading less. Counts come from each article's current
suggestion scores, read once on a pool thread while the dialog is already open (0.2 s on
10,000 articles), so neither opening it nor moving the slider holds the window.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

STEPS = 100  # slider positions per 1.0 of score


class ThresholdCounts:
    """How many suggestions, and in how many articles, a threshold shows."""

    def __init__(self, scores_by_article: dict[int, list[float]] | None) -> None:
        """``None``: not read yet."""
        self.scores: list[float] | None = None
        self.best: list[float] = []
        if scores_by_article is not None:
            self.scores = sorted(s for scores in scores_by_article.values() for s in scores)
            self.best = sorted(max(scores) for scores in scores_by_article.values() if scores)

    def at(self, threshold: float) -> tuple[int, int]:
        """(suggestions, articles with at least one) scoring ``threshold`` or more."""
        t = threshold - 1e-9  # 0.5 shows a suggestion scored 0.5
        if self.scores is None:
            return 0, 0
        return (len(self.scores) - bisect_left(self.scores, t),
                len(self.best) - bisect_left(self.best, t))  # fmt: skip

    def describe(self, threshold: float) -> str:
        if self.scores is None:
            return "Counting suggestions…"
        if not self.scores:
            return "No suggestions computed yet: the value applies once they are."
        n, articles = self.at(threshold)
        if not n:
            return f"At {threshold:.2f}: no suggestions."
        each = n / articles
        return (f"At {threshold:.2f}: {n:,} suggestion{'s' if n != 1 else ''} in {articles:,} "
                f"article{'s' if articles != 1 else ''}, about {each:.0f} an article.")  # fmt: skip


class ThresholdDialog(QDialog):
    def __init__(self, value: float, floor: float, default: float,
                 scores_by_article: dict[int, list[float]] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Suggestion threshold")
        self.counts = ThresholdCounts(scores_by_article)
        self.default = default
        intro = QLabel(f"Show suggestions scoring at least this much. Higher: fewer, surer "
                       f"suggestions; {default:.2f} is where the model itself draws the line.")  # fmt: skip
        intro.setWordWrap(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(floor * STEPS), STEPS)
        self.slider.setAccessibleName("Threshold")
        self.spin = QDoubleSpinBox()
        self.spin.setRange(floor, 1.0)
        self.spin.setDecimals(2)
        self.spin.setSingleStep(0.05)
        self.spin.setAccessibleName("Threshold value")
        self.shows = QLabel()
        self.shows.setAccessibleName("What the threshold shows")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)  # fmt: skip
        self.restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore.clicked.connect(lambda: self.spin.setValue(self.default))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.spin)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.shows)
        layout.addWidget(buttons)
        self.slider.valueChanged.connect(lambda v: self.spin.setValue(v / STEPS))
        self.spin.valueChanged.connect(self._changed)
        self.spin.setValue(value)
        self._changed(self.spin.value())  # setValue of the same value emits nothing
        self.spin.setFocus()
        self.spin.selectAll()
        self.resize(460, self.sizeHint().height())

    def set_scores(self, scores_by_article: dict[int, list[float]]) -> None:
        """The scores, once read: the counts follow the value from now on."""
        self.counts = ThresholdCounts(scores_by_article)
        self._changed(self.spin.value())

    def value(self) -> float:
        return round(self.spin.value(), 2)

    def _changed(self, value: float) -> None:
        self.slider.blockSignals(True)  # the slider's steps are coarser than the box's
        self.slider.setValue(round(value * STEPS))
        self.slider.blockSignals(False)
        self.shows.setText(self.counts.describe(value))
