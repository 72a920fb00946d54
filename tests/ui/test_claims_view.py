"""The Claims view with real widgets on the demo corpus: clusters listed with their
outlets and differences, label once with a key, each member's proposal applied with one
key (a passage becomes a claim), split and merge by key and undone; the keystrokes it takes
to give every clustered report a verdict."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core import clusters
from desktop.core.importing import import_paths
from desktop.core.labelling import undo
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from desktop.ui.claims_flow import ClaimsFlow
from desktop.ui.widgets.claims_view import member_html
from tests.conftest import SEEDS
from tests.fixtures.demo_facts import evidence_nlp
from tests.ui.conftest import wait_idle


@pytest.fixture
def demo(tmp_path):
    store = open_store(str(tmp_path / "claims.db"))
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    yield store
    store.close()


@pytest.fixture
def flow(qtbot, demo):
    f = ClaimsFlow(demo, "ana")
    qtbot.addWidget(f.view)
    f.view.resize(1300, 700)
    f.view.show()
    f.view.activateWindow()
    qtbot.waitExposed(f.view)
    with qtbot.waitSignal(f.listed, timeout=60_000):
        f.update()  # the first run builds every cluster, in the background
    wait_idle(qtbot)
    f.view.list.setFocus()
    yield f
    f.stop()
    wait_idle(qtbot)


def press(qtbot, flow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(flow.view.list, key, modifier)


def test_clusters_are_listed_with_outlets_and_differences(flow):
    v = flow.view
    assert len(v.clusters) >= 10
    texts = [v.list.item(i).text() for i in range(v.list.count())]
    assert all("outlets" in t and "members" in t for t in texts)
    assert any("differs —" in t for t in texts)
    assert len(v.cards) == len(v.clusters[0].members) >= 2  # side by side


def test_differing_spans_are_marked_in_the_cards(flow):
    v = flow.view
    with_diff = next(c for c in v.clusters if c.differing)
    m = with_diff.differing[0]
    html = member_html(m)
    assert "<span" in html and m.differences[0].message.split(":")[0] in html


def test_label_once_then_one_key_per_member(qtbot, flow, demo):
    v = flow.view
    press(qtbot, flow, Qt.Key.Key_1)  # the cluster: verified
    cluster = v.current_cluster()
    assert cluster.verdict == "verified"
    n = len(cluster.members)
    for _ in range(n):
        press(qtbot, flow, Qt.Key.Key_A)  # apply, then on to the next member
    after = clusters.cluster_view(demo, cluster.id, "ana")
    assert all(m.verdict is not None for m in after.members)
    assert all(m.claim_id is not None for m in after.members)  # passages became claims
    assert {m.verdict for m in after.members if not m.differences} <= {"verified"}
    assert {m.verdict for m in after.members if m.differences} <= {"conflicting"}


def test_split_and_merge_by_key_and_undo(qtbot, flow, demo):
    v = flow.view
    first = v.current_cluster()
    n = len(first.members)
    press(qtbot, flow, Qt.Key.Key_L)
    press(qtbot, flow, Qt.Key.Key_S)  # split the second member out
    wait_idle(qtbot)
    assert len(clusters.cluster_view(demo, first.id).members) == n - 1
    undo(demo, "ana")
    assert len(clusters.cluster_view(demo, first.id).members) == n
    flow.reload()
    wait_idle(qtbot)
    press(qtbot, flow, Qt.Key.Key_Space)  # mark the first cluster
    press(qtbot, flow, Qt.Key.Key_J)
    other = v.current_cluster()
    press(qtbot, flow, Qt.Key.Key_M)  # merge the marked one into this one
    wait_idle(qtbot)
    assert clusters.cluster_view(demo, first.id) is None
    assert len(clusters.cluster_view(demo, other.id).members) == n + len(other.members)


def test_keystrokes_to_label_every_clustered_report(qtbot, flow, demo):
    """By cluster: a digit labels the cluster, one key per member applies it (the last one
    moves on to the next cluster).
    By article (the reader's j/k over the same reports as claims, a digit each, n per
    article) is counted from the same members; creating the claims from passages there
    takes a selection each, which is not even counted."""
    v = flow.view
    passages = sum(1 for c in v.clusters for m in c.members if m.claim_id is None)
    keys = 0
    for row in range(len(v.clusters)):
        assert v.list.currentRow() == row  # the last member's key moved on to this cluster
        press(qtbot, flow, Qt.Key.Key_1)
        keys += 1
        for _ in v.current_cluster().members:
            press(qtbot, flow, Qt.Key.Key_A)
            keys += 1
    views = clusters.list_clusters(demo, "ana")
    reports = [m for c in views for m in c.members]
    assert reports and all(m.verdict is not None for m in reports)
    articles = {m.article_id for m in reports}
    by_article = 2 * len(reports) + len(articles)  # j + digit per report, n per article
    print(f"\nkeystrokes to give {len(reports)} clustered reports in {len(views)} clusters a "
          f"verdict: by cluster {keys}, by article at least {by_article} "
          f"(+ a selection and c for each of the {passages} passages that were no claims yet)")
    assert keys < by_article


def test_the_window_switches_to_the_claims_view_and_back(qtbot, open_window, db_path):
    store = open_store(str(db_path))
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    store.close()
    window = open_window()
    pages = window.team.pages
    window.actions["claims_view"].trigger()  # Ctrl+Shift+C
    assert pages.currentWidget() is window.claims.view
    with qtbot.waitSignal(window.claims.listed, timeout=60_000):
        pass
    wait_idle(qtbot)
    assert window.claims.view.clusters
    window.claims.view.list.setFocus()
    qtbot.keyClick(window.claims.view.list, Qt.Key.Key_Escape)
    assert pages.currentWidget() is pages.widget(0)


def test_hostile_text_in_clusters_is_shown_literally(qtbot):
    """Article text, titles and outlets are data: rows are drawn as plain text, card labels
    are PlainText, tool tips are escaped, marks are escaped inside our own markup."""
    from desktop.core.clusters import ClusterView, MemberView
    from desktop.core.clusters.differences import MemberDifference
    from desktop.ui.widgets.claims_view import ClaimsView, row_text

    img = "<img src='/dev/zero'>"
    text = f"Trump said {img} 90 minutes <b>long</b> in a call."
    diff = MemberDifference("number", f"90 vs {img}", 10 + len(img) + 1, 10 + len(img) + 3, "90", 1)
    members = [
        MemberView(i, i, f"Title {img}", f"Outlet {img}" if i else None, f"{img}.txt", 0,
                   len(text), text, None, None, False, 1.0, [diff] if i else [])
        for i in range(2)
    ]
    view = ClaimsView()
    qtbot.addWidget(view)
    view.show_clusters([ClusterView(1, "k", None, None, [], False, members)])
    assert img in row_text(view.clusters[0]) and img in view.list.item(0).text()
    assert "&lt;img" in view.list.item(0).toolTip()
    assert [c.outlet.text() for c in view.cards] == [f"{img}.txt", f"Outlet {img}"]
    for card in view.cards:
        for label in (card.outlet, card.title, card.state):
            assert label.textFormat() == Qt.TextFormat.PlainText
        assert card.body.toPlainText() == text  # the marked span is escaped, not rendered
    assert view.status.textFormat() == Qt.TextFormat.PlainText
