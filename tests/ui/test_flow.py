"""The whole labelling flow through the window, then a restart on the same database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.ui.main_window import MainWindow
from desktop.ui.suggest_flow import available as suggestions_available
from tests.ui.conftest import ANNOTATOR, wait_idle

URL = "https://www.reuters.com/world/trump-putin-call"


def _claim(window: MainWindow):
    claim = window.article.claim()
    assert claim is not None, "no claim is selected"
    return claim


def _stored(window: MainWindow, claim_id: int):
    """What the core has committed (a fresh read, not the window's copy)."""
    view = services.article_view(window.store, window.article.article_id, ANNOTATOR)
    return next(c for c in view.claims if c.id == claim_id)


def _key(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.reader, key, modifier)


def _first_claim_by_suggestion_or_selection(qtbot, window: MainWindow) -> None:
    """Accept the first suggestion with `a`; without the suggestion service, select text
    with the keyboard and press Enter."""
    window.reader.setFocus()
    if suggestions_available():
        window.suggester.start(None)
        wait_idle(qtbot, timeout=180_000)
        assert window.article.view.suggestions, "the suggester found nothing in the demo article"
        _key(qtbot, window, Qt.Key.Key_J)
        assert window.article.suggestion() is not None
        _key(qtbot, window, Qt.Key.Key_A)
        assert window.article.claim().origin == "suggested"
    else:
        text = window.article.view.text
        start = text.index("Trump")
        window.reader.select_text(start, text.index(".", start) + 1)
        _key(qtbot, window, Qt.Key.Key_Return)
        assert window.article.claim() is not None


def test_label_a_claim_end_to_end_and_find_it_after_restart(open_window, qtbot):
    window = open_window()
    assert window.pane.currentWidget() is window.pane.empty  # first start: friendly empty state
    qtbot.mouseClick(window.pane.empty.demo, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert window.articles.model.rowCount() == 5
    assert window.article.view is not None and window.pane.currentWidget() is window.pane.page

    window.articles.select(2)
    _first_claim_by_suggestion_or_selection(qtbot, window)
    claim = _claim(window)

    # verdict by key: 2 = conflicting, committed before the UI shows it
    _key(qtbot, window, Qt.Key.Key_2)
    assert _stored(window, claim.id).verdict == "conflicting"
    assert window.inspector.claim.verdicts.buttons["conflicting"].isChecked()

    # a web source: a bad address is refused inline, a good one is stored
    form = window.inspector.claim.form
    qtbot.keyClick(window.reader, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert form.url.hasFocus()
    qtbot.keyClicks(form.url, "ftp://example.org/x")
    qtbot.keyClick(form.url, Qt.Key.Key_Return)
    assert form.error.isVisible() and "http" in form.error.text()
    assert not _stored(window, claim.id).mine.sources
    form.url.clear()
    qtbot.keyClicks(form.url, URL)
    qtbot.keyClicks(form.title, "Reuters on the call")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert [s.url for s in _stored(window, claim.id).mine.sources] == [URL]
    assert form.url.text() == "" and not form.error.isVisible()

    # a link to a passage of another article, through the picker, contradicting
    window.reader.setFocus()
    _key(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    picker = window.picker
    assert picker.isVisible()
    other = services.article_view(window.store, 4, ANNOTATOR)
    span_start = other.text.index("Putin")
    picker.select_span(4, span_start, span_start + 40)
    picker.stance.setCurrentIndex(picker.stance.findData("contradicts"))
    assert picker.ok.isEnabled()
    qtbot.mouseClick(picker.ok, Qt.MouseButton.LeftButton)
    sources = _stored(window, claim.id).mine.sources
    assert [(s.kind, s.article_id, s.start, s.end, s.stance) for s in sources[1:]] == [
        ("article", 4, span_start, span_start + 40, "contradicts")]
    assert len(window.inspector.claim.sources.rows) == 2

    # boundary: Shift+Alt+Right extends the end by a word
    window.reader.setFocus()
    before = (claim.start, claim.end)
    _key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier)
    grown = _stored(window, claim.id)
    assert grown.start == before[0] and grown.end > before[1]
    assert _claim(window).id == claim.id  # still the selected claim

    # undo puts the boundary back, redo applies it again (both committed by the core)
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (_stored(window, claim.id).start, _stored(window, claim.id).end) == before
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _stored(window, claim.id).end == grown.end

    # undo from another article navigates back to the claim it touched
    window.articles.select(5)
    assert window.article.article_id == 5
    window.reader.setFocus()
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.article.article_id == 2 and _claim(window).id == claim.id
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    # a note typed and not yet saved: closing the window commits it
    window.inspector.focus_note()
    qtbot.keyClicks(window.inspector.claim.note, "Figures differ between outlets")
    assert _stored(window, claim.id).mine.note is None  # not yet: still typing
    window.close()
    QApplication.processEvents()

    # restart on the same database: everything is as it was
    again = open_window()
    assert again.article.article_id == 2  # the last article is restored
    stored = _stored(again, claim.id)
    assert stored.verdict == "conflicting"
    assert stored.mine.note == "Figures differ between outlets"
    assert (stored.start, stored.end) == (grown.start, grown.end)
    assert [s.kind for s in stored.mine.sources] == ["url", "article"]
    assert again.actions["undo"].text() == "Undo edit note"  # read from the event log
    # undo survives the restart: the note goes first, then the redone resize
    again.labeller.undo()
    assert _stored(again, claim.id).mine.note is None
    again.labeller.undo()
    assert (_stored(again, claim.id).start, _stored(again, claim.id).end) == before
