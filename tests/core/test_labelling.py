"""Labelling actions: durable, validated, undoable across restarts, never clobbering teammates."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core import labelling as L
from desktop.core import queries
from desktop.core.store import open_store
from tests.core.helpers import add_articles

TEXT = "Putin said the war took 14 years. Peskov confirmed the call on Wednesday."
OTHER = "The Kremlin said the call lasted an hour and a half."


@pytest.fixture
def arts(store):
    return add_articles(store, TEXT, OTHER)


def test_create_claim_trims_white_space_and_is_idempotent(store, arts):
    a = arts[0]
    ch = L.create_claim(store, "ana", a, 0, 34)  # includes the trailing space
    view = queries.article_view(store, a, "ana")
    assert [(c.start, c.end) for c in view.claims] == [(0, 33)]
    assert L.create_claim(store, "ana", a, 0, 33).claim_id == ch.claim_id


@pytest.mark.parametrize(
    "start,end,msg",
    [
        (-1, 5, "outside the text"),
        (5, 5, "outside"),
        (0, 10_000, "outside the text"),
        (33, 34, "only white space"),
    ],
)
def test_bad_spans_are_refused_with_a_clear_message(store, arts, start, end, msg):
    with pytest.raises(L.LabelError, match=msg):
        L.create_claim(store, "ana", arts[0], start, end)


def test_verdict_sources_and_note(store, arts):
    a, b = arts
    cid = L.create_claim(store, "ana", a, 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "conflicting")
    L.add_source(store, "ana", cid, url="https://example.org/x", stance="contradicts", title="Ex")
    L.add_source(store, "ana", cid, article_id=b, start=0, end=len(OTHER), stance="supports")
    L.set_note(store, "ana", cid, "  numbers differ  ")
    mine = queries.article_view(store, a, "ana").claims[0].mine
    assert mine.verdict == "conflicting" and mine.note == "numbers differ"
    assert [(s.kind, s.stance) for s in mine.sources] == [
        ("url", "contradicts"),
        ("article", "supports"),
    ]
    assert mine.sources[1].text == OTHER


@pytest.mark.parametrize(
    "kwargs,msg",
    [
        ({"url": "javascript:alert(1)"}, "not a web address"),
        ({"url": "ftp://x.org/file"}, "not a web address"),
        ({"url": "https://x.org", "stance": "maybe"}, "unknown stance"),
    ],
)
def test_bad_sources_are_refused(store, arts, kwargs, msg):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    with pytest.raises(L.LabelError, match=msg):
        L.add_source(store, "ana", cid, **kwargs)


def test_a_source_span_must_be_in_another_article(store, arts):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    with pytest.raises(L.LabelError, match="another article"):
        L.add_source(store, "ana", cid, article_id=arts[0], start=0, end=5)
    with pytest.raises(L.LabelError, match="outside the text"):
        L.add_source(store, "ana", cid, article_id=arts[1], start=0, end=999)


def test_unknown_verdict_is_refused(store, arts):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    with pytest.raises(ValueError, match="unknown verdict 'maybe'"):
        L.set_verdict(store, "ana", cid, "maybe")


def test_the_verdict_scheme_can_grow_without_code_changes(store, arts, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_VERDICTS", "verified,conflicting,unsupported,refuted")
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "refuted")
    assert queries.article_view(store, arts[0], "ana").claims[0].verdict == "refuted"


def test_undo_and_redo_survive_a_restart(db_path, arts, store):
    a, b = arts
    cid = L.create_claim(store, "ana", a, 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "conflicting")
    L.add_source(store, "ana", cid, url="https://example.org/x")
    L.resize_claim(store, "ana", cid, 0, 20)
    store.close()

    reopened = open_store(str(db_path))
    undo, redo = L.stacks(reopened, "ana")
    assert [e.action for e in undo] == ["create_claim", "set_verdict", "add_source", "resize_claim"]
    assert redo == []
    L.undo(reopened, "ana")
    L.undo(reopened, "ana")
    claim = queries.article_view(reopened, a, "ana").claims[0]
    assert (claim.start, claim.end, claim.verdict, claim.mine.sources) == (0, 33, "conflicting", [])
    L.undo(reopened, "ana")
    L.undo(reopened, "ana")
    assert queries.article_view(reopened, a, "ana").claims == []
    assert L.undo(reopened, "ana") is None  # nothing left
    for _ in range(4):
        L.redo(reopened, "ana")
    claim = queries.article_view(reopened, a, "ana").claims[0]
    assert (claim.start, claim.end, claim.verdict, len(claim.mine.sources)) == (
        0,
        20,
        "conflicting",
        1,
    )
    assert claim.id == cid  # restored with its identity, so later events still apply


def test_a_new_action_clears_the_redo_stack(store, arts):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "verified")
    L.undo(store, "ana")
    L.set_verdict(store, "ana", cid, "unsupported")
    assert L.redo(store, "ana") is None
    assert queries.article_view(store, arts[0], "ana").claims[0].verdict == "unsupported"


def test_undo_never_touches_a_teammates_label(store, arts):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.set_verdict(store, "ben", cid, "verified")
    L.undo(store, "ana")  # undoes ana's create_claim: the claim stays for ben
    view = queries.article_view(store, arts[0], "ben")
    assert [c.verdict for c in view.claims] == ["verified"]


def test_deleting_a_claim_a_teammate_labelled_keeps_their_label(store, arts):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "verified")
    L.set_verdict(store, "ben", cid, "conflicting")
    L.delete_claim(store, "ana", cid)
    assert queries.article_view(store, arts[0], "ana").claims[0].mine is None
    assert queries.article_view(store, arts[0], "ben").claims[0].verdict == "conflicting"
    L.undo(store, "ana")
    assert queries.article_view(store, arts[0], "ana").claims[0].verdict == "verified"


def test_accept_and_reject_suggestions_are_recorded_and_undoable(store, arts):
    a = arts[0]
    ch = L.accept_suggestion(store, "ana", a, 0, 33, ["number: 14 years"])
    L.reject_suggestion(store, "ana", a, 34, 73, ["date: Wednesday"])
    view = queries.article_view(store, a, "ana")
    assert [(c.start, c.origin) for c in view.claims] == [(0, "suggested")]
    L.undo(store, "ana")  # the rejection
    L.undo(store, "ana")  # the acceptance: claim and feedback go
    assert queries.article_view(store, a, "ana").claims == []
    L.redo(store, "ana")
    assert queries.article_view(store, a, "ana").claims[0].id == ch.claim_id


def test_resize_onto_another_claim_is_refused(store, arts):
    first = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.create_claim(store, "ana", arts[0], 34, 73)
    with pytest.raises(L.LabelError, match="already spans"):
        L.resize_claim(store, "ana", first, 34, 73)


def test_every_action_is_committed_when_the_call_returns(store, arts, db_path):
    cid = L.create_claim(store, "ana", arts[0], 0, 33).claim_id
    L.set_verdict(store, "ana", cid, "verified")
    with sqlite3.connect(db_path) as raw:  # another connection sees it at once
        assert raw.execute("SELECT verdict FROM label").fetchall() == [("verified",)]
        assert raw.execute("SELECT count(*) FROM event").fetchone()[0] == 2
