"""JSONL export: the DESIGN.md record, options, streaming and atomic writing."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from desktop.core.export import ExportError, ExportOptions, export
from desktop.core.export.hashing import input_hash
from desktop.core.export.jsonl import export_jsonl
from desktop.core.models import Suggestion, SuggestionRun
from tests.core.helpers import add_articles
from tests.core.test_export_fixtures import TEXT_A, TEXT_C, build

RECORD_KEYS = ["text", "meta", "_input_hash", "_task_hash", "answer", "tokens", "spans", "claims"]
META_KEYS = {"article_id", "title", "source", "url", "published", "origin", "sha256"}


def read(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture
def ids(store):
    return build(store)


def test_record_has_the_contract_keys_tokens_and_spans(store, ids, tmp_path):
    out = tmp_path / "out.jsonl"
    counts = export_jsonl(store, out)
    lines = read(out)
    # A and B have claims, C is cited by a source (so links resolve on import), D is left out
    assert [r["meta"]["article_id"] for r in lines] == [ids["a"], ids["b"], ids["c"]]
    assert (counts.articles, counts.claims, counts.labels, counts.reviews) == (3, 4, 6, 1)
    for rec in lines:
        assert list(rec) == RECORD_KEYS
        assert set(rec["meta"]) == META_KEYS and rec["answer"] == "accept"
        assert isinstance(rec["_input_hash"], int) and isinstance(rec["_task_hash"], int)
        text = rec["text"]
        rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in rec["tokens"])
        assert rebuilt == text
        for i, t in enumerate(rec["tokens"]):
            assert t["id"] == i and text[t["start"] : t["end"]] == t["text"]
        for sp, claim in zip(rec["spans"], rec["claims"], strict=True):
            assert (sp["start"], sp["end"], sp["text"]) == (
                claim["start"],
                claim["end"],
                claim["text"],
            )
            assert text[sp["start"] : sp["end"]] == sp["text"]
            toks = rec["tokens"]
            assert toks[sp["token_start"]]["start"] <= sp["start"] < toks[sp["token_start"]]["end"]
            assert toks[sp["token_end"]]["start"] < sp["end"] <= toks[sp["token_end"]]["end"]
    a = lines[0]
    assert a["text"] == TEXT_A and a["_input_hash"] == input_hash(TEXT_A)
    assert [s["label"] for s in a["spans"]] == ["VERIFIED", "CLAIM"]  # reviewed; disagreement
    a1 = a["claims"][0]
    assert a1["verdict"] == "verified" and a1["review"]["reviewer"] == "cleo"
    assert [lb["annotator"] for lb in a1["labels"]] == ["ana", "bob"]
    ana = a1["labels"][0]
    assert set(ana) == {"annotator", "verdict", "note", "created_at", "updated_at", "sources"}
    assert ana["sources"][0] == {
        "url": "https://example.org/zürich?q=1&x=é",
        "stance": "supports",
        "title": "Canton",
        "note": None,
    }
    linked = ana["sources"][1]
    assert linked["article"] == lines[2]["meta"]["sha256"]
    assert TEXT_C[linked["start"] : linked["end"]] == linked["text"] == "the call lasted 90 minutes"
    b = lines[1]
    assert [s["label"] for s in b["spans"]] == ["CLAIM", "VERIFIED"]  # no verdict; bob alone
    assert lines[2]["claims"] == [] and lines[2]["spans"] == []


def test_hashes_are_stable_and_the_task_hash_follows_the_verdicts(store, ids, tmp_path):
    export_jsonl(store, tmp_path / "1.jsonl")
    export_jsonl(store, tmp_path / "2.jsonl")
    assert read(tmp_path / "1.jsonl") == read(tmp_path / "2.jsonl")
    from desktop.core import review

    review.set_review(store, "cleo", ids["a2"], "conflicting")
    first, again = read(tmp_path / "1.jsonl")[0], read(tmp_path / "2.jsonl")[0]
    export_jsonl(store, tmp_path / "3.jsonl")
    changed = read(tmp_path / "3.jsonl")[0]
    assert changed["_input_hash"] == first["_input_hash"] == again["_input_hash"]
    assert changed["_task_hash"] != first["_task_hash"]


def test_per_claim_lines(store, ids, tmp_path):
    out = tmp_path / "claims.jsonl"
    counts = export_jsonl(store, out, ExportOptions(per_claim=True))
    lines = read(out)
    assert counts.claims == len(lines) == 4
    for rec in lines:
        assert list(rec) == [
            "start", "end", "text", "verdict", "labels", "review", "cluster", "article"
        ]
        assert set(rec["article"]) == META_KEYS


def test_annotator_filter_keeps_only_their_labels_and_claims(store, ids, tmp_path):
    out = tmp_path / "bob.jsonl"
    counts = export_jsonl(store, out, ExportOptions(annotator="bob"))
    claims = [c for rec in read(out) for c in rec["claims"]]
    assert counts.claims == 3 and counts.labels == 3
    assert {lb["annotator"] for c in claims for lb in c["labels"]} == {"bob"}
    # the record stands alone: the final verdict follows what it holds (bob's verdict)
    assert [c["verdict"] for c in claims] == ["verified", "unsupported", "verified"]
    with pytest.raises(ExportError, match="no annotator named 'nobody'"):
        export_jsonl(store, tmp_path / "x.jsonl", ExportOptions(annotator="nobody"))
    assert not (tmp_path / "x.jsonl").exists()


def test_reviewed_only(store, ids, tmp_path):
    out = tmp_path / "r.jsonl"
    counts = export_jsonl(store, out, ExportOptions(reviewed_only=True))
    lines = read(out)
    assert counts.claims == 1 and lines[0]["claims"][0]["review"]["verdict"] == "verified"
    assert [r["meta"]["article_id"] for r in lines] == [ids["a"], ids["c"]]  # C: cited source


def test_with_suggestions_exports_every_article_with_its_latest_run(store, ids, tmp_path):
    with store.write() as s:
        for model, when, spans in (
            ("old 1", "2024-01-01", [(0, 5)]),
            ("new 2", "2025-01-01", [(3, 9), (10, 20)]),
        ):
            s.add(
                SuggestionRun(
                    article_id=ids["b"],
                    model=model,
                    suggester_version="1",
                    computed_at=datetime.fromisoformat(when).replace(tzinfo=UTC),
                )
            )
            for st, en in spans:
                s.add(
                    Suggestion(
                        article_id=ids["b"],
                        start=st,
                        end=en,
                        score=0.5,
                        reasons=["num"],
                        model=model,
                        suggester_version="1",
                    )
                )
    out = tmp_path / "s.jsonl"
    export_jsonl(store, out, ExportOptions(with_suggestions=True))
    lines = read(out)
    assert len(lines) == 4 and all(list(r)[-1] == "suggestions" for r in lines)
    by_id = {r["meta"]["article_id"]: r for r in lines}
    assert by_id[ids["b"]]["suggestions"] == [
        {"start": 3, "end": 9, "score": 0.5, "reasons": ["num"]},
        {"start": 10, "end": 20, "score": 0.5, "reasons": ["num"]},
    ]
    assert by_id[ids["a"]]["suggestions"] == []


def _count_queries(store, fn) -> int:
    n = 0

    def on(*_a, **_k):
        nonlocal n
        n += 1

    event.listen(store.engine, "before_cursor_execute", on)
    try:
        fn()
    finally:
        event.remove(store.engine, "before_cursor_execute", on)
    return n


def _labelled_db(path, claims_per_article: int):
    from desktop.core import labelling as L
    from desktop.core.store import open_store

    st = open_store(str(path))
    text = "Word " * 100
    for a in add_articles(st, *[f"{i} {text}" for i in range(10)]):
        for k in range(claims_per_article):
            cid = L.create_claim(st, "ana", a, 10 + 10 * k, 14 + 10 * k).claim_id
            L.set_verdict(st, "ana", cid, "verified")
            L.add_source(st, "ana", cid, url="https://example.org")
    return st


def test_queries_per_chunk_do_not_grow_with_the_data(tmp_path):
    counts = []
    for per_article in (1, 4):
        st = _labelled_db(tmp_path / f"q{per_article}.db", per_article)
        counts.append(
            _count_queries(
                st,
                lambda st=st: export_jsonl(st, tmp_path / "q.jsonl", ExportOptions(chunk_size=4)),
            )
        )
        st.close()
    # 10 articles in chunks of 4, 4, 2 + the empty chunk that ends the loop:
    # articles, claims, labels, sources, reviews, clusters per chunk; 4x the claims, same queries
    assert counts[0] == counts[1] <= 3 * 6 + 1 + 2


def test_unwritable_folder_is_a_clear_error_and_leaves_nothing(store, ids, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if not os.access(folder, os.W_OK):  # root writes anywhere: checked below instead
            with pytest.raises(ExportError, match="cannot write"):
                export(store, "jsonl", folder / "out.jsonl")
            assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
    with pytest.raises(ExportError, match="cannot write"):
        export(store, "jsonl", tmp_path / "missing" / "out.jsonl")
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ExportError, match="cannot write"):
        export(store, "csv", tmp_path / "a-file" / "out.csv")
    with pytest.raises(ExportError, match="is a folder"):
        export(store, "jsonl", folder)


def test_a_failure_midway_keeps_the_old_file_and_leaves_no_temp(store, ids, tmp_path, monkeypatch):
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "out.jsonl"
    out.write_text("previous export\n")
    from desktop.core.export import jsonl

    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jsonl, "article_line", boom)
    with pytest.raises(RuntimeError):
        export_jsonl(store, out)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["out.jsonl"]


def test_export_of_an_empty_database_is_an_empty_file(store, tmp_path):
    out = tmp_path / "e.jsonl"
    assert export_jsonl(store, out).articles == 0
    assert out.read_text() == ""


def test_suggestions_are_exported_as_shown_at_the_threshold(store, ids, tmp_path):
    # Candidates are stored down to the store floor (0.3) so a lower threshold shows them
    # at once; the file holds what `suggest` and the window show unless asked otherwise.
    with store.write() as s:
        s.add(SuggestionRun(article_id=ids["b"], model="m", suggester_version="1"))
        for st, en, score in ((0, 5, 0.31), (6, 9, 0.5), (10, 20, 0.92)):
            s.add(Suggestion(article_id=ids["b"], start=st, end=en, score=score, reasons=[],
                             model="m", suggester_version="1"))  # fmt: skip

    def spans(options: ExportOptions) -> list[tuple[int, int]]:
        export_jsonl(store, tmp_path / "s.jsonl", options)
        (rec,) = [r for r in read(tmp_path / "s.jsonl") if r["meta"]["article_id"] == ids["b"]]
        return [(g["start"], g["end"]) for g in rec["suggestions"]]

    assert spans(ExportOptions(with_suggestions=True)) == [(6, 9), (10, 20)]
    assert spans(ExportOptions(with_suggestions=True, suggestion_threshold=0.3)) == [
        (0, 5), (6, 9), (10, 20)
    ]
    assert spans(ExportOptions(with_suggestions=True, suggestion_threshold=0.9)) == [(10, 20)]


def test_cli_export_threshold_needs_with_suggestions(db_path, tmp_path, capsys):
    from desktop.cli import main

    code = main(["--db", str(db_path), "export", "-f", "jsonl", "-o", str(tmp_path / "x.jsonl"),
                 "--threshold", "0.3"])  # fmt: skip
    assert code == 2 and "add --with-suggestions" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_a_datasets_own_columns_stay_through_export_and_back(store, tmp_path):
    """A TSV's other columns (ids, the label it came with) are the article's meta: they
    follow the contract's keys in the export, and an import of the export keeps them."""
    from desktop.core import queries
    from desktop.core.importing import import_paths
    from desktop.core.store import open_store

    tsv = tmp_path / "ct.tsv"
    tsv.write_text("Sentence_id\tText\tclass_label\ttitle\n"
                   "7\tThe deficit doubled in 2019, the report said.\tYes\tA title\n", encoding="utf-8")
    import_paths(store, [tsv])
    out = tmp_path / "out.jsonl"
    export(store, "jsonl", out, ExportOptions(with_suggestions=True))
    (rec,) = read(out)
    assert list(rec["meta"])[:7] == ["article_id", "title", "source", "url", "published",
                                     "origin", "sha256"]  # fmt: skip
    assert rec["meta"]["title"] == "A title"  # the contract's key, from the title column
    assert {k: rec["meta"][k] for k in ("Sentence_id", "class_label")} == {
        "Sentence_id": "7", "class_label": "Yes"}
    again = open_store(str(tmp_path / "again.db"))
    import_paths(again, [out])
    (art,) = queries.list_articles(again)
    with again.session() as s:
        from desktop.core.models import Article

        assert s.get(Article, art.id).meta == {"Sentence_id": "7", "class_label": "Yes"}
    again.close()
