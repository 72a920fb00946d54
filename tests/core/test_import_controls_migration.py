"""Revision 0004: control characters stored before the import rule existed are replaced
(U+FFFD, one for one), the text re-hashed, every offset still valid, nothing lost."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import text

from desktop.core import queries
from desktop.core.store import Store, open_store

NUL_TEXT = "Putin\x00 said it took 14 years.\x0b"
CLEAN_TEXT = "Putin\ufffd said it took 14 years.\ufffd"


def _at_0003(db_path) -> Store:
    old = Store(f"sqlite:///{db_path}", migrate=False)
    old.migrate("0003")
    return old


def _article(s, aid: int, body: str, title: str = "T") -> None:
    s.connection().exec_driver_sql(
        "INSERT INTO article (id, sha256, title, origin, text, words, imported_at, meta) "
        "VALUES (?, ?, ?, 'a.jsonl', ?, 5, '2025-01-01 00:00:00', ?)",
        (aid, hashlib.sha256(body.encode()).hexdigest(), title, body, '{"k": "v\\u0001"}'),
    )


def test_0004_replaces_control_characters_and_rehashes(db_path):
    old = _at_0003(db_path)
    with old.write() as s:
        s.exec(text("INSERT INTO annotator (id, name) VALUES (1, 'ana')"))
        _article(s, 1, NUL_TEXT, title="Title\x00x")
        s.exec(text(
            'INSERT INTO claim (id, article_id, start, "end", origin, created_at) '
            "VALUES (1, 1, 0, 28, 'manual', '2025-01-01 00:00:00')"
        ))  # fmt: skip
        s.connection().exec_driver_sql(
            "INSERT INTO label (claim_id, annotator_id, verdict, note, created_at, updated_at) "
            "VALUES (1, 1, 'verified', ?, '2025-01-01', '2025-01-01')",
            ("see\x00 this",),
        )
    old.close()

    new = open_store(str(db_path))
    assert new.revision() == Store.head()
    view = queries.article_view(new, 1, "ana")
    assert view.text == CLEAN_TEXT and len(view.text) == len(NUL_TEXT)
    assert [(c.start, c.end, c.verdict) for c in view.claims] == [(0, 28, "verified")]
    with sqlite3.connect(db_path) as raw:
        sha, title, meta = raw.execute("SELECT sha256, title, meta FROM article").fetchone()
        note = raw.execute("SELECT note FROM label").fetchone()[0]
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sha == hashlib.sha256(CLEAN_TEXT.encode()).hexdigest()
    assert title == "Title\ufffdx" and note == "see\ufffd this"
    assert "\\u0001" not in meta


def test_0004_keeps_an_article_whose_cleaned_text_is_already_stored(db_path, caplog):
    old = _at_0003(db_path)
    with old.write() as s:
        _article(s, 1, CLEAN_TEXT)
        _article(s, 2, NUL_TEXT)
    old.close()
    with caplog.at_level("WARNING"):
        new = open_store(str(db_path))
    assert new.revision() == Store.head()
    with sqlite3.connect(db_path) as raw:
        rows = raw.execute("SELECT id, text FROM article ORDER BY id").fetchall()
    assert rows == [(1, CLEAN_TEXT), (2, NUL_TEXT)]  # nothing lost; the twin is named
    assert "article #2" in caplog.text and "article #1" in caplog.text


def test_0004_adds_the_claim_tag(db_path):
    store = open_store(str(db_path))
    with store.engine.connect() as conn:
        cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(claim)")}
    assert "tag" in cols


@pytest.mark.postgres
def test_0004_on_postgresql_cleans_the_controls_it_could_hold(pg_url):
    """PostgreSQL never held NUL, but it held the other C0 controls XML refuses."""
    old = Store(pg_url, migrate=False)
    old.migrate("0003")
    body = "Bad\x01 text\x1f here."
    with old.write() as s:
        s.exec(
            text(
                "INSERT INTO article (id, sha256, title, origin, text, words, imported_at, meta) "
                "VALUES (1, :sha, :title, 'a.jsonl', :body, 3, now(), CAST(:meta AS json))"
            ).bindparams(sha=hashlib.sha256(body.encode()).hexdigest(), title="T\x02",
                         body=body, meta='{"k": "v\\u0003"}')  # fmt: skip
        )
    old.close()
    new = Store(pg_url)
    assert new.revision() == Store.head()
    with new.session() as s:
        row = s.exec(text("SELECT text, sha256, title, meta::text FROM article")).one()
    clean = "Bad\ufffd text\ufffd here."
    assert row[0] == clean and row[1] == hashlib.sha256(clean.encode()).hexdigest()
    assert row[2] == "T\ufffd" and "\\u0003" not in row[3]
    new.close()
