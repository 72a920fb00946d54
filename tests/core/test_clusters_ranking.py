"""Review order of the clusters on the demo corpus with its suggestions (as the window
shows it): clusters with a claim or a suggestion first, more outlets first, and no row for
a cluster made only of fragments ("US President Donald Trump.") unless it holds a claim."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.core import clusters
from desktop.core.clusters.ranking import is_fragment
from desktop.core.clusters.tables import ClaimCluster
from desktop.core.importing import import_paths
from desktop.core.labelling import create_claim
from desktop.core.nlp.evidence import ensure_index
from desktop.core.store import open_store
from desktop.core.suggesting import compute_suggestions
from tests.conftest import SEEDS
from tests.fixtures.demo_facts import evidence_nlp


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("ranking") / "demo.db"))
    import_paths(store, [SEEDS])
    ensure_index(store, nlp=evidence_nlp())
    compute_suggestions(store, in_process=True)
    clusters.update_clusters(store, processes=1)
    yield store
    store.close()


def _all(store) -> list[clusters.ClusterView]:
    with store.session() as s:
        ids = list(s.exec(select(ClaimCluster.id)))
    return clusters.list_clusters(store, cluster_ids=ids, differences=False)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("US President Donald Trump.", True),
        ("the American leader continued.", True),
        ("Share", True),
        ("Photo: Reuters/Evelyn Hockstein", True),
        ("It cost $4.5 billion.", False),  # short, but a figure is a claim's stuff
        ("Trump called Zelensky after the call with Putin.", False),
    ],
)
def test_fragment_rule(text, fragment):
    assert is_fragment(text) is fragment


ARTICLES = {  # three unrelated reports that share one scraped fragment line
    "harbour.txt": "Harbour works begin in Valletta\n\nThe port authority opened a new container "
    "terminal on Monday after three years of building work.\n\nThe American leader continued."
    "\n\nDock workers said the cranes arrived from Shanghai in March.\n",
    "farmers.txt": "Farmers protest in Lyon\n\nSeveral hundred farmers drove tractors into the "
    "city centre to protest against fuel taxes.\n\nThe American leader continued.\n\nPolice "
    "closed two bridges for most of the afternoon.\n",
    "library.txt": "New library opens in Porto\n\nThe city library reopened after a renovation "
    "that added a children's wing and a cafe.\n\nThe American leader continued.\n\nVisitors "
    "queued from early morning to see the restored reading room.\n",
}


@pytest.fixture
def shared_fragment(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = open_store(str(tmp_path / "fragment.db"))
    import_paths(store, [folder])
    ensure_index(store, nlp=evidence_nlp())
    clusters.update_clusters(store, processes=1)
    yield store
    store.close()


def test_fragment_only_clusters_are_left_out(shared_fragment):
    every = _all(shared_fragment)
    assert [[m.text for m in v.members] for v in every] == [["The American leader continued."] * 3]
    assert all(m.fragment for m in every[0].members)
    assert clusters.list_clusters(shared_fragment) == []  # nothing in it to label


def test_a_claim_keeps_a_fragment_cluster_listed(shared_fragment):
    m = _all(shared_fragment)[0].members[0]
    create_claim(shared_fragment, "ana", m.article_id, m.start, m.end)  # an analyst's call
    clusters.update_clusters(shared_fragment, processes=1)
    listed = clusters.list_clusters(shared_fragment)
    assert len(listed) == 1 and len(listed[0].members) == 3


def test_no_demo_cluster_is_titled_by_a_fragment(demo):
    listed = clusters.list_clusters(demo, differences=False)
    assert len(listed) >= 10
    assert not [v.title for v in listed if is_fragment(v.title)]


def test_claims_and_suggestions_then_outlets_come_first(demo):
    listed = clusters.list_clusters(demo, differences=False)
    picked = [any(m.suggested or m.claim_id is not None for m in v.members) for v in listed]
    assert picked[0] and not picked[-1]
    assert picked == sorted(picked, reverse=True)  # every picked cluster before the rest
    for group in (True, False):
        outlets = [len(v.outlets) for v, p in zip(listed, picked, strict=True) if p is group]
        assert outlets == sorted(outlets, reverse=True)
    # the title is the member the suggester picked, not a repeated headline
    first = listed[0]
    assert not is_fragment(first.title)
    assert any(m.suggested and " ".join(m.text.split()) == first.title for m in first.members)
    # offset and limit page through the same order
    assert [v.id for v in clusters.list_clusters(demo, differences=False, offset=2, limit=3)] == [
        v.id for v in listed[2:5]
    ]


def test_labelling_a_fragment_does_not_make_it_the_title(demo):
    cluster = next(v for v in clusters.list_clusters(demo, "ana", differences=False)
                   if any(is_fragment(m.text) for m in v.members))
    before = cluster.title
    m = next(m for m in cluster.members if is_fragment(m.text))
    create_claim(demo, "ana", m.article_id, m.start, m.end)
    clusters.update_clusters(demo, processes=1)
    after = next(v for v in clusters.list_clusters(demo, "ana", differences=False)
                 if any(x.article_id == m.article_id and x.start == m.start for x in v.members))
    assert after.title == before and not is_fragment(after.title)
