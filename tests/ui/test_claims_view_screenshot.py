"""The Claims view in a real 1280x800 window on the demo corpus with its suggestions (as
a user who loads the demo sees it), light and dark: tests/ui/artifacts/claims_view_*.png.
At that size the rows read: titles elided (no sideways scroll bar), clusters the suggester
picked first, member cards headed by their outlet and no taller than their text needs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.ui.suggest_flow import available as suggestions_available
from desktop.ui.widgets.claims_view import BODY_MAX_HEIGHT
from tests.ui.conftest import ARTIFACTS, load_demo, wait_idle


def test_screenshot_of_the_claims_view(open_window, qtbot):
    window = open_window(auto_suggest=suggestions_available())
    window.resize(1280, 800)
    load_demo(qtbot, window)
    wait_idle(qtbot, timeout=180_000)
    window.actions["claims_view"].trigger()
    with qtbot.waitSignal(window.claims.listed, timeout=60_000):
        pass
    wait_idle(qtbot)
    qtbot.wait(100)
    view = window.claims.view
    assert len(view.clusters) >= 10
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        window.set_scheme(scheme, save=False)
        qtbot.wait(50)
        path = ARTIFACTS / f"claims_view_1280x800_{scheme}.png"
        assert window.grab().save(str(path))
        assert path.stat().st_size > 20_000
    window.set_scheme("light", save=False)

    # the list: long titles are elided, never scrolled to
    assert not view.list.horizontalScrollBar().isVisible()
    assert any(len(v.title) > 80 for v in view.clusters)
    # rows: two lines, a third only for a cluster whose members differ
    heights = {bool(v.differing): view.list.visualItemRect(view.list.item(i)).height()
               for i, v in enumerate(view.clusters)}
    assert heights.get(True, 10**6) > heights.get(False, 0)
    assert all("no differences" not in view.list.item(i).text() for i in range(view.list.count()))
    # order: the suggester's picks first; no cluster titled by a fragment
    if suggestions_available():
        first = view.clusters[0]
        assert any(m.suggested for m in first.members)
    assert "Then He Calls Zelensky Too" not in {v.title for v in view.clusters}
    assert "US President Donald Trump." not in {v.title for v in view.clusters}

    # the cards: the outlet heads each card (the file name only when the article has none)
    headers = set()
    for row in range(len(view.clusters)):
        view.list.setCurrentRow(row)
        for card in view.cards:
            m = card.member
            assert card.outlet.text() == (m.source or m.origin)
            assert card.title.objectName() == "muted"
            headers.add(card.outlet.text())
        if row < 8:
            qtbot.wait(10)  # laid out at the panel's width
            for card in view.cards:
                assert card.body.height() <= BODY_MAX_HEIGHT
                assert card.height() < view.scroll.viewport().height() / 2  # sized to its text
    assert {"EL PAÍS", "ANSA", "Reuters"} <= headers

    # a cluster whose members differ, labelled once and one member applied
    row = next(i for i, v in enumerate(view.clusters) if v.differing)
    view.list.setCurrentRow(row)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_1)
    qtbot.keyClick(view.list, Qt.Key.Key_A)
    wait_idle(qtbot)
    qtbot.wait(50)
    assert view.clusters[row].verdict == "verified"
    for scheme in ("light", "dark"):
        window.set_scheme(scheme, save=False)
        qtbot.wait(50)
        assert window.grab().save(str(ARTIFACTS / f"claims_view_labelled_1280x800_{scheme}.png"))
    window.set_scheme("light", save=False)
