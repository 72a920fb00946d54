"""Every view redraws from the one change bus (ops.changed): the dashboard after a label,
the article list after suggestions, and 1/2/3 on a suggestion accepts and labels it."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from desktop.core import services
from desktop.core.changes import suggested
from desktop.core.suggesting import save
from tests.ui.conftest import ANNOTATOR, load_demo, wait_idle


def _suggest(store, article_id: int) -> tuple[int, int]:
    """One stored suggestion on the article's second sentence (the real suggester is
    tested elsewhere; this is about the window's redraws)."""
    text = services.article_view(store, article_id, ANNOTATOR).text
    start = text.index(". ") + 2
    end = text.index(".", start) + 1
    save(store, article_id, "bus-test", "1",
         [SimpleNamespace(start=start, end=end, score=0.95, reasons=["a test reason"])])
    return start, end


def test_the_dashboard_redraws_after_a_label(open_window, qtbot):
    window = open_window()
    load_demo(qtbot, window)
    store = window.store
    text = window.article.view.text
    claim = services.create_claim(store, "bob", window.article.article_id, 0, text.index(" ", 30))
    services.set_verdict(store, "bob", claim.claim_id, "verified")
    window.actions["dashboard"].trigger()
    qtbot.waitUntil(lambda: window.team.dashboard_dock.height() >= 0.4 * window.height())
    wait_idle(qtbot)
    before = {p.annotator: p.with_verdict for p in window.team.dashboard.report.progress}
    assert ANNOTATOR not in before
    with qtbot.waitSignal(window.team.dashboard.refreshed, timeout=20_000) as sig:
        made = window.labeller.create_claim(window.article.article_id, 0, text.index(" ", 30))
        window.labeller.set_verdict(made.claim_id, "conflicting")
    wait_idle(qtbot)
    progress = {p.annotator: p.with_verdict for p in window.team.dashboard.report.progress}
    assert progress.get(ANNOTATOR) == 1, sig.args


def test_suggestions_finishing_redraw_the_list_and_the_article(open_window, qtbot):
    window = open_window()
    load_demo(qtbot, window)
    other = next(window.articles.model.row_at(r).id for r in range(5)
                 if window.articles.model.row_at(r).id != window.article.article_id)
    _suggest(window.store, other)
    _suggest(window.store, window.article.article_id)
    reloaded = []
    window.articles.model.modelReset.connect(lambda: reloaded.append(1))
    window.ops.publish(suggested([other, window.article.article_id]))
    assert reloaded, "the article list did not redraw"
    assert window.article.view.suggestions  # the open article too


def test_a_verdict_key_on_a_suggestion_accepts_and_labels_it(open_window, qtbot):
    window = open_window()
    load_demo(qtbot, window)
    start, end = _suggest(window.store, window.article.article_id)
    window.ops.publish(suggested([window.article.article_id]))
    window.reader.setFocus()
    qtbot.waitUntil(window.reader.hasFocus)
    qtbot.keyClick(window.reader, Qt.Key.Key_J)
    assert window.article.suggestion() is not None
    qtbot.keyClick(window.reader, Qt.Key.Key_3)
    claim = window.article.claim()
    assert claim is not None and (claim.start, claim.end) == (start, end)
    assert claim.origin == "suggested" and claim.verdict == "unsupported"
    assert window.actions["undo"].text() == "Undo set verdict"


def test_making_a_teammates_claim_again_goes_to_it(open_window, qtbot):
    """Nothing new is stored (the claim exists), but Enter still lands on that claim."""
    window = open_window()
    load_demo(qtbot, window)
    text = window.article.view.text
    end = text.index(" ", 30)
    theirs = services.create_claim(window.store, "bob", window.article.article_id, 0, end)
    window.article.refresh()
    window.reader.select_text(0, end)
    window.create_claim()
    claim = window.article.claim()
    assert claim is not None and claim.id == theirs.claim_id
    window.set_verdict("verified")
    assert services.article_view(window.store, window.article.article_id, ANNOTATOR) \
        .claims[0].verdict == "verified"
