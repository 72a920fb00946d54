"""Score-ordered ways through suggestions: next most likely, teach order, accept+label."""

from __future__ import annotations

import pytest

from desktop.core import labelling, queries, suggesting
from desktop.core.importing import import_paths
from desktop.core.suggestion_nav import accept_and_label, next_most_likely, pending, teach_order


@pytest.fixture
def seeded(store, seeds_dir):
    import_paths(store, [seeds_dir])
    suggesting.compute_suggestions(store, in_process=True)
    return store


def test_next_most_likely_walks_down_the_scores(seeded) -> None:
    view = queries.article_view(seeded, 2, "ana")
    order = pending(view)
    assert len(order) >= 3
    assert [s.score for s in order] == sorted((s.score for s in order), reverse=True)
    first = next_most_likely(view)
    assert first == order[0]
    second = next_most_likely(view, (first.start, first.end))
    assert second == order[1]
    assert next_most_likely(view, (order[-1].start, order[-1].end)) is None


def test_decided_suggestions_drop_out(seeded) -> None:
    view = queries.article_view(seeded, 2, "ana")
    top = next_most_likely(view)
    labelling.reject_suggestion(seeded, "ana", 2, top.start, top.end)
    view = queries.article_view(seeded, 2, "ana")
    assert (top.start, top.end) not in {(s.start, s.end) for s in pending(view)}
    assert next_most_likely(view) != top


def test_teach_order_puts_unclaimed_uncertain_articles_first(seeded) -> None:
    order = teach_order(seeded)
    assert sorted(order) == [1, 2, 3, 4, 5]
    first = order[0]
    labelling.create_claim(seeded, "ana", first, 0, 10)
    again = teach_order(seeded)
    assert again[-1] == first  # claimed: no longer a teaching candidate
    assert again[:4] == [i for i in order if i != first]


def test_accept_and_label_in_one_call(seeded) -> None:
    view = queries.article_view(seeded, 1, "ana")
    top = next_most_likely(view)
    change = accept_and_label(seeded, "ana", 1, top.start, top.end, "verified", top.reasons)
    after = queries.article_view(seeded, 1, "ana")
    (claim,) = [c for c in after.claims if c.id == change.claim_id]
    assert (claim.start, claim.end) == (top.start, top.end)
    assert claim.origin == "suggested"
    assert claim.verdict == "verified"
    assert view.text == after.text
