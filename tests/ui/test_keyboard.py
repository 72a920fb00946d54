"""Keyboard-only labelling, and single-key shortcuts that stay quiet while typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from desktop.core import services
from tests.ui.conftest import ANNOTATOR, load_demo

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def window(open_window, qtbot):
    w = open_window()
    load_demo(qtbot, w)
    w.reader.setFocus()
    return w


def _select_words(qtbot, window, words: int) -> None:
    """Select the first `words` words of the text using only keys."""
    qtbot.keyClick(window.reader, Qt.Key.Key_Home, CTRL)
    for _ in range(words):
        qtbot.keyClick(window.reader, Qt.Key.Key_Right, CTRL | SHIFT)


def test_keyboard_only_labelling(window, qtbot):
    reader = window.reader
    _select_words(qtbot, window, 1)
    qtbot.keyClick(reader, Qt.Key.Key_Down, SHIFT)  # a few lines down
    qtbot.keyClick(reader, Qt.Key.Key_End, SHIFT)
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    first = window.article.claim()
    assert first is not None and first.origin == "manual"

    qtbot.keyClick(reader, Qt.Key.Key_3)
    view = services.article_view(window.store, window.article.article_id, ANNOTATOR)
    assert view.claims[0].verdict == "unsupported"

    # a second claim later in the text, by "c"
    cur = reader.textCursor()
    cur.movePosition(QTextCursor.MoveOperation.End)
    cur.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cur)
    qtbot.keyClick(reader, Qt.Key.Key_C)
    second = window.article.claim()
    assert second is not None and second.id != first.id

    # j/k walk the claims in text order
    qtbot.keyClick(reader, Qt.Key.Key_K)
    assert window.article.claim().id == first.id
    qtbot.keyClick(reader, Qt.Key.Key_J)
    assert window.article.claim().id == second.id
    qtbot.keyClick(reader, Qt.Key.Key_1)
    qtbot.keyClick(reader, Qt.Key.Key_0)  # clear again
    assert window.article.claim().verdict is None

    # start boundary by keyboard, then Delete, then undo brings the claim back
    old = (second.start, second.end)
    qtbot.keyClick(reader, Qt.Key.Key_Left, CTRL | ALT)
    assert window.article.claim().start < old[0]
    qtbot.keyClick(reader, Qt.Key.Key_BraceRight)  # "}" shrinks the start again
    assert (window.article.claim().start, window.article.claim().end) == old
    qtbot.keyClick(reader, Qt.Key.Key_Delete)
    assert [c.id for c in window.article.view.claims] == [first.id]
    qtbot.keyClick(reader, Qt.Key.Key_Z, CTRL)
    assert window.article.claim().id == second.id

    # n/p move between articles; progress shows in the list
    row = window.articles.model.row_at(0)
    assert row.progress == "in progress" and (row.claims, row.labelled) == (2, 1)
    qtbot.keyClick(reader, Qt.Key.Key_N)
    assert window.article.article_id == 2
    qtbot.keyClick(reader, Qt.Key.Key_Up, ALT)
    assert window.article.article_id == 1


def test_single_keys_do_not_fire_while_typing(window, qtbot):
    _select_words(qtbot, window, 4)
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    claim = window.article.claim()
    article = window.article.article_id

    search = window.articles.search
    qtbot.keyClick(window.reader, Qt.Key.Key_K, CTRL)  # Ctrl+F finds in the article
    assert search.hasFocus()
    qtbot.keyClicks(search, "jkn1ax")
    assert search.text() == "jkn1ax"
    assert window.article.article_id == article and window.article.claim().id == claim.id
    qtbot.keyClick(search, Qt.Key.Key_Escape)  # back to the text
    assert window.reader.hasFocus()
    search.clear()

    note = window.inspector.claim.note
    window.inspector.focus_note()
    qtbot.keyClicks(note, "2 sources say 3")
    assert note.toPlainText() == "2 sources say 3"
    assert services.article_view(window.store, article, ANNOTATOR).claims[0].verdict is None

    url = window.inspector.claim.form.url
    window.inspector.focus_url()
    qtbot.keyClicks(url, "https://x.org/jk1")
    qtbot.keyClick(url, Qt.Key.Key_Delete)  # deletes a character, not the claim
    assert window.article.view.claims and url.text() == "https://x.org/jk1"
    # the note was committed when focus left it
    assert services.article_view(window.store, article, ANNOTATOR).claims[0].mine.note == "2 sources say 3"


def test_find_in_the_article_then_make_the_match_a_claim(window, qtbot):
    text = window.article.view.text
    words = "Kremlin"
    qtbot.keyClick(window.reader, Qt.Key.Key_F, CTRL)
    bar = window.pane.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, words)
    first = window.reader.selected_span()
    assert first is not None and text[first[0]:first[1]] == words
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # the next one, not a claim
    second = window.reader.selected_span()
    assert not window.article.view.claims
    assert second is not None and text[second[0]:second[1]] == words
    assert second != first or text.count(words) == 1
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert window.reader.hasFocus() and not bar.isVisible()
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)  # the found words become a claim
    claim = window.article.claim()
    assert claim is not None and (claim.start, claim.end) == second


def test_shortcut_sheet_lists_every_keyed_action(window, qtbot):
    qtbot.keyClick(window.reader, Qt.Key.Key_Question, SHIFT)
    sheet = window.sheet
    assert sheet.isVisible()
    html = sheet.findChild(type(window.status.database)).text()
    for words in ("Accept suggestion", "Next claim or suggestion", "Extend end by a word", "Verdict: conflicting"):
        assert words in html
    sheet.close()


def test_every_action_is_in_a_menu_with_its_shortcut(window):
    in_menus = {a.objectName() for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
                for a in m.actions()}
    for key, action in window.actions.items():
        assert key in in_menus, f"{key} is not in a menu"
        if action.shortcut().isEmpty():
            continue
        assert action.shortcut().toString()
