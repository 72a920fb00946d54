"""Cluster quality on the held-out cases (tests/fixtures/heldout_facts.py): three new wire
reports and unlabelled parts of seed sentences, made claims next to every labelled demo
mention; pairwise precision and recall over the pairs that involve a held-out claim."""

from __future__ import annotations

import itertools

import pytest

from desktop.core import clusters
from desktop.core.importing import import_paths
from desktop.core.labelling import create_claim
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from tests.conftest import SEEDS
from tests.fixtures.demo_facts import FACTS, SINGLES, demo_articles, evidence_nlp, span_of
from tests.fixtures.heldout_facts import CASES, write_articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("heldout_clusters")
    store = open_store(str(root / "heldout.db"))
    import_paths(store, [SEEDS, *write_articles(root / "wires")])
    ensure_index(store, nlp=evidence_nlp())
    arts = demo_articles(store)
    facts: dict[int, tuple[frozenset[str], str, bool]] = {}  # claim -> (facts, prefix, held out)
    for f in FACTS:
        for p, t in f.mentions:
            facts[create_claim(store, "gold", *span_of(arts, p, t)).claim_id] = (
                frozenset({f.name}), p, False)
    for i, (p, t) in enumerate(SINGLES):
        facts[create_claim(store, "gold", *span_of(arts, p, t)).claim_id] = (
            frozenset({f"single {i}"}), p, False)
    for i, c in enumerate(CASES):
        cid = create_claim(store, "gold", *span_of(arts, c.prefix, c.claim)).claim_id
        facts[cid] = (frozenset(c.facts or {f"held-out single {i}"}), c.prefix, True)
    clusters.rebuild_clusters(store, processes=1)
    yield store, facts
    store.close()


def test_heldout_cluster_precision_and_recall(corpus):
    store, facts = corpus
    where = {m.claim_id: v.id for v in clusters.list_clusters(store, differences=False)
             for m in v.members if m.claim_id is not None}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(facts), 2):
        (fa, pa, ha), (fb, pb, hb) = facts[a], facts[b]
        if pa == pb or not (ha or hb):
            continue
        gold = bool(fa & fb)
        pred = a in where and where.get(a) == where.get(b)
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"\nheld-out clusters: pairs with a held-out claim: precision {precision:.2f} "
          f"recall {recall:.2f} (tp {tp}, fp {fp}, fn {fn})")
    # 0.85 before mutual evidence joins, 0.94 with them and with nested claims joined
    assert precision >= 0.90
    assert recall >= 0.75  # 0.65 before, 0.72 with mutual joins, 0.78 with nested claims


def test_claims_no_seed_reports_stay_alone(corpus):
    store, facts = corpus
    lonely = {cid for cid, (f, _p, held) in facts.items() if held and any("single" in x for x in f)}
    for view in clusters.list_clusters(store, differences=False):
        assert not lonely & {m.claim_id for m in view.members}


def test_a_claim_marked_inside_another_joins_its_cluster(corpus):
    """ "the Kremlin ordered the release of ... Mark Folger" inside EL PAIS's longer claim."""
    store, facts = corpus
    views = clusters.list_clusters(store, differences=False)
    where = {m.claim_id: v.id for v in views for m in v.members if m.claim_id is not None}
    text = {m.claim_id: m.text for v in views for m in v.members if m.claim_id is not None}
    inner = next(c for c, t in text.items() if t.startswith("the Kremlin ordered the release"))
    outer = next(c for c, t in text.items() if t.startswith("On Tuesday, the Kremlin ordered"))
    assert where[inner] == where[outer]
