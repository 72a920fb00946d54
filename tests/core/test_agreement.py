"""Agreement: Cohen's kappa and Krippendorff's alpha against published worked examples,
degenerate cases (our conventions), span agreement, and the report from a database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.cli import main
from desktop.core import labelling as L
from desktop.core.agreement import (
    agreement_report,
    cohen_kappa,
    compute,
    confusion,
    jaccard,
    krippendorff_alpha,
    overlap_agreement,
)
from tests.core.helpers import add_articles


def table(yy: int, yn: int, ny: int, nn: int) -> list[tuple[str, str]]:
    return [("yes", "yes")] * yy + [("yes", "no")] * yn + [("no", "yes")] * ny + [("no", "no")] * nn


@pytest.mark.parametrize(
    "cells,kappa",
    [
        ((20, 5, 10, 15), 0.4),  # Wikipedia, "Cohen's kappa", simple example (50 applications)
        ((45, 15, 25, 15), 0.1304),  # Wikipedia, same agreement, different marginals
        ((25, 35, 5, 35), 0.2593),
    ],
)
def test_cohen_kappa_wikipedia_examples(cells, kappa):
    assert cohen_kappa(table(*cells)) == pytest.approx(kappa, abs=1e-4)


def test_krippendorff_alpha_nominal_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 observers x 12
    # units with missing values (also on Wikipedia): nominal alpha = 0.743
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3]
    c = [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]
    units = [[str(v) for v in unit if v is not None] for unit in zip(a, b, c, d, strict=True)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)


def test_alpha_of_two_raters_is_close_to_kappa_on_a_large_sample():
    pairs = table(200, 50, 100, 150)
    assert krippendorff_alpha([list(p) for p in pairs]) == pytest.approx(
        cohen_kappa(pairs), abs=0.02
    )


def test_degenerate_cases():
    assert cohen_kappa([]) is None  # nothing shared
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([["verified"], ["conflicting"]]) is None  # no unit has 2 values
    # one verdict used by everyone everywhere: expected agreement is 1 -> 1.0 by convention
    assert cohen_kappa([("verified", "verified")] * 3) == 1.0
    assert krippendorff_alpha([["verified", "verified", "verified"]] * 3) == 1.0
    # perfect agreement with variety, and perfect disagreement
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]) == -1.0
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0


def test_one_annotator_has_no_pairs_and_no_alpha():
    report = compute([(1, "ana", "verified", 1, 0, 5), (2, "ana", "conflicting", 1, 6, 9)])
    assert report.pairs == [] and report.alpha is None and report.alpha_units == 0
    assert report.progress[0].verdicts == {"verified": 1, "conflicting": 1}


def test_all_the_same_verdict_is_flagged_as_chance_only():
    rows = [(c, who, "verified", 1, c * 10, c * 10 + 5) for c in range(3) for who in ("ana", "bob")]
    (pair,) = compute(rows).pairs
    assert pair.kappa == 1.0 and pair.chance_only and pair.observed == 1.0


def test_confusion_and_span_agreement():
    assert confusion([("a", "b"), ("a", "a"), ("b", "b")], ["a", "b"]) == [[1, 1], [0, 1]]
    assert jaccard({1, 2}, {2, 3}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) is None
    # article 1: ana [0,10) [20,30); bob [5,12) overlaps the first only; article 2: bob alone
    ana = {1: [(0, 10), (20, 30)]}
    bob = {1: [(5, 12)], 2: [(0, 4)]}
    assert overlap_agreement(ana, bob) == pytest.approx((1 + 1) / 4)
    assert overlap_agreement({1: [(0, 5)]}, {1: [(5, 9)]}) == 0  # touching is not overlapping


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=40))
def test_kappa_is_symmetric_and_bounded(pairs):
    k = cohen_kappa(pairs)
    assert k == pytest.approx(cohen_kappa([(b, a) for a, b in pairs]))
    assert -1.0 - 1e-9 <= k <= 1.0 + 1e-9


@given(st.lists(st.lists(st.sampled_from("abcd"), min_size=2, max_size=4), min_size=1, max_size=30))
def test_alpha_is_at_most_one(units):
    assert krippendorff_alpha(units) <= 1.0 + 1e-9


TEXT = "One claim here. Two claim there. Three claims everywhere. Four."


@pytest.fixture
def labelled(store):
    (a,) = add_articles(store, TEXT)
    claims = [
        L.create_claim(store, "ana", a, s, e).claim_id for s, e in ((0, 14), (16, 31), (33, 56))
    ]
    for cid, v in zip(claims, ("verified", "conflicting", "unsupported"), strict=True):
        L.set_verdict(store, "ana", cid, v)
    for cid, v in zip(claims[:2], ("verified", "unsupported"), strict=True):
        L.set_verdict(store, "bob", cid, v)
    extra = L.create_claim(store, "bob", a, 58, 63).claim_id  # marked, no verdict
    L.set_note(store, "bob", extra, "check")
    return claims


def test_report_from_the_database(store, labelled):
    report = agreement_report(store)
    assert report.annotators == ["ana", "bob"]
    assert report.verdicts == ["verified", "conflicting", "unsupported"]
    (pair,) = report.pairs
    assert (pair.items, pair.observed) == (2, 0.5)
    assert pair.confusion == [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
    assert pair.span_jaccard == pytest.approx(2 / 4)  # {1,2,3} vs {1,2,4}
    assert [(p.annotator, p.claims, p.with_verdict) for p in report.progress] == [
        ("ana", 3, 3),
        ("bob", 3, 2),
    ]
    assert report.alpha_units == 2


def test_cli_agreement_json_and_table(store, labelled, capsys, db_path):
    store.close()
    assert main(["--db", str(db_path), "agreement", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotators"] == ["ana", "bob"] and data["pairs"][0]["items"] == 2
    assert main(["--db", str(db_path), "agreement"]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's alpha" in out and "ana / bob" in out


def test_cli_agreement_on_an_empty_database(capsys, db_path):
    assert main(["--db", str(db_path), "agreement"]) == 0
    assert "no labels yet" in capsys.readouterr().out
