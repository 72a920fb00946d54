"""The evidence index in the database: migration, building, cancel, upkeep, CLI."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, inspect
from sqlmodel import select

from desktop.cli import main
from desktop.core.importing import import_paths
from desktop.core.models import (
    Article,
    EvidenceArticle,
    EvidenceSentence,
    EvidenceTerm,
    EvidenceTermStat,
)
from desktop.core.nlp.evidence import (
    EvidenceError,
    ensure_index,
    find_evidence,
    missing_from_index,
    propose_verdict,
)
from desktop.core.nlp.evidence import index as evidence_index
from desktop.core.nlp.evidence.finder import adhoc_features
from desktop.core.nlp.evidence.index import TOTAL, default_nlp

REPORTS = {
    "kremlin.txt": "Kremlin readout\n\nVladimir Putin and Donald Trump held a 90-minute phone "
    "conversation on Wednesday about the war in Ukraine. The weather in Moscow was cold.",
    "wire.txt": "Wire report\n\nPutin and Trump spoke by telephone for an hour and a half on Wednesday, "
    "discussing the war in Ukraine. Markets in Tokyo rose on Thursday morning.",
    "tabloid.txt": "Tabloid story\n\nTrump and Putin talked on the phone for an hour on Wednesday about "
    "the Ukraine war. A new bakery opened on the high street of the town.",
    "sports.txt": "Sports desk\n\nThe home team won the cup final after extra time and penalties. "
    "Fans celebrated in the streets until midnight.",
}


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


@pytest.fixture
def reports(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_paths(store, [folder])
    with store.session() as s:
        return {a.origin: (a.id, a.text) for a in s.exec(select(Article))}


def span(reports, origin: str, phrase: str) -> tuple[int, int, int]:
    aid, text = reports[origin]
    start = text.index(phrase)
    return aid, start, start + len(phrase)


def test_migration_creates_the_index_tables(store):
    assert store.revision() == store.head()  # later revisions keep the index tables
    names = set(inspect(store.engine).get_table_names())
    assert {"evidence_article", "evidence_sentence", "evidence_term", "evidence_term_stat"} <= names


def test_ensure_index_indexes_missing_articles_once(store, reports, nlp):
    seen = []
    report = ensure_index(store, nlp=nlp, progress=lambda done, total: seen.append((done, total)))
    assert report.indexed == 4 and not report.cancelled
    assert seen[-1] == (4, 4)
    assert missing_from_index(store) == []
    assert ensure_index(store, nlp=nlp).indexed == 0


def test_document_frequencies_match_the_postings_after_reindexing(store, reports, nlp):
    ensure_index(store, nlp=nlp)
    aid = reports["wire.txt"][0]
    with store.write() as s:  # an older features version: indexed again
        s.get(EvidenceArticle, aid).version = "0"
    assert missing_from_index(store) == [aid]
    ensure_index(store, nlp=nlp)
    with store.session() as s:
        postings = dict(
            s.exec(select(EvidenceTerm.term, func.count()).group_by(EvidenceTerm.term)).all()
        )
        stats = dict(s.exec(select(EvidenceTermStat.term, EvidenceTermStat.df)).all())
        sentences = s.exec(select(func.count()).select_from(EvidenceSentence)).one()
    assert stats.pop(TOTAL) == sentences
    assert {t: n for t, n in stats.items() if n} == postings


def test_cancel_stops_between_batches(store, reports, nlp, monkeypatch):
    monkeypatch.setattr(evidence_index, "BATCH", 1)
    stop = threading.Event()
    report = ensure_index(store, nlp=nlp, progress=lambda done, total: stop.set(), cancel=stop)
    assert report.cancelled and report.indexed == 1
    assert len(missing_from_index(store)) == 3


def test_deleting_an_article_drops_its_index_rows(store, reports, nlp):
    ensure_index(store, nlp=nlp)
    aid = reports["tabloid.txt"][0]
    with store.write() as s:
        s.delete(s.get(Article, aid))
    with store.session() as s:
        assert (
            s.exec(select(EvidenceSentence).where(EvidenceSentence.article_id == aid)).first()
            is None
        )
        assert s.exec(select(EvidenceTerm).where(EvidenceTerm.article_id == aid)).first() is None


def test_find_evidence_across_articles(store, reports, nlp):
    ensure_index(store, nlp=nlp)
    aid, start, end = span(
        reports,
        "kremlin.txt",
        "Vladimir Putin and Donald Trump held a 90-minute phone conversation on Wednesday",
    )
    matches = find_evidence(store, aid, start, end, nlp=nlp)
    by_origin = {next(o for o, (i, _) in reports.items() if i == m.article_id): m for m in matches}
    assert set(by_origin) == {"wire.txt", "tabloid.txt"}  # not the sports page
    wire, tabloid = by_origin["wire.txt"], by_origin["tabloid.txt"]
    assert wire.proposed_stance == "supports" and wire.discrepancies == []
    assert tabloid.proposed_stance == "contradicts"
    assert [d.kind for d in tabloid.discrepancies] == ["number"]
    assert reports["tabloid.txt"][1][tabloid.start : tabloid.end] == tabloid.text
    assert propose_verdict(matches).verdict == "conflicting"
    assert propose_verdict([wire]).verdict == "verified"


def test_find_evidence_indexes_the_claim_article_on_the_fly(store, reports, nlp):
    aid, start, end = span(reports, "sports.txt", "The home team won the cup final")
    assert find_evidence(store, aid, start, end, nlp=nlp) == []
    assert aid not in missing_from_index(store)
    assert propose_verdict([]).verdict == "unsupported"


def test_find_evidence_rejects_bad_spans(store, reports, nlp):
    aid, text = reports["wire.txt"]
    with pytest.raises(EvidenceError, match="outside the text"):
        find_evidence(store, aid, 0, len(text) + 1, nlp=nlp)
    with pytest.raises(EvidenceError, match="does not exist"):
        find_evidence(store, 9999, 0, 10, nlp=nlp)


def test_cli_evidence_builds_the_index_and_prints_json(store, reports, db_path, capsys):
    aid, start, end = span(
        reports, "kremlin.txt", "held a 90-minute phone conversation on Wednesday"
    )
    rc = main(["--db", str(db_path), "evidence", "kremlin.txt", str(start), str(end), "--json"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "indexing 4 articles" in err
    data = json.loads(out)
    assert {m["article_id"] for m in data["matches"]} == {
        reports["wire.txt"][0],
        reports["tabloid.txt"][0],
    }
    assert data["proposed_verdict"]["verdict"] == "conflicting"
    rc = main(["--db", str(db_path), "evidence", str(aid), str(start), str(end), "--top", "1"])
    out, err = capsys.readouterr()
    assert rc == 0 and err == ""
    assert "proposed verdict:" in out and out.count("  #") == 1


def test_cli_evidence_usage_errors(store, reports, db_path, capsys):
    assert main(["--db", str(db_path), "evidence", "missing.txt", "0", "5"]) == 2
    assert "no article" in capsys.readouterr().err


def test_a_headline_the_index_skipped_is_still_searched(store, reports, nlp):
    ensure_index(store, nlp=nlp)
    aid, text = reports["wire.txt"]
    # "Wire report" is too short to index; the claim's features are computed on the fly.
    assert find_evidence(store, aid, 0, len("Wire report"), nlp=nlp) == []
    text = "Headline\n\nPutin, Trump: 90-minute call"
    start = text.index("Putin")
    claim = adhoc_features(nlp, text, start, len(text))
    assert claim.quantities[0].value == 90.0
    assert text[claim.quantities[0].start : claim.quantities[0].end] == "90-minute"


def test_the_rule_based_fallback_pipeline_still_gives_features():
    from desktop.core.nlp.evidence import extract_features
    from desktop.core.nlp.pipeline import load_pipeline

    blank, info = load_pipeline(allow_trained=False)
    assert info.degraded
    fs = extract_features(
        blank("Putin and Trump spoke for 90 minutes on Wednesday. Fogel was freed.")
    )
    assert fs and fs[0].quantities[0].value == 90.0
