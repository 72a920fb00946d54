"""Cluster keys read back on import (issue 14): a teammate's JSONL export states each
claim's cluster; importing it keeps that membership (their split or merge survives), and
after importing each other's exports both databases name every claim's cluster alike."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from desktop.core import clusters
from desktop.core.clusters.edits import merge_clusters, split_member
from desktop.core.clusters.tables import ClaimCluster, ClusterMember
from desktop.core.export import export
from desktop.core.importing import import_paths
from desktop.core.labelling import create_claim
from desktop.core.models import Article
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from tests.conftest import SEEDS
from tests.fixtures.demo_facts import FACTS, demo_articles, evidence_nlp, span_of


def _clustered(location: str, reverse: bool = False):
    """The demo corpus (imported in either order), every labelled mention a claim, clustered."""
    store = open_store(location)
    for p in sorted(SEEDS.glob("*.txt"), reverse=reverse):
        import_paths(store, [p])
    ensure_index(store, nlp=evidence_nlp())
    arts = demo_articles(store)
    for f in FACTS:
        for prefix, text in f.mentions:
            create_claim(store, "ana", *span_of(arts, prefix, text))
    clusters.update_clusters(store, processes=1)
    return store


def keys_of(store) -> dict[tuple[str, int, int], str]:
    """(article sha256, start, end) of each clustered claim -> its cluster key."""
    with store.session() as s:
        rows = s.exec(
            select(Article.sha256, ClusterMember.start, ClusterMember.end, ClaimCluster.key)
            .join(ClusterMember, ClusterMember.article_id == Article.id)
            .join(ClaimCluster, ClaimCluster.id == ClusterMember.cluster_id)
            .where(ClusterMember.claim_id.is_not(None))
        ).all()
    return {(sha, a, b): key for sha, a, b, key in rows}


def _export(store, path) -> dict[tuple[str, int, int], str]:
    export(store, "jsonl", path)
    stated = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for c in rec["claims"]:
            if c["cluster"] is not None:
                stated[rec["meta"]["sha256"], c["start"], c["end"]] = c["cluster"]
    return stated


def _claim_member(store, phrase: str):
    return next(m for v in clusters.list_clusters(store, differences=False)
                for m in v.members if m.claim_id and phrase in m.text)


def _teammates_shape(store) -> None:
    """A split (Mark Folger's report taken out of the Fogel cluster) and a merge of two
    clusters, as a teammate would make them."""
    folger = _claim_member(store, "Mark Folger")
    split_member(store, "bo", folger.id)
    views = [v for v in clusters.list_clusters(store, differences=False)
             if not v.manual and any(m.claim_id for m in v.members)]
    merge_clusters(store, "bo", views[0].id, views[1].id)


def test_a_teammates_split_and_merge_survive_the_import(tmp_path, mine_at=None):
    theirs = _clustered(str(tmp_path / "theirs.db"))
    _teammates_shape(theirs)
    stated = _export(theirs, tmp_path / "theirs.jsonl")
    assert len(set(stated.values())) >= 5

    # Other article ids, same content (on PostgreSQL too: a laptop's export into the team's)
    mine = _clustered(mine_at or str(tmp_path / "mine.db"), reverse=True)
    report = import_paths(mine, [tmp_path / "theirs.jsonl"])
    assert not report.problems and report.clusters_kept == []
    mine_keys = keys_of(mine)
    assert all(mine_keys[claim] == key for claim, key in stated.items())
    # The split member is alone here too, and a rebuild keeps what the file stated.
    clusters.rebuild_clusters(mine, processes=1)
    assert all(keys_of(mine)[claim] == key for claim, key in stated.items())
    theirs.close()
    mine.close()


def test_after_importing_each_others_exports_both_databases_agree(tmp_path, b_at=None):
    a, b = _clustered(str(tmp_path / "a.db")), _clustered(b_at or str(tmp_path / "b.db"), True)
    _teammates_shape(a)  # only A's analyst shaped clusters
    _export(a, tmp_path / "a.jsonl")
    _export(b, tmp_path / "b.jsonl")
    import_paths(a, [tmp_path / "b.jsonl"])
    import_paths(b, [tmp_path / "a.jsonl"])
    assert keys_of(a) == keys_of(b)
    a.close()
    b.close()


def test_an_export_imported_into_an_empty_database_keeps_its_clusters(tmp_path):
    theirs = _clustered(str(tmp_path / "theirs.db"))
    _teammates_shape(theirs)
    stated = _export(theirs, tmp_path / "theirs.jsonl")
    empty = open_store(str(tmp_path / "empty.db"))
    import_paths(empty, [tmp_path / "theirs.jsonl"])
    assert keys_of(empty) == stated
    again = _export(empty, tmp_path / "again.jsonl")
    assert again == stated  # the round trip names every claim's cluster alike
    theirs.close()
    empty.close()


def test_an_analysts_own_split_is_not_undone_by_a_teammates_file(tmp_path):
    a, b = _clustered(str(tmp_path / "a.db")), _clustered(str(tmp_path / "b.db"))
    folger = _claim_member(b, "Mark Folger")
    split_member(b, "cy", folger.id)  # B's analyst split it
    _export(a, tmp_path / "a.jsonl")  # A still has it in the Fogel cluster
    before = keys_of(b)
    report = import_paths(b, [tmp_path / "a.jsonl"])
    assert keys_of(b) == before
    assert len(report.clusters_kept) == 1 and "placed in cluster" in report.clusters_kept[0]
    a.close()
    b.close()


@pytest.mark.parametrize("value,message", [
    (5, "cluster must be a string or null, not a number"),
    ("", "is not a cluster key"),
    ("x" * 41, "is not a cluster key"),
    ("a b", "is not a cluster key"),
])
def test_a_bad_cluster_key_is_named_with_its_line(tmp_path, value, message):
    rec = {"text": "Putin invited Trump to Moscow on Wednesday, the Kremlin said.",
           "claims": [{"start": 0, "end": 29, "cluster": value}]}
    good = {"text": "Another article about the call.", "claims": []}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(rec) + "\n", encoding="utf-8")
    store = open_store(str(tmp_path / "bad.db"))
    report = import_paths(store, [path])
    assert [(p.line, message in p.reason) for p in report.problems] == [(2, True)], [
        p.reason for p in report.problems]
    assert len(report.added) == 1  # the good line still went in
    store.close()


@pytest.mark.postgres
def test_a_teammates_clusters_reach_the_team_database_on_postgres(tmp_path, pg_url):
    test_a_teammates_split_and_merge_survive_the_import(tmp_path, mine_at=pg_url)


@pytest.mark.postgres
def test_a_laptop_and_the_team_database_agree_on_postgres(tmp_path, pg_url):
    test_after_importing_each_others_exports_both_databases_agree(tmp_path, b_at=pg_url)


def test_the_cli_says_which_claims_kept_their_cluster_here(tmp_path, capsys):
    from desktop.cli import main

    a, b = _clustered(str(tmp_path / "a.db")), _clustered(str(tmp_path / "b.db"))
    split_member(b, "cy", _claim_member(b, "Mark Folger").id)
    _export(a, tmp_path / "a.jsonl")
    a.close()
    b.close()
    assert main(["--db", str(tmp_path / "b.db"), "import", str(tmp_path / "a.jsonl"),
                 "--json"]) == 0
    kept = json.loads(capsys.readouterr().out)["clusters_kept"]
    assert len(kept) == 1 and "was not applied" in kept[0]
