"""Tools → Suggestion threshold says what a value would show before it is applied."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core.suggestion_nav import newest_scores
from desktop.ui.dialogs.threshold import ThresholdCounts
from tests.ui.conftest import ARTIFACTS, load_demo, wait_idle


def test_counts_follow_the_value() -> None:
    counts = ThresholdCounts({1: [0.31, 0.5, 0.9], 2: [0.4], 3: []})
    assert counts.at(0.5) == (2, 1)  # a score of exactly 0.5 shows at 0.5
    assert counts.at(0.3) == (4, 2)
    assert counts.describe(0.5) == "At 0.50: 2 suggestions in 1 article, about 2 an article."
    assert counts.describe(0.95) == "At 0.95: no suggestions."
    assert ThresholdCounts({}).describe(0.5).startswith("No suggestions computed yet")
    assert ThresholdCounts(None).describe(0.5) == "Counting suggestions…"
    assert ThresholdCounts(None).at(0.5) == (0, 0)


def test_threshold_dialog_shows_counts_and_applies_the_value(qtbot, open_window) -> None:
    window = open_window()
    load_demo(qtbot, window)
    window.suggester.start(None)
    wait_idle(qtbot)
    scores = [s for v in newest_scores(window.store).values() for s in v]
    window.actions["threshold"].trigger()
    dialog = window.threshold_dialog
    qtbot.waitExposed(dialog)  # open at once; the counts come from a pool thread
    qtbot.waitUntil(lambda: dialog.counts.scores is not None)
    shown = sum(s >= 0.5 for s in scores)
    assert dialog.shows.text().startswith(f"At 0.50: {shown} suggestions in 5 articles")
    dialog.slider.setValue(80)  # dragging the slider moves the box and the counts
    assert dialog.spin.value() == 0.8
    fewer = sum(s >= 0.8 for s in scores)
    assert fewer < shown and dialog.shows.text().startswith(f"At 0.80: {fewer} suggestions")
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "threshold.png"))
    qtbot.keyClick(dialog.spin, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.article.threshold == 0.8 and window.settings.threshold == 0.8
    assert all(g.score >= 0.8 for g in window.article.view.suggestions)

    window.actions["threshold"].trigger()
    dialog = window.threshold_dialog
    qtbot.waitUntil(lambda: dialog.counts.scores is not None)
    dialog.restore.click()
    assert dialog.spin.value() == 0.5
    qtbot.keyClick(dialog.spin, Qt.Key.Key_Escape)  # cancelled: the value stays
    assert window.article.threshold == 0.8
