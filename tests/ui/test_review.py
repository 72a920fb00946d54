"""Review mode on two annotators' labels: queue order, side-by-side content, keys to take
or set the final verdict, a note, and the core's refusal shown inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.core.desk import Desk
from desktop.ui import theme
from desktop.ui.history import History
from desktop.ui.ops import Ops
from desktop.ui.widgets.review_panel import ReviewPanel
from tests.ui.conftest import ARTIFACTS, wait_idle


def _span(store, article_id: int, anchor: str, length: int) -> tuple[int, int]:
    text = services.article_view(store, article_id, "ana").text
    start = text.index(anchor)
    return start, start + length


@pytest.fixture
def reviewed_store(tmp_path):
    """Demo corpus; ana and bob agree on one claim and disagree on another."""
    store = services.open_store(str(tmp_path / "review.db"))
    services.import_paths(store, [services.demo_corpus_path()])
    agreed = services.create_claim(
        store, "ana", 4, *_span(store, 4, "Moscow and Washington", 120)
    ).claim_id
    split = services.create_claim(
        store, "ana", 2, *_span(store, 2, "Putin spoke on the phone", 60)
    ).claim_id
    for who in ("ana", "bob"):
        services.set_verdict(store, who, agreed, "verified")
    services.set_verdict(store, "ana", split, "verified")
    services.set_verdict(store, "bob", split, "conflicting")
    services.add_source(
        store,
        "ana",
        split,
        url="https://www.reuters.com/world/",
        stance="supports",
        title="Reuters: readout of the call",
    )
    services.add_source(store, "bob", split, article_id=4, start=0, end=60, stance="contradicts")
    services.set_note(store, "bob", split, "cgtn says Trump called first.")
    yield store, agreed, split
    store.close()


def _panel(qtbot, store, reviewer="ana", ops=None) -> ReviewPanel:
    panel = ReviewPanel(ops or Ops(Desk(store, reviewer)))
    qtbot.addWidget(panel)
    panel.resize(1200, 720)
    panel.show()
    qtbot.waitExposed(panel)
    panel.reload()
    wait_idle(qtbot)
    panel.list.setFocus()
    return panel


def test_queue_puts_disagreements_first_and_shows_labels_side_by_side(qtbot, reviewed_store):
    store, agreed, split = reviewed_store
    panel = _panel(qtbot, store)
    assert [it.claim_id for it in panel.model.items] == [split, agreed]
    assert panel.current_item().claim_id == split
    columns = panel.detail.column_widgets
    assert [c.label.annotator for c in columns] == ["ana", "bob"]
    assert columns[0].label.verdict == "verified" and columns[1].label.verdict == "conflicting"
    # side by side: same row, bob's to the right of ana's (once the layout has run)
    qtbot.waitUntil(lambda: columns[0].geometry().right() < columns[1].geometry().left())
    assert columns[0].geometry().top() == columns[1].geometry().top()
    assert "Putin spoke on the phone" in panel.detail.context.text()
    texts = " ".join(w.text() for c in columns for w in c.findChildren(type(panel.counts)))
    assert "Reuters: readout of the call" in texts and "cgtn says Trump called first." in texts
    assert "contradicts" in texts
    qtbot.keyClick(panel.list, Qt.Key.Key_J)
    assert panel.current_item().claim_id == agreed
    qtbot.keyClick(panel.list, Qt.Key.Key_K)
    assert panel.current_item().claim_id == split


def test_take_by_key_set_with_note_clear_and_undo(qtbot, reviewed_store):
    store, _agreed, split = reviewed_store
    ops = Ops(Desk(store, "ana"))
    history = History(ops)
    panel = _panel(qtbot, store, ops=ops)
    assert history.state.undo != "set review"  # ana's own labelling events
    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(panel.list, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)  # bob's
    item = panel.current_item()
    assert item.claim_id == split and item.review["verdict"] == "conflicting"
    assert item.review["reviewer"] == "ana"
    assert panel.detail.buttons["conflicting"].isChecked()

    qtbot.keyClick(panel.list, Qt.Key.Key_N)
    assert panel.detail.note.hasFocus()
    qtbot.keyClicks(panel.detail.note, "EL PAÍS and cgtn differ")
    qtbot.keyClick(panel.detail.note, Qt.Key.Key_Escape)
    assert panel.list.hasFocus()
    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(panel.list, Qt.Key.Key_3)  # unsupported, with the note
    review = panel.current_item().review
    assert review["verdict"] == "unsupported" and review["note"] == "EL PAÍS and cgtn differ"
    assert services.review_queue(store)[0].review["verdict"] == "unsupported"

    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(panel.list, Qt.Key.Key_0)
    assert panel.current_item().review is None
    assert history.state.undo == "clear review"  # take, set, clear: each undoable
    history.undo()
    assert services.review_queue(store)[0].review["verdict"] == "unsupported"


def test_refusal_is_shown_inline(qtbot, reviewed_store):
    store, _agreed, split = reviewed_store
    panel = _panel(qtbot, store)
    services.set_verdict(store, "bob", split, None)  # bob withdraws while ana looks at it
    qtbot.keyClick(panel.list, Qt.Key.Key_1)
    message = panel.detail.message
    assert message.isVisible()
    assert "nobody reviews their own label alone" in message.text()
    qtbot.keyClick(panel.list, Qt.Key.Key_5, Qt.KeyboardModifier.ShiftModifier)
    assert "no annotator 5" in message.text()
    assert all(it.review is None for it in services.review_queue(store))  # nothing written


def test_open_in_reader_signal_and_empty_state(qtbot, reviewed_store, tmp_path):
    store, _agreed, split = reviewed_store
    panel = _panel(qtbot, store)
    with qtbot.waitSignal(panel.open_claim) as sig:
        qtbot.keyClick(panel.list, Qt.Key.Key_O)
    assert sig.args == [2, split]
    empty = services.open_store(str(tmp_path / "empty.db"))
    try:
        blank = _panel(qtbot, empty)
        assert blank.right.currentWidget() is blank.empty
        assert "two or more annotators" in blank.empty.text()
    finally:
        empty.close()


def test_screenshot(qtbot, reviewed_store):
    store, *_ = reviewed_store
    theme.apply(QApplication.instance(), "light")
    panel = _panel(qtbot, store)
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "review.png"
    assert panel.grab().save(str(path))
    assert path.stat().st_size > 20_000


def test_panel_keys_win_over_the_window_shortcuts(qtbot, open_window, db_path):
    """Docked in the main window, j and 1 act on the queue, not on the labelling."""
    from PySide6.QtWidgets import QDockWidget

    window = open_window()
    store = window.store
    services.import_paths(store, [services.demo_corpus_path()])
    claims = []
    for anchor in ("Moscow and Washington", "Putin and Trump"):
        start, end = _span(store, 4, anchor, 40)
        claims.append(services.create_claim(store, "bob", 4, start, end).claim_id)
        for who, verdict in (("bob", "verified"), ("cyd", "conflicting")):
            services.set_verdict(store, who, claims[-1], verdict)
    panel = ReviewPanel(window.ops)
    dock = QDockWidget("Review", window)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    panel.reload()
    wait_idle(qtbot)
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)
    first = panel.current_item().claim_id
    qtbot.keyClick(panel.list, Qt.Key.Key_J)
    assert panel.current_item().claim_id != first
    with qtbot.waitSignal(panel.loaded):
        qtbot.keyClick(panel.list, Qt.Key.Key_1)
    assert panel.current_item().review["verdict"] == "verified"
    assert window.actions["undo"].text() == "Undo set review"
