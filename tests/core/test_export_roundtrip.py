"""Round trips through the JSONL export and the importer: same claims, labels, sources,
reviews (to the microsecond); teammates' exports merge per annotator; bad files refused."""

from __future__ import annotations

import json

import pytest

from desktop.core import labelling as L
from desktop.core.export import ExportOptions
from desktop.core.export.jsonl import export_jsonl
from desktop.core.importing import import_paths
from desktop.core.store import open_store
from tests.core.helpers import add_articles
from tests.core.test_export_fixtures import TEXT_A, TEXT_B, build, span


def content(path) -> list[tuple]:
    """What must survive a round trip: per article text, claims, labels, sources, reviews
    (meta.article_id and meta.origin name the database and the file, so they may differ)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out.append(
                (
                    rec["text"],
                    rec["meta"]["sha256"],
                    rec["meta"]["title"],
                    rec["spans"],
                    rec["claims"],
                    rec["_input_hash"],
                    rec["_task_hash"],
                )
            )
    return out


@pytest.fixture
def exported(store, tmp_path):
    build(store)
    path = tmp_path / "first.jsonl"
    export_jsonl(store, path)
    return path


def test_export_import_export_is_identical(exported, tmp_path):
    fresh = open_store(str(tmp_path / "fresh.db"))
    report = import_paths(fresh, [exported])
    assert not report.problems, [str(p) for p in report.problems]
    assert (report.claims_added, report.labels_added, report.reviews_added) == (4, 6, 1)
    again = tmp_path / "again.jsonl"
    export_jsonl(fresh, again)
    assert content(again) == content(exported)
    fresh.close()


def test_importing_the_same_export_twice_changes_nothing(exported, tmp_path):
    fresh = open_store(str(tmp_path / "fresh.db"))
    import_paths(fresh, [exported])
    second = import_paths(fresh, [exported])
    assert (second.claims_added, second.labels_added, second.reviews_added) == (0, 0, 0)
    again = tmp_path / "again.jsonl"
    export_jsonl(fresh, again)
    assert content(again) == content(exported)
    fresh.close()


def test_a_teammates_export_merges_labels_per_annotator(tmp_path):
    mine = open_store(str(tmp_path / "mine.db"))
    theirs = open_store(str(tmp_path / "theirs.db"))
    for st in (mine, theirs):
        add_articles(st, TEXT_A, TEXT_B)
    shared = span(TEXT_A, "1 200 personnes ont été évacuées à Zürich")
    c_mine = L.create_claim(mine, "ana", 1, *shared).claim_id
    L.set_verdict(mine, "ana", c_mine, "verified")
    c_theirs = L.create_claim(theirs, "bob", 1, *shared).claim_id
    L.set_verdict(theirs, "bob", c_theirs, "conflicting")
    L.add_source(theirs, "bob", c_theirs, url="https://example.org/bob")
    extra = L.create_claim(theirs, "bob", 2, *span(TEXT_B, "Peskov confirmed it")).claim_id
    L.set_verdict(theirs, "bob", extra, "unsupported")
    # bob also has an opinion on ana's label? no: his export holds his labels only
    path = tmp_path / "bob.jsonl"
    export_jsonl(theirs, path, ExportOptions(annotator="bob"))

    report = import_paths(mine, [path])
    assert not report.problems and (report.claims_added, report.labels_added) == (1, 2)
    merged = tmp_path / "merged.jsonl"
    export_jsonl(mine, merged)
    recs = [json.loads(x) for x in merged.read_text(encoding="utf-8").splitlines()]
    first = recs[0]["claims"][0]
    assert {lb["annotator"]: lb["verdict"] for lb in first["labels"]} == {
        "ana": "verified",
        "bob": "conflicting",
    }
    assert first["labels"][1]["sources"] == [
        {"url": "https://example.org/bob", "stance": "supports", "title": None, "note": None}
    ]
    assert first["verdict"] is None  # they disagree and nobody reviewed
    assert recs[1]["claims"][0]["labels"][0]["annotator"] == "bob"
    before = merged.read_text(encoding="utf-8")
    twice = import_paths(mine, [path])
    assert (twice.claims_added, twice.labels_added) == (0, 0)
    export_jsonl(mine, merged)
    assert merged.read_text(encoding="utf-8") == before
    mine.close()
    theirs.close()


def test_a_label_outside_its_articles_text_is_refused(exported, tmp_path):
    recs = [json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines()]
    n = len(recs[0]["text"])
    recs[0]["claims"][0]["start"], recs[0]["claims"][0]["end"] = n - 2, n + 50
    recs[0]["claims"][0]["text"] = None
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8"
    )
    fresh = open_store(str(tmp_path / "fresh.db"))
    report = import_paths(fresh, [bad])
    assert [str(p) for p in report.problems] == [
        f"{bad}:1: span {n - 2}-{n + 50} is outside the text (length {n})"
    ]
    assert len(report.added) == 2  # the other lines still go in
    fresh.close()


def test_a_label_without_a_verdict_round_trips(store, tmp_path):
    build(store)
    path = tmp_path / "first.jsonl"
    export_jsonl(store, path)
    fresh = open_store(str(tmp_path / "fresh.db"))
    report = import_paths(fresh, [path])
    fresh.close()
    assert not report.problems, [str(p) for p in report.problems]


@pytest.mark.postgres
def test_round_trip_from_postgresql_with_every_option(pg_store, tmp_path):
    build(pg_store)
    first = tmp_path / "pg.jsonl"
    export_jsonl(pg_store, first)
    for options in (
        ExportOptions(annotator="bob"),
        ExportOptions(reviewed_only=True),
        ExportOptions(with_suggestions=True),
        ExportOptions(per_claim=True, chunk_size=1),
    ):
        assert export_jsonl(pg_store, tmp_path / "opt.jsonl", options).articles >= 1
    fresh = open_store(str(tmp_path / "fresh.db"))
    report = import_paths(fresh, [first])
    assert not report.problems, [str(p) for p in report.problems]
    again = tmp_path / "again.jsonl"
    export_jsonl(fresh, again)
    assert content(again) == content(first)
    fresh.close()
