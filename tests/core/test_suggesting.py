"""Suggestions through the store: computed once, cached by model and suggester version."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core import labelling, queries, suggesting
from desktop.core.importing import import_paths
from desktop.core.nlp import suggester
from desktop.core.store import open_store
from desktop.core.suggestion_report import suggestion_quality
from tests.conftest import SEEDS


@pytest.fixture
def seeded(store, seeds_dir):
    import_paths(store, [seeds_dir])
    return store


def test_read_side_default_threshold_matches_the_suggester():
    assert queries.DEFAULT_THRESHOLD == suggester.DEFAULT_THRESHOLD


def test_suggestions_are_computed_once_and_cached(seeded):
    first = suggesting.compute_suggestions(seeded, in_process=True)
    assert first.done == 5 and first.suggestions > 20 and first.model.startswith("en_core_web_sm")
    again = suggesting.compute_suggestions(seeded, in_process=True)
    assert again.done == 0
    some = suggesting.compute_suggestions(seeded, [1, 2], in_process=True)
    assert some.done == 0 and some.skipped == 2
    view = queries.article_view(seeded, 4, None)
    assert view.suggestions and all(
        g.score >= queries.DEFAULT_THRESHOLD and g.reasons for g in view.suggestions
    )


def test_a_new_suggester_version_recomputes(seeded, monkeypatch):
    suggesting.compute_suggestions(seeded, [1], in_process=True)
    monkeypatch.setattr(suggester, "SUGGESTER_VERSION", "test-next")
    report = suggesting.compute_suggestions(seeded, [1], in_process=True)
    assert report.done == 1


def test_the_threshold_applies_when_reading(seeded):
    suggesting.compute_suggestions(seeded, [4], in_process=True)
    low = queries.article_view(seeded, 4, None, threshold=suggesting.STORE_FLOOR).suggestions
    high = queries.article_view(seeded, 4, None, threshold=0.9).suggestions
    assert len(low) > len(high)


def test_two_worker_processes_store_the_same_suggestions(seeded, tmp_path):
    suggesting.compute_suggestions(seeded, in_process=True)
    here = {i: queries.article_view(seeded, i, None).suggestions for i in range(1, 6)}
    seeded2 = open_store(str(tmp_path / "two.db"))
    import_paths(seeded2, [SEEDS])
    report = suggesting.compute_suggestions(seeded2, n_process=2)
    assert report.done == 5
    there = {i: queries.article_view(seeded2, i, None).suggestions for i in range(1, 6)}
    assert there == here


def test_quality_report_matches_suggestions_against_labelled_claims(seeded):
    suggesting.compute_suggestions(seeded, [4], in_process=True)
    views = queries.article_view(seeded, 4, None).suggestions
    hit = views[0]
    ch = labelling.accept_suggestion(seeded, "ana", 4, hit.start, hit.end, hit.reasons)
    labelling.set_verdict(seeded, "ana", ch.claim_id, "verified")
    labelling.reject_suggestion(seeded, "ana", 4, views[1].start, views[1].end)
    q = suggestion_quality(seeded, queries.DEFAULT_THRESHOLD)
    assert q.claims == 1 and q.recall == 1.0
    assert q.precision == pytest.approx(1 / len(views))
    assert q.accepted == 1 and q.rejected == 1
    assert all(stats.suggested >= stats.matched for stats in q.per_reason.values())


def test_cli_suggest_json_and_report(capsys, db_path, seeds_dir):
    main(["--db", str(db_path), "import", str(seeds_dir)])
    capsys.readouterr()
    assert main(["--db", str(db_path), "suggest", "003_c950c1c8c6039751.txt", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    [article] = out["articles"]
    assert article["origin"] == "003_c950c1c8c6039751.txt" and article["suggestions"]
    first = article["suggestions"][0]
    assert {"start", "end", "score", "reasons", "text"} <= set(first)
    assert main(["--db", str(db_path), "suggest", "--report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"] == 0
    assert main(["--db", str(db_path), "suggest", "no-such-file.txt"]) == 1


def test_the_suggestion_pass_also_fills_the_evidence_index(seeded):
    from desktop.core.nlp.evidence import find_evidence, missing_from_index

    assert len(missing_from_index(seeded)) == 5
    suggesting.compute_suggestions(seeded, in_process=True)
    assert missing_from_index(seeded) == []  # one parse served both
    text = queries.article_view(seeded, 4, None).text
    start = text.index("held a 90-minute phone conversation")
    matches = find_evidence(seeded, 4, start, start + 60)
    assert any("an hour and a half" in m.text for m in matches)
