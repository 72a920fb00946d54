"""spaCy DocBin, CSV and ClaimReview exports, each read back with its ecosystem's reader."""

from __future__ import annotations

import csv
import json

import pytest
import spacy
from spacy.tokens import DocBin

from desktop.core.export import ExportError, ExportOptions, export
from desktop.core.export.csv_ import COLUMNS, safe_cell
from tests.core.test_export_fixtures import TEXT_A, TEXT_B, build


@pytest.fixture
def ids(store):
    return build(store)


def test_docbin_loads_with_a_blank_vocab_and_holds_the_claims(store, ids, tmp_path):
    out = tmp_path / "train.spacy"
    counts = export(store, "spacy", out)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert counts.articles == len(docs) == 3
    a, b = docs[0], docs[1]
    assert a.text == TEXT_A and b.text == TEXT_B
    assert [s.label_ for s in a.spans["claims"]] == ["VERIFIED", "CLAIM"]
    assert [s.label_ for s in b.spans["claims"]] == ["CLAIM", "VERIFIED"]
    assert a.spans["claims"][0].text == "1 200 personnes ont été évacuées à Zürich"
    assert a.user_data["meta"]["article_id"] == ids["a"]
    # overlapping claims live side by side in a span group
    s1, s2 = a.spans["claims"]
    assert s1.start_char < s2.start_char < s1.end_char


def test_docbin_widens_spans_that_cut_a_token(store, tmp_path):
    from desktop.core import labelling as L
    from tests.core.helpers import add_articles

    (a,) = add_articles(store, "Officials counted 1200 evacuees on Sunday.")
    L.create_claim(store, "ana", a, 20, 30)  # "00 evacuee": cuts two tokens
    out = tmp_path / "x.spacy"
    export(store, "spacy", out)
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert doc.spans["claims"][0].text == "1200 evacuees"


def test_csv_has_one_row_per_label_and_reads_back(store, ids, tmp_path):
    out = tmp_path / "labels.csv"
    export(store, "csv", out)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 6  # a1: ana, bob; a2: ana, bob; b1: ana; b2: bob
    ana = rows[0]
    assert (ana["annotator"], ana["verdict"], ana["final_verdict"], ana["reviewer"]) == (
        "ana",
        "verified",
        "verified",
        "cleo",
    )
    assert ana["claim_text"] == "1 200 personnes ont été évacuées à Zürich"
    assert ana["note"] == "Zürich canton's numbers — «officiel»"
    assert ana["sources"].startswith(
        "supports: https://example.org/zürich?q=1&x=é (Canton) | contradicts: article "
    )
    assert rows[2]["final_verdict"] == ""  # ana vs bob, not reviewed
    b1 = rows[4]
    assert b1["verdict"] == "" and b1["note"] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        ("a=1", "a=1"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_csv_formula_escaping(value, expected):
    assert safe_cell(value) == expected


def test_csv_escapes_titles_and_sources_too(store, tmp_path):
    from desktop.core import labelling as L
    from desktop.core.importing import import_records
    from desktop.core.records import ArticleRecord

    rep = import_records(
        store,
        [
            ArticleRecord(
                text="Cats are 100% liquid.",
                origin="-cmd.txt",
                title="=cmd|' /C calc'!A0",
                source="@evil",
            )
        ],
    )
    cid = L.create_claim(store, "ana", rep.added[0], 0, 4).claim_id
    L.add_source(store, "ana", cid, url="https://example.org", title="+x")
    out = tmp_path / "x.csv"
    export(store, "csv", out)
    with open(out, newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["title"] == "'=cmd|' /C calc'!A0" and row["source"] == "'@evil"
    assert row["origin"] == "'-cmd.txt"
    assert row["sources"] == "supports: https://example.org (+x)"  # starts with a letter


def test_claimreview_is_a_json_array_of_reviewed_claims(store, ids, tmp_path):
    from desktop.core import review

    with store.write() as s:
        from desktop.core.models import Article

        art = s.get(Article, ids["a"])
        art.url, art.source, art.published = "https://lemonde.example/x", "Le Monde", "2025-02-12"
    review.set_review(store, "cleo", ids["a2"], "conflicting")
    out = tmp_path / "cr.json"
    counts = export(store, "claimreview", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert counts.claims == len(data) == 2
    first = data[0]
    assert first["@context"] == "https://schema.org" and first["@type"] == "ClaimReview"
    assert first["claimReviewed"] == "1 200 personnes ont été évacuées à Zürich"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert data[1]["reviewRating"]["alternateName"] == "Mixed"
    item = first["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {
        "@type": "Organization",
        "name": "Le Monde",
    }
    assert item["appearance"][0]["url"] == "https://lemonde.example/x"
    assert first["author"] == {"@type": "Person", "name": "cleo"}
    assert len(first["datePublished"]) == 10 and first["reviewBody"] == "both agree"


def test_claimreview_of_nothing_reviewed_is_an_empty_array(store, tmp_path):
    out = tmp_path / "cr.json"
    export(store, "claimreview", out)
    assert json.loads(out.read_text()) == []


def test_claimreview_rating_table():
    from desktop.core.export.claimreview import rating

    assert [
        rating(v)["alternateName"] for v in ("verified", "conflicting", "unsupported", "refuted")
    ] == ["True", "Mixed", "Unproven", "False"]
    assert "ratingValue" not in rating("satire") and rating("satire")["alternateName"] == "Satire"


def test_jsonl_only_options_are_refused_for_other_formats(store, tmp_path):
    with pytest.raises(ExportError, match="jsonl format only"):
        export(store, "csv", tmp_path / "x.csv", ExportOptions(per_claim=True))
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, "xml", tmp_path / "x.xml")
