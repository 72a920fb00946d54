"""Issue 10, items 4, 5 and 11, and upserts under a team's load: each test failed before."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest
from sqlmodel import func, select

from desktop.core.importing import import_paths
from desktop.core.models import Annotator, Article, Claim, Label
from desktop.core.store import Store

SENTENCE = "The minister said on Monday that 14 people were hurt in the blast."


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _labelled(text: str, start: int, end: int, *who: tuple[str, str]) -> dict:
    labels = [{"annotator": a, "verdict": v} for a, v in who]
    return {"text": text, "claims": [{"start": start, "end": end, "labels": labels}]}


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one()
                     for t in (Article, Claim, Label))  # fmt: skip


# -- item 4: one repeated text must not abort the import ----------------------------------------
def _repeated_text_file(tmp_path: Path) -> Path:
    records = [{"text": f"Article {i}: {SENTENCE}"} for i in range(40)]
    records.insert(5, {"text": SENTENCE})  # first without spans ...
    records.append(_labelled(SENTENCE, 4, 12, ("ana", "verified")))  # ... then with
    records.append(_labelled(SENTENCE, 4, 12, ("bo", "conflicting")))  # a teammate's too
    return _write(tmp_path / "team.jsonl", records)


def _check_repeated_text(store: Store, path: Path) -> None:
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert len(report.added) == 41
    summary = report.files[str(path)]
    assert (summary.added, summary.merged, summary.duplicates) == (41, 2, 0)
    assert _counts(store) == (41, 1, 2)
    with store.session() as s:
        article = s.exec(select(Article).where(Article.text == SENTENCE)).one()
        claim = s.exec(select(Claim).where(Claim.article_id == article.id)).one()
        assert (claim.start, claim.end) == (4, 12)


def test_same_text_twice_in_one_file_is_one_article_with_every_label(store, tmp_path):
    _check_repeated_text(store, _repeated_text_file(tmp_path))


def test_same_text_in_two_chunks_merges_too(store, tmp_path, monkeypatch):
    from desktop.core import importing

    monkeypatch.setattr(importing, "CHUNK_SIZE", 7)  # the copies land in different chunks
    _check_repeated_text(store, _repeated_text_file(tmp_path))


def test_a_record_the_database_refuses_is_named_and_the_chunk_still_lands(store, tmp_path):
    path = _write(tmp_path / "a.jsonl", [{"text": f"{i} {SENTENCE}"} for i in range(10)])
    from desktop.core import import_chunk

    real = import_chunk.article_row

    def poisoned(rec, sha, now):  # a value the database refuses, for one record only
        row = real(rec, sha, now)
        if rec.line == 4:
            row["origin"] = None  # NOT NULL: refused by every backend
        return row

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(import_chunk, "article_row", poisoned)
        report = import_paths(store, [path])
    assert [(p.file, p.line) for p in report.problems] == [(str(path), 4)]
    assert "not stored" in report.problems[0].reason
    assert len(report.added) == 9 and _counts(store)[0] == 9


# -- item 5: control characters, one rule for both backends -------------------------------------
def _controls_file(tmp_path: Path) -> Path:
    text = "Bad\u0000bytes\u0007 here. " + SENTENCE
    start = text.index("14 people")
    return _write(tmp_path / "nul.jsonl", [
        {"text": text, "title": "T\u0000", "meta": {"k": "v\u0001"},
         "claims": [{"start": start, "end": start + 9,
                     "labels": [{"annotator": "ana\u0000", "verdict": "verified",
                                 "note": "n\u0000"}]}]},
    ])  # fmt: skip


def _check_controls(store: Store, path: Path) -> None:
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    clean = "Bad\ufffdbytes\ufffd here. " + SENTENCE
    with store.session() as s:
        article = s.exec(select(Article)).one()
        claim = s.exec(select(Claim)).one()
        label = s.exec(select(Label)).one()
        names = s.exec(select(Annotator.name)).all()
    assert article.text == clean and article.title == "T\ufffd"
    assert article.sha256 == hashlib.sha256(clean.encode()).hexdigest()
    assert article.meta == {"k": "v\ufffd"}
    assert clean[claim.start : claim.end] == "14 people"  # offsets unchanged
    assert label.note == "n\ufffd" and names == ["ana\ufffd"]
    notes = report.files[str(path)].notes
    assert any("2 control characters" in n and "U+FFFD" in n for n in notes)


def test_control_characters_are_replaced_and_reported(store, tmp_path):
    _check_controls(store, _controls_file(tmp_path))


def test_a_cleaned_copy_is_the_same_article(store, tmp_path):
    _check_controls(store, _controls_file(tmp_path))
    again = _write(tmp_path / "clean.jsonl", [{"text": "Bad\ufffdbytes\ufffd here. " + SENTENCE}])
    report = import_paths(store, [again])
    assert report.added == [] and len(report.duplicates) == 1


# -- item 11: the size limit covers the whole record ---------------------------------------------
def test_meta_counts_towards_the_size_limit(store, tmp_path):
    meta = {f"key{i}": "x" * 20 for i in range(20_000)}  # ~0.6 MB of meta, a tiny text
    path = _write(tmp_path / "fat.jsonl", [{"text": SENTENCE, "meta": meta}, {"text": "Ok. " + SENTENCE}])
    report = import_paths(store, [path], max_bytes=100_000)
    (problem,) = report.problems
    assert (problem.file, problem.line) == (str(path), 1)
    assert "over the 100.0 kB limit" in problem.reason and "meta" in problem.reason
    assert len(report.added) == 1


def test_a_record_within_the_limit_keeps_its_meta(store, tmp_path):
    path = _write(tmp_path / "ok.jsonl", [{"text": SENTENCE, "meta": {"desk": "world"}}])
    import_paths(store, [path], max_bytes=100_000)
    with store.session() as s:
        assert s.exec(select(Article.meta)).one() == {"desk": "world"}


# -- PostgreSQL: the same rules on the team's server -----------------------------------------------
@pytest.mark.postgres
def test_postgresql_repeated_text_merges(pg_store, tmp_path):
    _check_repeated_text(pg_store, _repeated_text_file(tmp_path))


@pytest.mark.postgres
def test_postgresql_takes_control_characters(pg_store, tmp_path):
    _check_controls(pg_store, _controls_file(tmp_path))


@pytest.mark.postgres
def test_postgresql_same_claims_from_two_importers_at_once_are_upserts(pg_url, tmp_path):
    """Two teammates import the same labelled file at the same moment: every claim, label
    and annotator arrives twice; no "duplicate key" reaches anyone, nothing is doubled."""
    records = [_labelled(f"{i} {SENTENCE}", 0, 2, ("ana", "verified"), ("bo", "unsupported"))
               for i in range(300)]  # fmt: skip
    path = _write(tmp_path / "same.jsonl", records)
    stores = [Store(pg_url) for _ in range(2)]
    reports: list = [None, None]
    start = threading.Barrier(2)

    def run(n: int) -> None:
        start.wait()
        reports[n] = import_paths(stores[n], [path])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in reports:
        assert not r.problems, [str(p) for p in r.problems]
    assert _counts(stores[0]) == (300, 300, 600)
    assert sum(r.labels_added for r in reports) == 600
    for s in stores:
        s.close()
