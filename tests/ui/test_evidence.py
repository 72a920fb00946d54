"""Evidence panel on the demo corpus with the real spaCy model: a claim about the
90-minute call finds the other outlets' reports, a key adds one as a source with the
proposed stance, requests are debounced, and "nothing found" is said in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.core.desk import Desk
from desktop.ui import theme
from desktop.ui.labeller import Labeller
from desktop.ui.ops import Ops
from desktop.ui.widgets.evidence_panel import NOTHING, EvidencePanel
from tests.ui.conftest import ARTIFACTS, wait_idle

CALL = "Moscow and Washington announced"  # cgtn (article 4): the 90-minute phone conversation


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One demo database for the module (indexing it loads spaCy: do it once)."""
    store = services.open_store(str(tmp_path_factory.mktemp("evidence") / "demo.db"))
    services.import_paths(store, [services.demo_corpus_path()])
    yield store
    store.close()


def _claim(store, article_id: int, anchor: str, until: str) -> tuple[int, int, int]:
    text = services.article_view(store, article_id, "ana").text
    start = text.index(anchor)
    end = text.index(until, start) + len(until)
    change = services.create_claim(store, "ana", article_id, start, end)
    return change.claim_id, start, end


def _panel(qtbot, store) -> EvidencePanel:
    panel = EvidencePanel(Labeller(Ops(Desk(store, "ana"))))
    qtbot.addWidget(panel)
    panel.resize(560, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _wait_results(qtbot, panel: EvidencePanel) -> None:
    qtbot.waitUntil(lambda: not panel.search.busy, timeout=120_000)
    wait_idle(qtbot)
    assert panel.pages.currentWidget() is panel.results_page


def test_call_claim_finds_other_outlets_and_adds_a_source_by_key(qtbot, corpus):
    claim_id, start, end = _claim(corpus, 4, CALL, "peace negotiations.")
    panel = _panel(qtbot, corpus)
    panel.show_claim(4, claim_id, start, end)
    assert panel.pages.currentWidget() is not panel.results_page  # debounced, then searching
    _wait_results(qtbot, panel)
    matches = panel.result.matches
    assert len(matches) >= 3 and all(m.article_id != 4 for m in matches)
    assert len({m.source for m in matches}) >= 3  # several outlets report the call
    assert panel.result.proposal.verdict in ("verified", "conflicting")
    assert panel.proposal_chip.text() == f"Proposal: {panel.result.proposal.verdict}"
    assert panel.reasons.text()

    first = panel.cards[0].match
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Return)  # proposed stance preselected
    sources = _sources(corpus, 4, claim_id)
    assert [(s.article_id, s.start, s.end, s.stance) for s in sources] == [
        (first.article_id, first.start, first.end, first.proposed_stance)
    ]
    assert not panel.cards[0].add_button.isEnabled()  # marked as added

    qtbot.keyClick(panel, Qt.Key.Key_J)
    second = panel.current_match()
    qtbot.keyClick(panel, Qt.Key.Key_S)
    assert _sources(corpus, 4, claim_id)[-1].stance == "supports"
    assert _sources(corpus, 4, claim_id)[-1].article_id == second.article_id

    with qtbot.waitSignal(panel.open_article) as sig:
        qtbot.keyClick(panel, Qt.Key.Key_O)
    assert sig.args == [second.article_id, second.start, second.end]
    with qtbot.waitSignal(panel.apply_verdict) as sig:
        panel.apply.click()
    assert sig.args == [claim_id, panel.result.proposal.verdict]
    assert services.article_view(corpus, 4, "ana").claims[0].verdict is None  # only a proposal

    theme.apply(QApplication.instance(), "light")
    panel._select(0)
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "evidence.png"
    assert panel.grab().save(str(path))
    assert path.stat().st_size > 20_000


def _sources(store, article_id: int, claim_id: int):
    view = services.article_view(store, article_id, "ana")
    claim = next(c for c in view.claims if c.id == claim_id)
    return claim.mine.sources if claim.mine else []


def test_fast_selection_changes_search_once_for_the_last(qtbot, corpus):
    panel = _panel(qtbot, corpus)
    text = services.article_view(corpus, 4, "ana").text
    started = []
    panel.search.searching.connect(started.append)
    for n in range(5):  # j j j j j through claims
        panel.show_claim(4, None, 10 * n, 10 * n + 60)
        qtbot.wait(20)
    s = text.index(CALL)
    panel.show_claim(4, None, s, s + 120)
    _wait_results(qtbot, panel)
    assert len(started) == 1 and started[0].start == s
    assert not panel.apply.isEnabled()  # a span without a claim: nothing to apply it to


def test_nothing_found_is_said_in_words(qtbot, corpus):
    claim_id, start, end = _claim(corpus, 2, "I am hopeful that the results", "will be positive.")
    panel = _panel(qtbot, corpus)
    panel.show_claim(2, claim_id, start, end)
    _wait_results(qtbot, panel)
    assert panel.result.matches == [] and not panel.cards
    assert panel.nothing.isVisible() and panel.nothing.text() == NOTHING
    assert panel.result.proposal.verdict == "unsupported"
    panel.clear()
    assert panel.pages.currentWidget() is panel.idle


def test_discrepant_words_are_marked_in_the_sentence(qtbot, corpus):
    claim_id, start, end = _claim(corpus, 3, "Witkoff, previously known", "since 2021.")
    panel = _panel(qtbot, corpus)
    panel.show_claim(3, claim_id, start, end)
    _wait_results(qtbot, panel)
    card = next(c for c in panel.cards if any(d.kind == "name" for d in c.match.discrepancies))
    assert "text-decoration: underline" in card.sentence.text()
    assert ">Mark Folger</span>" in card.sentence.text()


def test_a_proposal_never_overrides_the_analysts_verdict(qtbot, corpus):
    claim_id, start, end = _claim(corpus, 4, CALL, "peace negotiations.")
    panel = _panel(qtbot, corpus)
    panel.show_claim(4, claim_id, start, end, [], verdict="unsupported")
    _wait_results(qtbot, panel)
    assert panel.strength.text().startswith(("Weak", "Moderate"))
    assert not panel.apply.isEnabled() and "never overrides" in panel.apply.toolTip()
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # apply key
    assert services.article_view(corpus, 4, "ana").claims[0].verdict is None
