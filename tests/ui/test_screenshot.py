"""Screenshots of the window on the demo corpus for a human to look at, at 1280x800 and
1920x1080, light and dark: tests/ui/artifacts/main_window_{size}_{scheme}.png. The right
column must fit: the proposal's header in view, no card wider than the panel."""

from __future__ import annotations

from desktop.core import services
from desktop.ui.suggest_flow import available as suggestions_available
from tests.ui.conftest import ANNOTATOR, ARTIFACTS, load_demo, wait_idle


def _label_some(window) -> None:
    """A few claims in different states, two of them overlapping, one with sources."""
    store, text = window.store, window.article.view.text
    spans = []
    for anchor, length in (("Donald Trump and his Russian", 160), ("Moscow and Kyiv", 40),
                           ("Putin spoke on the phone", 60)):
        start = text.index(anchor)
        spans.append((start, start + length))
    ids = [services.create_claim(store, ANNOTATOR, 2, s, e).claim_id for s, e in spans]
    services.set_verdict(store, ANNOTATOR, ids[0], "verified")
    services.set_verdict(store, ANNOTATOR, ids[2], "conflicting")
    services.add_source(store, ANNOTATOR, ids[2], url="https://www.reuters.com/world/", stance="contradicts",
                        title="Reuters: readout of the call")
    services.add_source(store, ANNOTATOR, ids[2], article_id=4, start=0, end=60, stance="supports")
    services.set_note(store, ANNOTATOR, ids[2], "EL PAÍS and cgtn differ on who called whom.")
    window.labeller.history.rebuild()
    window.open_article(2, ids[2])


def test_screenshot_of_the_main_window(open_window, qtbot):
    window = open_window()
    load_demo(qtbot, window)
    window.articles.select(2)
    if suggestions_available():
        window.suggester.start([2])
        wait_idle(qtbot, timeout=180_000)
    _label_some(window)
    qtbot.wait(400)  # the evidence panel's debounce, then its search
    wait_idle(qtbot, timeout=180_000)
    ARTIFACTS.mkdir(exist_ok=True)
    evidence = window.team.evidence
    assert evidence.cards, "no evidence for the screenshot's claim"
    evidence.add_current()  # an added card must not grow wider than the panel
    assert evidence.cards[0].added.isVisible()
    for width, height in ((1280, 800), (1920, 1080)):
        window.resize(width, height)
        qtbot.wait(100)
        evidence = window.team.evidence
        assert evidence.proposal_chip.isVisible()  # pinned above the scrolling matches
        inner = evidence.scroll.viewport().width()
        for card in evidence.cards:
            assert card.width() <= inner + 1, f"a card overflows at {width}x{height}"
        for scheme in ("light", "dark"):
            window.set_scheme(scheme, save=False)
            qtbot.wait(50)
            path = ARTIFACTS / f"main_window_{width}x{height}_{scheme}.png"
            assert window.grab().save(str(path))
            assert path.stat().st_size > 20_000
    # the dashboard opens large enough to read, in review mode's company
    window.resize(1280, 800)
    window.actions["dashboard"].trigger()
    qtbot.waitUntil(lambda: window.team.dashboard_dock.height() >= 0.4 * window.height())
    wait_idle(qtbot)
    for scheme in ("light", "dark"):
        window.set_scheme(scheme, save=False)
        qtbot.wait(50)
        assert window.grab().save(str(ARTIFACTS / f"dashboard_1280x800_{scheme}.png"))
    window.set_scheme("light", save=False)
