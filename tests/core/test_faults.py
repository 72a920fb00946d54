"""Faults a user can meet: an old database, a read-only one, a full disk."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop.core import labelling, queries
from desktop.core.store import Store, StoreError, open_store
from tests.core.helpers import add_articles

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001.db"


def test_a_database_from_the_first_schema_opens_with_all_its_data(tmp_path):
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE, db)
    store = open_store(str(db))
    assert store.revision() == Store.head()
    view = queries.article_view(store, 1, "ana")
    assert (view.title, view.source, view.url, view.author, view.published) == (
        "Call",
        "Reuters",
        "https://example.org/1",
        "Jo",
        "2025-02-12",
    )
    [claim] = view.claims
    assert (claim.start, claim.end, claim.verdict, claim.mine.note) == (
        0,
        50,
        "verified",
        "matches ANSA",
    )
    assert [(s.kind, s.article_id, s.stance, s.text) for s in claim.mine.sources] == [
        ("article", 2, "supports", "The call lasted an hour and a half")
    ]
    assert [(o.annotator, o.verdict, o.sources[0].url) for o in claim.others] == [
        ("bob", "conflicting", "https://example.org/x")
    ]
    assert claim.review["verdict"] == "verified" and claim.review["reviewer"] == "bob"
    assert [r.words for r in queries.list_articles(store)] == [9, 11]
    labelling.set_verdict(store, "ana", claim.id, "conflicting")  # and it is writable
    store.close()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_read_only_database_reads_and_refuses_writes_clearly(store, db_path, tmp_path, monkeypatch):
    [a] = add_articles(store, "The minister said 40% of voters agreed on Tuesday.")
    cid = labelling.create_claim(store, "ana", a, 0, 20).claim_id
    store.close()
    monkeypatch.chdir(tmp_path)
    ro = Store(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    assert not (tmp_path / "file:").exists()  # a URI is no folder to create
    assert queries.article_view(ro, a, "ana").claims[0].id == cid
    with pytest.raises(StoreError, match="read-only; nothing was changed"):
        labelling.set_verdict(ro, "ana", cid, "verified")
    ro.close()
    again = open_store(str(db_path))
    assert queries.article_view(again, a, "ana").claims[0].verdict is None


def test_a_full_disk_keeps_what_was_saved_and_says_so(store, db_path):
    [a] = add_articles(store, "The minister said 40% of voters agreed on Tuesday. " * 40)
    saved = [labelling.create_claim(store, "ana", a, i * 5, i * 5 + 30).claim_id for i in range(3)]

    @event.listens_for(store.write_engine, "connect")
    def _tiny_disk(dbapi_conn, _record):  # the file may not grow past its current size
        dbapi_conn.execute("PRAGMA max_page_count = 1")

    store.write_engine.dispose()  # new connections get the limit
    with pytest.raises(StoreError, match="disk .* is full; the last change was not saved"):
        for i in range(3, 400):  # keeps writing until the "disk" is full
            note = "x" * 2000
            cid = labelling.create_claim(store, "ana", a, i, i + 30).claim_id
            labelling.set_note(store, "ana", cid, note)
    store.close()
    again = open_store(str(db_path))
    ids = {c.id for c in queries.article_view(again, a, "ana").claims}
    assert set(saved) <= ids
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
