"""Importers: the demo seeds and each format with its metadata and spans."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.importers import SUPPORTED_EXTENSIONS, read_paths
from desktop.core.importers.normalise import normalise_text, text_sha256
from desktop.core.records import ArticleRecord, ImportProblem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures_import"


def read_all(*paths: Path | str, **kw: int) -> list[ArticleRecord | ImportProblem]:
    return list(read_paths(paths, **kw))


def articles(*paths: Path | str) -> list[ArticleRecord]:
    out = read_all(*paths)
    assert all(isinstance(r, ArticleRecord) for r in out), [str(r) for r in out]
    return out  # type: ignore[return-value]


def write_jsonl(path: Path, *objs: object) -> Path:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


def test_supported_extensions() -> None:
    assert {".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".zip",
            ".csv", ".tsv"} == set(
        SUPPORTED_EXTENSIONS
    )


def test_seeds_import_as_five_articles_with_titles_and_sources() -> None:
    recs = {r.origin: r for r in articles(SEEDS)}
    assert len(recs) == 5
    by_prefix = {name[:3]: r for name, r in recs.items()}
    assert by_prefix["000"].title == (
        "Trump Calls Putin: “Start Peace Talks Now.” Then He Calls Zelensky Too"
    )
    assert by_prefix["000"].source is None  # the outlet is not named in that file
    assert by_prefix["001"].title == (
        "Trump calls on Putin and Zelenskiy to initiate peace negotiations in Ukraine ‘immediately’"
    )
    assert by_prefix["001"].source == "EL PAÍS"
    assert by_prefix["002"].title == (
        "Donald Trump recently expressed his agreement with Russia’s objection to Ukraine joining NATO."
    )
    assert by_prefix["002"].source == "ANSA"
    assert (
        by_prefix["003"].title == "Putin and Trump Plan In-Person Meeting After Lengthy Phone Call"
    )
    assert by_prefix["003"].source == "cgtn.com"
    assert by_prefix["004"].title == (
        "Trump: Putin and Selensky want peace; phone calls initiate talks to end the war"
    )
    assert (by_prefix["004"].source, by_prefix["004"].author) == ("Reuters", "Thomas Weyermann")


def test_seed_text_is_the_whole_file() -> None:
    for rec in articles(SEEDS):
        raw = (SEEDS / rec.origin).read_text(encoding="utf-8")
        assert rec.text == normalise_text(raw)
        assert rec.text.startswith(raw[:5])  # not stripped: offsets match the file


def test_text_metadata_lines(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(
        "Share\n\n_\n\nMayor promises three bridges\r\nBy Jane Doe\r\n"
        "Published: 2025-02-12\n\nThe mayor said so.\n\n© 2025 ANSA\n",
        encoding="utf-8",
    )
    (rec,) = articles(p)
    assert rec.title == "Mayor promises three bridges"
    assert (rec.author, rec.published, rec.source) == ("Jane Doe", "2025-02-12", "ANSA")
    assert rec.text.startswith("Share\n\n_\n\nMayor promises three bridges\nBy")
    assert (rec.origin, rec.line) == ("a.md", None)


def test_text_explicit_source_and_copyright(tmp_path: Path) -> None:
    p = tmp_path / "b.txt"
    p.write_text("Headline here\nBody text.\nSource: Reuters\nCopyright © ANSA\n", "utf-8")
    assert articles(p)[0].source == "Reuters"
    p.write_text("Headline here\nBody text.\nCopyright 2024 Reuters. All rights reserved.\n")
    assert articles(p)[0].source == "Reuters"
    p.write_text("Headline here\nBy the end of the day, nothing had changed.\n")
    assert articles(p)[0].author is None  # prose, not a byline


def test_long_first_line_title_is_shortened(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_text("word " * 100, encoding="utf-8")
    title = articles(p)[0].title
    assert title is not None and len(title) <= 201 and title.endswith("…")


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_bytes("\ufeffCafe\u0301 news today\r\nline two\r".encode())
    (rec,) = articles(p)
    assert rec.text == "Café news today\nline two\n"


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "e.txt"
    p.write_bytes("Zürich council votes\nYes.".encode("utf-16"))
    assert articles(p)[0].title == "Zürich council votes"


def test_normalise_is_idempotent_and_hash_is_hex() -> None:
    s = "\ufeff\ufeffa\r\r\nb\u0065\u0301"
    once = normalise_text(s)
    assert once == "a\n\nbé" and normalise_text(once) == once
    assert len(text_sha256(once)) == 64 and int(text_sha256(once), 16) >= 0


def test_html_metadata_and_text(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    (rec,) = articles(p)
    assert rec.title == "Mayor promises bridges"
    assert (rec.author, rec.source) == ("Jane Doe", "Example Times")
    assert (rec.url, rec.published) == ("https://example.com/a", "2025-02-12")
    assert "three new bridges" in rec.text and "60 million" in rec.text
    assert "EVIL" not in rec.text and "Home | News" not in rec.text


def test_html_never_runs_scripts_or_fetches(tmp_path: Path, monkeypatch) -> None:
    import socket
    import urllib.request

    def no_network(*a: object, **k: object) -> None:
        raise AssertionError("network access during HTML import")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    p = tmp_path / "page.htm"
    p.write_text(HTML, encoding="utf-8")
    (rec,) = articles(p)
    assert "document.write" not in rec.text and "fetch(" not in rec.text


def test_jsonl_metadata_and_prodigy_spans(tmp_path: Path) -> None:
    p = write_jsonl(
        tmp_path / "p.jsonl",
        {
            "text": "Hello world. The sky is green.",
            "meta": {"title": "T", "source": "Wire", "url": "https://x.org/1", "topic": "sky"},
            "author": "Ann",
            "published": "2025-01-01",
            "spans": [{"start": 13, "end": 30, "label": "VERIFIED", "text": "The sky is green."}],
            "tokens": [{"text": "Hello", "start": 0, "end": 5, "id": 0, "ws": True}],
            "_input_hash": 1,
            "answer": "accept",
        },
    )
    (rec,) = articles(p)
    assert (rec.title, rec.source, rec.url) == ("T", "Wire", "https://x.org/1")
    assert (rec.author, rec.published, rec.line, rec.origin) == ("Ann", "2025-01-01", 1, "p.jsonl")
    assert rec.meta == {"topic": "sky"}
    assert [(c.start, c.end, c.labels) for c in rec.claims] == [(13, 30, [])]  # no label


def test_jsonl_doccano_spans(tmp_path: Path) -> None:
    text = "Alpha beta. Gamma delta."
    p = write_jsonl(
        tmp_path / "d.ndjson",
        {"id": 7, "text": text, "label": [[0, 11, "CLAIM"], [12, 24, "CLAIM"], [0, 11, "X"]]},
        {"text": text, "entities": [{"id": 1, "start_offset": 12, "end_offset": 24, "label": "C"}]},
        {"text": text, "label": ["POSITIVE"]},
    )
    a, b, c = articles(p)
    assert [(x.start, x.end) for x in a.claims] == [(0, 11), (12, 24)]
    assert a.meta == {"id": 7}
    assert [(x.start, x.end) for x in b.claims] == [(12, 24)]
    assert c.claims == [] and c.meta == {"label": ["POSITIVE"]}


def test_jsonl_span_offsets_follow_normalisation(tmp_path: Path) -> None:
    raw = "A\r\nCafe\u0301 owner says prices rose."
    start = raw.index("owner")
    p = write_jsonl(
        tmp_path / "n.jsonl", {"text": raw, "spans": [{"start": start, "end": len(raw)}]}
    )
    (rec,) = articles(p)
    (claim,) = rec.claims
    assert rec.text[claim.start : claim.end] == "owner says prices rose."


EXPORT = json.loads((FIXTURES / "export_record.json").read_text(encoding="utf-8"))
HTML = (FIXTURES / "article.html").read_text(encoding="utf-8")


def test_jsonl_claimdesk_export_record(tmp_path: Path) -> None:
    (rec,) = articles(write_jsonl(tmp_path / "export.jsonl", EXPORT))
    assert (rec.title, rec.source, rec.url, rec.published) == (
        "Bridges",
        "Times",
        "https://example.com/b",
        "2025-02-12",
    )
    assert rec.meta == {}  # id, file and hash of the exporting database are not metadata
    assert rec.origin == "bridges.txt"  # the file the article first came from
    first, second = rec.claims
    assert (first.start, first.end, second.start, second.end) == (0, 27, 28, 47)
    ann, bob = first.labels
    assert (ann.annotator, ann.verdict, ann.note) == ("ann", "verified", "matches the budget")
    assert (ann.created_at, ann.updated_at) == (
        "2025-02-13T10:00:00+00:00",
        "2025-02-13T10:05:00+00:00",
    )
    web, span = ann.sources
    assert (web.url, web.stance, web.title, web.article_sha256) == (
        "https://gov.example/budget",
        "supports",
        "Budget",
        None,
    )
    assert (span.article_sha256, span.start, span.end, span.text) == (
        "cd" * 32,
        4,
        20,
        "cost 60 million",
    )
    assert (span.stance, span.note, span.url) == ("contradicts", "other outlet", None)
    assert (bob.annotator, bob.verdict, bob.sources) == ("bob", "unsupported", [])
    assert first.review is not None
    assert (first.review.reviewer, first.review.verdict, first.review.note) == (
        "rev",
        "conflicting",
        "both plausible",
    )
    assert first.review.decided_at == "2025-02-14T09:00:00+00:00"
    assert second.labels == [] and second.review is None


def test_csv_columns_and_meta(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(
        "Headline,TEXT,Source,URL,Author,Date,topic\r\n"
        '"Bridges","The bridge, it ""cost""\nforty million.",Times,https://e.x/1,Ann,2025-02-12,infra\r\n'
        "\r\n"
        "Second,Short text,,,,,\r\n",
        encoding="utf-8",
    )
    a, b = articles(p)
    assert a.text == 'The bridge, it "cost"\nforty million.'
    assert (a.title, a.source, a.url, a.author, a.published) == (
        "Bridges",
        "Times",
        "https://e.x/1",
        "Ann",
        "2025-02-12",
    )
    assert (a.meta, a.line, a.origin) == ({"topic": "infra"}, 2, "a.csv")
    assert (b.title, b.source, b.meta, b.line) == ("Second", None, {}, 5)


def test_tsv_as_nlp_datasets_ship_it(tmp_path: Path) -> None:
    """CheckThat!'s layout: Sentence_id, Text, class_label; CSV quoting inside a TSV."""
    p = tmp_path / "ct.tsv"
    p.write_text(
        "Sentence_id\tText\tclass_label\n"
        "30313\tAnd so I know that this is something that we'll be able to do.\tNo\n"
        '1\t"He said ""40 percent"", a comma, and\ta tab."\tYes\n'
        "2\t\tNo\n",
        encoding="utf-8",
    )
    a, b, empty = read_all(p)
    assert a.text.startswith("And so I know") and a.meta == {"Sentence_id": "30313", "class_label": "No"}
    assert b.text == 'He said "40 percent", a comma, and\ta tab.' and b.meta["class_label"] == "Yes"
    assert isinstance(empty, ImportProblem) and (empty.reason, empty.line) == ("text is empty", 4)
    bad = tmp_path / "no_text.tsv"
    bad.write_text("id\tsentence\n1\tHello there.\n", encoding="utf-8")
    (problem,) = read_all(bad)
    assert "no text column" in problem.reason and "sentence" in problem.reason


def test_csv_body_column_and_big_cell(tmp_path: Path) -> None:
    p = tmp_path / "b.csv"
    big = "x" * 300_000  # over the csv module's default 128 kB field limit
    p.write_text(f"body\n{big}\n", encoding="utf-8")
    (rec,) = articles(p)
    assert rec.text == big


def test_read_paths_accepts_a_single_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Only article here\n")
    assert [r.title for r in read_paths(tmp_path / "a.txt")] == ["Only article here"]
    assert [r.title for r in read_paths(str(tmp_path))] == ["Only article here"]


def test_folders_are_sorted_and_skip_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("Second article\n")
    (tmp_path / "sub" / "a.TXT").write_text("Nested article\n")
    (tmp_path / "a.txt").write_text("First article\n")
    (tmp_path / ".secret.txt").write_text("Hidden article\n")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden too\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert [r.title for r in articles(tmp_path)] == [
        "First article",
        "Second article",
        "Nested article",
    ]


def test_html_fragment_without_body(tmp_path: Path) -> None:
    p = tmp_path / "frag.html"
    p.write_text("<p>The mayor said the bridge cost 40 million euros.</p>", encoding="utf-8")
    assert articles(p)[0].text == "The mayor said the bridge cost 40 million euros."
