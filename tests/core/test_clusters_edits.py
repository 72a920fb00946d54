"""Label once, apply each member's proposal, split and merge: durable, in the event log,
undone and redone by the same undo as labels; rebuilds keep what an analyst shaped."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.core import clusters
from desktop.core.clusters.edits import apply_proposal, label_cluster, merge_clusters, split_member
from desktop.core.importing import import_paths
from desktop.core.labelling import LabelError, redo, undo
from desktop.core.models import Event, Label
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from tests.conftest import SEEDS
from tests.fixtures.demo_facts import evidence_nlp


@pytest.fixture
def demo(tmp_path):
    store = open_store(str(tmp_path / "edits.db"))
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    clusters.update_clusters(store, processes=1)
    yield store
    store.close()


def _find(store, phrase: str):
    return next(v for v in clusters.list_clusters(store, "ana") if any(phrase in m.text for m in v.members))


def _mixed(store):
    """A cluster where some members differ from the others and some agree."""
    return next(
        v
        for v in clusters.list_clusters(store, "ana")
        if any(m.differences for m in v.members) and any(not m.differences for m in v.members)
    )


def test_label_once_proposes_to_members_and_one_key_applies_it(demo):
    mixed = _mixed(demo)
    label_cluster(demo, "ana", mixed.id, "verified",
                  sources=[{"url": "https://www.state.gov/fogel", "stance": "supports"}])
    view = clusters.cluster_view(demo, mixed.id, "ana")
    assert view.verdict == "verified"
    differing = [m for m in view.members if m.differences]
    agreeing = [m for m in view.members if not m.differences]
    # A member that disagrees with the others stays apart: it is proposed "conflicting".
    assert all(m.proposal.differs and m.proposal.verdict == "conflicting" for m in differing)
    assert all(m.proposal.verdict == "verified" for m in agreeing)
    target = next((m for m in agreeing if m.claim_id is None), agreeing[0])
    change = apply_proposal(demo, "ana", target.id)
    after = clusters.cluster_view(demo, mixed.id, "ana")
    applied = next(m for m in after.members if m.id == target.id)
    assert applied.claim_id == change.claim_id and applied.verdict == "verified"
    with demo.session() as s:
        label = s.exec(select(Label).where(Label.claim_id == change.claim_id)).one()
        assert label.verdict == "verified"
    undo(demo, "ana")  # one undo takes the claim, label and source back
    again = clusters.cluster_view(demo, mixed.id, "ana")
    assert next(m for m in again.members if m.id == target.id).verdict is None


def test_a_member_can_take_another_verdict_than_proposed(demo):
    view = _mixed(demo)
    label_cluster(demo, "ana", view.id, "verified")
    member = view.members[0]
    apply_proposal(demo, "ana", member.id, verdict="unsupported")
    assert next(
        m for m in clusters.cluster_view(demo, view.id, "ana").members if m.id == member.id
    ).verdict == "unsupported"


def test_apply_without_a_cluster_verdict_is_a_clear_error(demo):
    view = clusters.list_clusters(demo)[0]
    with pytest.raises(LabelError, match="no verdict"):
        apply_proposal(demo, "ana", view.members[0].id)


def test_split_and_merge_are_undoable_and_logged(demo):
    view = clusters.list_clusters(demo)[0]
    n = len(view.members)
    member = view.members[-1]
    split_member(demo, "ana", member.id)
    assert len(clusters.cluster_view(demo, view.id).members) == n - 1
    alone = next(v for v in clusters.list_clusters(demo) if any(m.id == member.id for m in v.members))
    assert len(alone.members) == 1 and alone.manual
    merge_clusters(demo, "ana", view.id, alone.id)
    assert len(clusters.cluster_view(demo, view.id).members) == n
    assert clusters.cluster_view(demo, alone.id) is None
    with demo.session() as s:
        actions = [e.action for e in s.exec(select(Event).order_by(Event.id))]
    assert actions[-2:] == ["split_cluster_member", "merge_clusters"]
    undo(demo, "ana")  # the merge
    assert clusters.cluster_view(demo, alone.id) is not None
    undo(demo, "ana")  # the split
    assert clusters.cluster_view(demo, alone.id) is None
    assert len(clusters.cluster_view(demo, view.id).members) == n
    redo(demo, "ana")
    assert len(clusters.cluster_view(demo, view.id).members) == n - 1


def test_a_rebuild_keeps_split_members_apart(demo):
    view = clusters.list_clusters(demo)[0]
    member = view.members[-1]
    split_member(demo, "ana", member.id)
    clusters.rebuild_clusters(demo, processes=1)
    holder = [v for v in clusters.list_clusters(demo) if any(
        (m.article_id, m.start, m.end) == (member.article_id, member.start, member.end)
        for m in v.members)]
    assert len(holder) == 1 and len(holder[0].members) == 1


def test_label_once_survives_a_rebuild(demo):
    view = _find(demo, "Mark Folger")
    label_cluster(demo, "ana", view.id, "verified")
    clusters.rebuild_clusters(demo, processes=1)
    assert _find(demo, "Mark Folger").verdict == "verified"  # found again by its key


def test_bad_inputs_are_clear(demo):
    view = clusters.list_clusters(demo)[0]
    with pytest.raises(ValueError):
        label_cluster(demo, "ana", view.id, "maybe")
    with pytest.raises(LabelError, match="web address"):
        label_cluster(demo, "ana", view.id, "verified", sources=[{"url": "ftp://x"}])
    with pytest.raises(LabelError, match="no longer exists"):
        split_member(demo, "ana", 999_999)
    with pytest.raises(LabelError, match="itself"):
        merge_clusters(demo, "ana", view.id, view.id)
