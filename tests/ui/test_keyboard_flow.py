"""The whole flow without the mouse, on the demo corpus: find and label a claim, add a web
source (Enter in the stance box), link a passage of another article through the picker,
add evidence from the evidence panel, review a teammate's disagreement with a note (Enter
keeps review mode), then undo and redo. Keys go to whatever has the keyboard, as on a
real keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core import services
from tests.ui.conftest import ANNOTATOR, load_demo, wait_idle

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot, key, mods=NONE) -> None:
    window = QApplication.activeWindow() or _main()
    if QApplication.activeWindow() is None:  # the offscreen platform sometimes drops the
        window.activateWindow()  # active window when a page of a stack changes; an X
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)  # server doesn't
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    qtbot.keyClick(widget, key, mods)


def _main():
    from desktop.ui.main_window import MainWindow

    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def mine(window, claim_id: int):
    view = services.article_view(window.store, window.article.article_id, ANNOTATOR)
    return next(c for c in view.claims if c.id == claim_id)


@pytest.mark.timeout(300)
def test_keyboard_only_flow(open_window, qtbot):
    window = open_window()
    load_demo(qtbot, window)
    window.reader.setFocus()
    qtbot.waitUntil(window.reader.hasFocus)

    # find the words, make them a claim, give it a verdict
    press(qtbot, Qt.Key.Key_F, CTRL)
    type_text(qtbot, "Kremlin")
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Return)
    claim = window.article.claim()
    assert claim is not None and window.article.view.text[claim.start:claim.end] == "Kremlin"
    press(qtbot, Qt.Key.Key_BracketRight)  # grow the end by a word
    press(qtbot, Qt.Key.Key_2)
    assert mine(window, claim.id).verdict == "conflicting"

    # a web source: Ctrl+L, the address, Tab to the title and to the stance, Enter there
    press(qtbot, Qt.Key.Key_L, CTRL)
    type_text(qtbot, "https://www.reuters.com/world/kremlin")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Reuters")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.inspector.claim.form.stance
    press(qtbot, Qt.Key.Key_Down)  # contradicts
    press(qtbot, Qt.Key.Key_Return)
    sources = mine(window, claim.id).mine.sources
    assert [(s.url, s.title, s.stance) for s in sources] == [
        ("https://www.reuters.com/world/kremlin", "Reuters", "contradicts")]
    press(qtbot, Qt.Key.Key_Escape)  # back to the text
    window.reader.setFocus()

    # link a passage of another article: search, Down to the list, Enter to its text,
    # select words with the keyboard, Enter links
    press(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    picker = window.picker
    qtbot.waitUntil(picker.articles.search.hasFocus)
    type_text(qtbot, "cgtn")
    press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: picker.articles.view.hasFocus())
    if picker.articles.view.currentIndex().data(Qt.ItemDataRole.DisplayRole) is None:
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(picker.reader.hasFocus)
    assert picker.article_id is not None and picker.article_id != window.article.article_id
    press(qtbot, Qt.Key.Key_Home, CTRL)
    for _ in range(6):
        press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)
    assert picker.ok.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    kinds = [s.kind for s in mine(window, claim.id).mine.sources]
    assert kinds == ["url", "article"]

    # evidence: Ctrl+Shift+E takes the keyboard to the panel; Enter adds the first match
    qtbot.waitUntil(window.reader.hasFocus)  # the picker gave the keyboard back
    press(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    evidence = window.team.evidence
    assert evidence.hasFocus()
    qtbot.wait(400)  # the panel's debounce
    wait_idle(qtbot, timeout=180_000)
    qtbot.waitUntil(lambda: evidence.result is not None, timeout=180_000)
    before = len(mine(window, claim.id).mine.sources)
    if evidence.cards:
        press(qtbot, Qt.Key.Key_Return)
        assert len(mine(window, claim.id).mine.sources) == before + 1
    press(qtbot, Qt.Key.Key_Escape)
    assert window.reader.hasFocus()

    # a teammate disagrees (their label arrives from elsewhere); review it by keyboard
    services.set_verdict(window.store, "bob", claim.id, "verified")
    press(qtbot, Qt.Key.Key_R, CTRL)
    review = window.team.review
    assert window.team.pages.currentWidget() is review
    qtbot.waitUntil(lambda: review.current_item() is not None, timeout=10_000)
    window.activateWindow()  # see press()
    qtbot.waitUntil(review.list.hasFocus)
    assert review.current_item().claim_id == claim.id
    with qtbot.waitSignal(review.loaded):
        press(qtbot, Qt.Key.Key_1)  # final verdict: verified
    press(qtbot, Qt.Key.Key_N)
    assert review.detail.note.hasFocus()
    type_text(qtbot, "Reuters and cgtn agree on the call")
    with qtbot.waitSignal(review.loaded):
        press(qtbot, Qt.Key.Key_Return)  # saves the note...
    assert window.team.pages.currentWidget() is review  # ...and stays in review mode
    item = services.review_queue(window.store)[0]
    assert item.review["note"] == "Reuters and cgtn agree on the call"

    # undo and redo, from the keyboard, through the event log
    assert window.actions["undo"].text() == "Undo set review"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not (services.review_queue(window.store)[0].review or {}).get("note")
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert services.review_queue(window.store)[0].review["note"].startswith("Reuters")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert services.review_queue(window.store)[0].review["note"].startswith("Reuters")
    press(qtbot, Qt.Key.Key_R, CTRL)
    assert window.team.pages.currentWidget() is window.split
