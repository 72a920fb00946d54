"""Clusters on a team's PostgreSQL database: built, labelled once, split and merged with
undo, exported with their keys, exactly as on SQLite (the same tests, run on the server)."""

from __future__ import annotations

import json

import pytest

from desktop.core import clusters
from desktop.core.export import export
from desktop.core.importing import import_paths
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from tests.conftest import SEEDS
from tests.core import test_clusters_edits as edits
from tests.fixtures.demo_facts import evidence_nlp

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_demo(pg_url):
    store = open_store(pg_url)
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    report = clusters.update_clusters(store, processes=1)
    assert report.rebuilt
    yield store
    store.close()


def test_clusters_build_label_once_and_apply_on_postgres(pg_demo):
    assert len(clusters.list_clusters(pg_demo)) >= 10
    edits.test_label_once_proposes_to_members_and_one_key_applies_it(pg_demo)
    edits.test_label_once_survives_a_rebuild(pg_demo)


def test_split_merge_undo_redo_on_postgres(pg_demo):
    edits.test_split_and_merge_are_undoable_and_logged(pg_demo)
    edits.test_a_rebuild_keeps_split_members_apart(pg_demo)


def test_incremental_update_and_export_keys_on_postgres(pg_demo, tmp_path):
    assert not clusters.update_clusters(pg_demo, processes=1).rebuilt  # nothing new
    view = clusters.list_clusters(pg_demo)[0]
    passage = view.members[0]
    out = tmp_path / "out.jsonl"
    from desktop.core.clusters.edits import apply_proposal, label_cluster

    label_cluster(pg_demo, "ana", view.id, "verified")
    apply_proposal(pg_demo, "ana", passage.id)
    export(pg_demo, "jsonl", out)
    keys = {c["cluster"] for line in out.read_text().splitlines() for c in json.loads(line)["claims"]}
    assert view.key in keys


@pytest.fixture
def pg_suggested(pg_url):
    from desktop.core.suggesting import compute_suggestions

    store = open_store(pg_url)
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    compute_suggestions(store, in_process=True)
    clusters.update_clusters(store, processes=1)
    yield store
    store.close()


def test_review_order_and_titles_on_postgres(pg_suggested):
    from tests.core import test_clusters_ranking as ranking

    ranking.test_no_demo_cluster_is_titled_by_a_fragment(pg_suggested)
    ranking.test_claims_and_suggestions_then_outlets_come_first(pg_suggested)
    ranking.test_labelling_a_fragment_does_not_make_it_the_title(pg_suggested)


def test_fragment_only_clusters_on_postgres(pg_url, tmp_path):
    from tests.core import test_clusters_ranking as ranking

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ranking.ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = open_store(pg_url)
    try:
        import_paths(store, [folder])
        ensure_index(store, nlp=evidence_nlp())
        clusters.update_clusters(store, processes=1)
        ranking.test_fragment_only_clusters_are_left_out(store)
        ranking.test_a_claim_keeps_a_fragment_cluster_listed(store)
    finally:
        store.close()
