"""Review: the final verdict rule, the queue, and undoable, guarded adjudication."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.core import labelling as L
from desktop.core import review as R
from desktop.core.labelling import LabelError
from desktop.core.models import Event, Review
from tests.core.helpers import add_articles

TEXT = "Putin said the war took 14 years. Peskov confirmed the call on Wednesday. It rained."


@pytest.mark.parametrize(
    "review,labels,expected",
    [
        ("refuted", ["verified", "verified"], "refuted"),  # the review wins
        (None, ["verified", "verified"], "verified"),  # everyone agrees
        (None, ["verified", None], "verified"),  # a label still without verdict doesn't count
        (None, ["verified", "conflicting"], None),  # disagreement, not reviewed
        (None, [None], None),
        (None, [], None),
    ],
)
def test_final_verdict(review, labels, expected):
    assert R.final_verdict(review, labels) == expected


def test_span_label():
    assert R.span_label("verified") == "VERIFIED" and R.span_label(None) == "CLAIM"


@pytest.fixture
def claims(store):
    (a,) = add_articles(store, TEXT)
    c1 = L.create_claim(store, "ana", a, 0, 32).claim_id  # agree
    c2 = L.create_claim(store, "ana", a, 34, 72).claim_id  # disagree
    c3 = L.create_claim(store, "ana", a, 74, 83).claim_id  # ana only
    L.set_verdict(store, "ana", c1, "verified")
    L.set_verdict(store, "bob", c1, "verified")
    L.set_verdict(store, "ana", c2, "verified")
    L.set_verdict(store, "bob", c2, "conflicting")
    L.add_source(store, "bob", c2, url="https://example.org/call", stance="contradicts")
    L.set_note(store, "bob", c2, "the call was on Tuesday")
    L.set_verdict(store, "ana", c3, "unsupported")
    return c1, c2, c3


def test_queue_disagreements_first_with_every_label(store, claims):
    c1, c2, _c3 = claims
    queue = R.review_queue(store)
    assert [it.claim_id for it in queue] == [c2, c1]  # c3 has one verdict: not in the queue
    first = queue[0]
    assert first.disagreement and first.final is None
    assert first.text == TEXT[34:72]
    assert first.verdicts == {"ana": "verified", "bob": "conflicting"}
    bob = first.labels[1]
    assert (
        bob.note == "the call was on Tuesday" and bob.sources[0].url == "https://example.org/call"
    )
    R.set_review(store, "cleo", c2, "conflicting")
    assert [it.claim_id for it in R.review_queue(store, pending_only=True)] == [c1]
    assert R.review_queue(store)[0].final == "conflicting"


def test_set_review_is_undoable_and_redoable(store, claims):
    _c1, c2, _ = claims
    R.set_review(store, "cleo", c2, "conflicting", "  call date differs ")
    R.set_review(store, "cleo", c2, "unsupported")

    def current():
        with store.session() as s:
            row = s.exec(select(Review).where(Review.claim_id == c2)).first()
            return None if row is None else (row.verdict, row.note)

    assert current() == ("unsupported", None)
    L.undo(store, "cleo")
    assert current() == ("conflicting", "call date differs")
    L.undo(store, "cleo")
    assert current() is None
    L.redo(store, "cleo")
    assert current() == ("conflicting", "call date differs")
    with store.session() as s:
        actions = [e.action for e in s.exec(select(Event).where(Event.kind == "do"))]
    assert actions.count("set_review") == 2
    # the labels were never touched
    assert R.review_queue(store)[0].verdicts == {"ana": "verified", "bob": "conflicting"}


def test_clear_review_is_undoable(store, claims):
    c1 = claims[0]
    R.set_review(store, "cleo", c1, "verified")
    R.clear_review(store, "dan", c1)
    assert R.review_queue(store)[1].review is None
    L.undo(store, "dan")
    assert R.review_queue(store)[1].review["reviewer"] == "cleo"
    R.clear_review(store, "dan", c1)
    assert R.clear_review(store, "dan", c1).event_id is None  # nothing left to clear


def test_nobody_reviews_their_own_label_alone(store, claims):
    _c1, c2, c3 = claims
    with pytest.raises(LabelError, match="only label on it is their own"):
        R.set_review(store, "ana", c3, "verified")
    # a labeller may settle a claim a teammate also gave a verdict on
    R.set_review(store, "ana", c2, "conflicting")
    lonely = L.create_claim(store, "ana", 1, 40, 50).claim_id
    with pytest.raises(LabelError, match="no verdict from anyone"):
        R.set_review(store, "cleo", lonely, "verified")
    with pytest.raises(LabelError, match="no longer exists"):
        R.set_review(store, "cleo", 999_999, "verified")
    with pytest.raises(LabelError, match="unknown verdict"):
        R.set_review(store, "cleo", c2, "maybe")


def test_an_outside_reviewer_can_settle_a_single_label(store, claims):
    c3 = claims[2]
    R.set_review(store, "cleo", c3, "verified")
    assert R.final_verdict("verified", ["unsupported"]) == "verified"


def test_take_one_annotators_verdict(store, claims):
    c2 = claims[1]
    change = R.take_verdict(store, "cleo", c2, "bob")
    assert change.action == "set_review"
    assert R.review_queue(store)[0].review["verdict"] == "conflicting"
    with pytest.raises(LabelError, match="zoe has no verdict"):
        R.take_verdict(store, "cleo", c2, "zoe")
