"""Agreement dashboard: the numbers shown are the core's report on a small hand-made
dataset, the charts render, and empty or degenerate data is explained in words."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.ui import theme
from desktop.ui.widgets.dashboard import NEED_TWO, NO_LABELS, DashboardWidget
from tests.ui.conftest import ARTIFACTS, wait_idle

# claim -> verdict per annotator (None: marked without a verdict)
LABELS = {
    0: {"ana": "verified", "bob": "verified", "cyd": "verified"},
    1: {"ana": "verified", "bob": "conflicting"},
    2: {"ana": "conflicting", "bob": "conflicting"},
    3: {"ana": "unsupported", "bob": "unsupported"},
    4: {"cyd": None},
}


@pytest.fixture
def store(tmp_path):
    store = services.open_store(str(tmp_path / "agree.db"))
    services.import_paths(store, [services.demo_corpus_path()])
    yield store
    store.close()


def _label(store, labels=LABELS) -> None:
    for n, by in labels.items():
        claim = None
        for who, verdict in by.items():
            if claim is None:
                claim = services.create_claim(
                    store, who, 1 + n % 2, 10 + 50 * n, 40 + 50 * n
                ).claim_id
            services.set_verdict(store, who, claim, verdict)


def _dashboard(qtbot, store) -> DashboardWidget:
    dash = DashboardWidget(store)
    qtbot.addWidget(dash)
    dash.resize(1000, 900)
    dash.show()
    qtbot.waitExposed(dash)
    dash.refresh()
    wait_idle(qtbot)
    return dash


def test_numbers_match_the_core_report(qtbot, store):
    _label(store)
    dash = _dashboard(qtbot, store)
    report = services.agreement_report(store)
    assert dash.report == report
    assert dash.alpha.text() == f"α = {report.alpha:.2f}"
    pairs = {(p.a, p.b): p for p in report.pairs}
    ab = pairs["ana", "bob"]
    # by hand: 4 shared claims, 3 agree; expected (2*1 + 1*2 + 1*1) / 16 -> kappa 0.636
    assert ab.items == 4 and ab.kappa == pytest.approx((0.75 - 5 / 16) / (1 - 5 / 16))
    rows = {dash.table.item(r, 0).text(): r for r in range(dash.table.rowCount())}
    assert dash.table.rowCount() == 3
    r = rows["ana · bob"]
    assert dash.table.item(r, 1).text() == "4"
    assert dash.table.item(r, 2).text() == "75%"
    assert dash.table.item(r, 3).text() == "0.64"
    assert dash.table.item(rows["bob · cyd"], 3).text() == "1.00 *"  # one shared claim: chance only
    assert dash.progress.rows == [(p.annotator, p.claims, p.with_verdict) for p in report.progress]
    assert ("cyd", 2, 1) in dash.progress.rows
    assert dash.distribution.rows[0] == ("ana", {"verified": 2, "conflicting": 1, "unsupported": 1})
    dash.table.selectRow(r)
    assert dash.heat.matrix == ab.confusion and (dash.heat.a, dash.heat.b) == ("ana", "bob")
    assert not dash.message.isVisible()


def _distinct_colors(image: QImage) -> int:
    seen = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_charts_render(qtbot, store):
    theme.apply(QApplication.instance(), "light")
    _label(store)
    dash = _dashboard(qtbot, store)
    qtbot.wait(50)
    for chart in (dash.progress, dash.distribution, dash.heat):
        assert chart.height() > 20 and _distinct_colors(chart.grab().toImage()) > 3
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "dashboard.png"
    assert dash.grab().save(str(path))
    assert _distinct_colors(QImage(str(path))) > 10


def test_empty_and_single_annotator_are_explained(qtbot, store):
    dash = _dashboard(qtbot, store)
    assert dash.message.text() == NO_LABELS and dash.alpha.text() == "—"
    assert not dash.charts_box.isVisible()
    _label(store, {0: {"ana": "verified"}, 1: {"ana": "conflicting"}})
    dash.refresh()
    wait_idle(qtbot)
    assert dash.message.text().startswith(NEED_TWO)
    assert dash.charts_box.isVisible() and not dash.heat_box.isVisible()
    assert dash.alpha_note.text() == ""  # said once, in the message, not twice
