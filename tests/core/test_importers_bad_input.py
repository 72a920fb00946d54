"""Bad input: every case is an ImportProblem shown as `file[:line]: reason`."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from desktop.core.importers import read_paths
from desktop.core.records import ArticleRecord, ImportProblem

EXPORT = json.loads(
    (Path(__file__).resolve().parent / "fixtures_import" / "export_record.json").read_text("utf-8")
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4


@pytest.fixture(autouse=True)
def default_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMDESK_VERDICTS", raising=False)


def messages(*paths: Path | str, **kw: int) -> list[str]:
    out = list(read_paths(paths, **kw))
    assert all(isinstance(r, ArticleRecord | ImportProblem) for r in out)
    return [str(r) if isinstance(r, ImportProblem) else f"article {r.line}" for r in out]


def jsonl_lines(tmp_path: Path, *lines: str) -> Path:
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv"])
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_files(tmp_path: Path, name: str, content: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    assert messages(p) == [f"{p}: file is empty"]


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv"])
def test_binary_files(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(PNG)
    assert messages(p) == [f"{p}: looks like a binary file, not text"]


@pytest.mark.parametrize("name", ["a.txt", "a.html"])
def test_undecodable_whole_file(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes("café au lait, a long enough sentence".encode("cp1252"))
    assert messages(p) == [f"{p}: not valid UTF-8 text (byte 0xe9 at position 3)"]


def test_undecodable_jsonl_line_and_csv_row(tmp_path: Path) -> None:
    j = tmp_path / "a.jsonl"
    j.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "fine"}\n')
    assert messages(j) == [
        "article 1",
        f"{j}:2: not valid UTF-8 text (byte 0xe9 at position 13)",
        "article 3",
    ]
    c = tmp_path / "a.csv"
    c.write_bytes(b"text\nok\ncaf\xe9\nfine\n")
    assert messages(c) == [
        "article 2",
        f"{c}:3: not valid UTF-8 text (byte 0xe9 at position 3)",
        "article 4",
    ]


def test_oversized_whole_file(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"word " * 1_240_000)  # 6.2 MB
    assert messages(p) == [f"{p}: article is 6.2 MB, over the 5.0 MB limit"]
    h = tmp_path / "big.html"
    h.write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    assert messages(h, max_bytes=1000) == [f"{h}: article is 2.0 kB, over the 1.0 kB limit"]


def test_oversized_records_but_file_may_be_bigger(tmp_path: Path) -> None:
    ok, big = "a" * 900, "b" * 1500
    j = jsonl_lines(tmp_path, *(json.dumps({"text": t}) for t in (ok, big, ok)))
    assert messages(j, max_bytes=1000) == [
        "article 1",
        f"{j}:2: article is 1.5 kB, over the 1.0 kB limit",
        "article 3",
    ]
    c = tmp_path / "a.csv"
    c.write_text(f"text\n{ok}\n{big}\n{ok}\n", encoding="utf-8")
    assert messages(c, max_bytes=1000) == [
        "article 2",
        f"{c}:3: article is 1.5 kB, over the 1.0 kB limit",
        "article 4",
    ]


def test_jsonl_line_too_long_to_load(tmp_path: Path) -> None:
    j = jsonl_lines(tmp_path, json.dumps({"text": "x" * 2_000_000}), '{"text": "after"}')
    assert messages(j, max_bytes=1000) == [
        f"{j}:1: line is over 1.0 MB, too long to import",
        "article 2",
    ]


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello there")
    assert messages(missing, odd) == [
        f"{missing}: no such file or folder",
        f"{odd}: unsupported file type .xyz",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert messages(fifo) == [f"{fifo}: not a regular file"]


def test_html_without_article_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    assert messages(p) == [f"{p}: no article text found in HTML"]


def test_html_deeply_nested_does_not_crash(tmp_path: Path) -> None:
    p = tmp_path / "deep.html"
    p.write_text("<div>" * 50_000 + "Some text in the middle of it all." + "</div>" * 50_000)
    (out,) = messages(p)
    assert out.startswith((str(p), "article"))


def test_csv_without_text_column(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("Title,Summary,url\nA,B,C\n")
    assert messages(p) == [
        f"{p}: no text column (expected one of: text, body, content, article; "
        "found: Title, Summary, url)"
    ]


def test_csv_empty_text_row(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text('title,text\nA,"multi\nline"\nB,   \nC,fine\n')
    assert messages(p) == ["article 2", f"{p}:4: text is empty", "article 5"]


BAD_LINES = [
    ('{"text": "abc"', "malformed JSON: Expecting ',' delimiter (column 15)"),
    ("[1, 2]", "expected a JSON object, got a list"),
    ('"just a string"', "expected a JSON object, got a string"),
    ('{"title": "no text"}', 'missing "text"'),
    ('{"text": 42}', '"text" must be a string, not a number'),
    ('{"text": "  \\n "}', "text is empty"),
    ('{"text": "x", "meta": [1]}', '"meta" must be an object, not a list'),
    ('{"text": "x", "n": NaN}', "malformed JSON: NaN is not a valid number"),
    ('{"text": "x\\ud800y"}', "invalid character \\ud800 (a lone surrogate) in a string"),
    ("[" * 100_000, "JSON is nested too deeply"),
    (
        '{"text": "x", "meta": {"a": ' + "[" * 150 + "]" * 150 + "}}",
        "JSON is nested too deeply (over 100 levels)",
    ),
    (
        json.dumps({"text": "a" * 100, "spans": [{"start": 120, "end": 140}]}),
        "span 120-140 is outside the text (length 100)",
    ),
    (
        json.dumps({"text": "abcdef", "label": [[4, 2, "X"]]}),
        "span 4-2 is empty or reversed (start must be before end)",
    ),
    (
        json.dumps({"text": "abcdef", "label": [[3, 3, "X"]]}),
        "span 3-3 is empty or reversed (start must be before end)",
    ),
    (
        json.dumps({"text": "abcdef", "spans": [{"start": "1", "end": 2}]}),
        "span offsets must be integers, not '1'",
    ),
    (
        json.dumps({"text": "abcdef", "spans": [{"start": 1.5, "end": 2}]}),
        "span offsets must be integers, not 1.5",
    ),
    (
        json.dumps({"text": "abcdef", "spans": ["oops"]}),
        "span #1 is not {start, end} or [start, end, label]: 'oops'",
    ),
    (
        json.dumps({"text": "abcdef", "spans": [{"start": 0, "end": 2, "text": "xy"}]}),
        "span 0-2 says 'xy' but the text there is 'ab'",
    ),
    (
        json.dumps({"article": {"title": "t"}, "start": 0, "end": 3, "text": "abc", "labels": []}),
        "per-claim export lines can't be imported; export per article",
    ),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES, ids=[r for _, r in BAD_LINES])
def test_bad_jsonl_lines_do_not_stop_the_others(tmp_path: Path, line: str, reason: str) -> None:
    p = jsonl_lines(tmp_path, '{"text": "first"}', "", line, '{"text": "last"}')
    assert messages(p) == ["article 1", f"{p}:3: {reason}", "article 4"]


def _export_with(change) -> str:  # type: ignore[no-untyped-def]
    rec = copy.deepcopy(EXPORT)
    change(rec["claims"][0])
    return json.dumps(rec)


def _label(claim: dict) -> dict:  # type: ignore[type-arg]
    return claim["labels"][0]


BAD_EXPORTS = [
    (
        lambda c: _label(c).update(verdict="maybe"),
        "claim 0-27, label by 'ann': unknown verdict 'maybe' (expected one of: verified, conflicting, unsupported)",
    ),
    (
        lambda c: c.update(verdict="Nope"),
        "claim 0-27: unknown verdict 'Nope' (expected one of: verified, conflicting, unsupported)",
    ),
    (
        lambda c: c["review"].update(verdict="odd"),
        "claim 0-27, review: unknown verdict 'odd' (expected one of: verified, conflicting, unsupported)",
    ),
    (
        lambda c: _label(c)["sources"][0].update(stance="agrees"),
        "claim 0-27, label by 'ann': unknown stance 'agrees' (expected one of: supports, contradicts, context)",
    ),
    (
        lambda c: _label(c)["sources"][0].update(url="ftp://files.example/x"),
        "claim 0-27, label by 'ann': source url refused: not a web address (http or https): 'ftp://files.example/x'",
    ),
    (
        lambda c: _label(c)["sources"][0].update(url="javascript:alert(1)"),
        "claim 0-27, label by 'ann': source url refused: not a web address (http or https): 'javascript:alert(1)'",
    ),
    (
        lambda c: _label(c)["sources"][1].update(article="nothex"),
        "claim 0-27, label by 'ann': source article 'nothex' is not a sha256 (64 hex digits)",
    ),
    (
        lambda c: _label(c)["sources"].append({"stance": "context"}),
        "claim 0-27, label by 'ann': a source needs either a url or an article (not both)",
    ),
    (lambda c: _label(c).pop("annotator"), "claim 0-27: label without annotator"),
    (lambda c: _label(c).update(annotator="  "), "claim 0-27: label without annotator"),
    (
        lambda c: c["labels"].append({"annotator": "ann", "verdict": "verified"}),
        "claim 0-27: two labels by 'ann'",
    ),
    (lambda c: c["review"].pop("reviewer"), "claim 0-27: review without reviewer"),
    (lambda c: c.update(end=4000), "span 0-4000 is outside the text (length 47)"),
]


@pytest.mark.parametrize(("change", "reason"), BAD_EXPORTS, ids=[r for _, r in BAD_EXPORTS])
def test_bad_export_records(tmp_path: Path, change, reason: str) -> None:  # type: ignore[no-untyped-def]
    p = jsonl_lines(tmp_path, _export_with(change), json.dumps(EXPORT))
    assert messages(p) == [f"{p}:1: {reason}", "article 2"]


def test_problem_without_line_for_whole_file_formats(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"")
    (problem,) = list(read_paths([p]))
    assert isinstance(problem, ImportProblem) and problem.line is None


def test_a_missing_html_dependency_is_named_as_ours_not_the_files(tmp_path: Path) -> None:
    """On an install without lxml_html_clean, every HTML import failed with "couldn't parse
    the HTML (ImportError)", blaming the user's file. It must say what is missing and whose
    fault it is. Run in a fresh interpreter where the package can't be imported."""
    import subprocess
    import sys

    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>" + "A sentence of the article. " * 20
                    + "</p></article></body></html>", encoding="utf-8")
    code = (
        "import sys; sys.modules['lxml_html_clean'] = None\n"
        "from pathlib import Path\n"
        "from desktop.core.importers import html\n"
        f"print(*[str(r) for r in html.read(Path({str(page)!r}), 10**6)], sep='\\n')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "fault of the installation, not of the file" in out.stdout
    assert "lxml_html_clean" in out.stdout and "couldn't parse" not in out.stdout


def test_lxml_html_clean_is_a_declared_dependency() -> None:
    from importlib.metadata import requires

    assert any(r.lower().replace("-", "_").startswith("lxml_html_clean") for r in requires("claimdesk"))
