"""Hostile files for every importer: thousands of generated cases built from the pieces
attackers and broken exporters produce. No crash, no hang over 5 s a file, no network,
and every failure is a clear `file[:line]: reason`."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.importers import read_paths
from desktop.core.records import ArticleRecord, ImportProblem

EXAMPLES = int(os.environ.get("CLAIMDESK_FUZZ_EXAMPLES", "500"))  # per format
PER_FILE_SECONDS = 5.0

PIECES = st.sampled_from(
    [
        b"The minister said 40% of voters agreed on Tuesday.\n",
        b"\x00\x00\x00",
        b"\xff\xfe\xfd",
        b"\xc3\x28",
        b"\xed\xa0\x80",  # NUL, invalid UTF-8
        b"A" * 200_000,
        b"\n" * 5000,
        b"\r\r\n\r",
        b"<script>fetch('http://evil.example/x')</script>",
        b'<img src="http://evil.example/pixel.gif"><iframe src="https://evil.example"></iframe>',
        b"<html><body><article><p>Peskov confirmed the call on Wednesday.</p></article></body></html>",
        b"[" * 5000,
        b"{" * 5000,
        b'{"text": "ok", "spans": [{"start": 0, "end": 99999}]}\n',
        b'{"text": "Putin spoke.", "claims": [{"start": 0, "end": 5, "labels": [{"annotator": "a", "verdict": "maybe"}]}]}\n',
        b'{"text": "Putin spoke.", "claims": [{"start": 0, "end": 5, "labels": [{"annotator": "a", "verdict": "verified", "sources": [{"url": "javascript:alert(1)"}]}]}]}\n',
        b'text,title\n=HYPERLINK("http://evil"),+cmd\n',
        b"@SUM(1+1),-2\n",
        b'"unterminated,\n',
        "Zelenskyy said \u201cpeace\u201d \u00e9\u0301".encode(),
        b"\xef\xbb\xbf",
    ]
)
FORMATS = ["txt", "html", "jsonl", "csv"]


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("an importer tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _check(path: Path) -> None:
    start = time.perf_counter()
    out = list(read_paths([path], max_bytes=1_000_000))
    assert time.perf_counter() - start < PER_FILE_SECONDS
    for item in out:
        assert isinstance(item, ArticleRecord | ImportProblem)
        if isinstance(item, ImportProblem):
            assert str(item).startswith(str(path))
            assert item.reason and "Traceback" not in item.reason and len(item.reason) < 500
        else:
            assert (
                item.text.strip() and "<script" not in item.text.lower() or path.suffix != ".html"
            )


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # 200 KB examples
@pytest.mark.parametrize("ext", FORMATS)
def test_hostile_files_never_crash_hang_or_fetch(tmp_path_factory, ext):
    folder = tmp_path_factory.mktemp(ext)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(PIECES, min_size=1, max_size=6))
    def one(parts: list[bytes]) -> None:
        path = folder / f"hostile.{ext}"
        path.write_bytes(b"".join(parts))
        _check(path)

    one()


def test_html_scripts_and_remote_images_are_dropped_not_run(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Call</title><script>document.write('INJECTED')</script></head>"
        "<body><article><p>Peskov confirmed the call between the two presidents on Wednesday, "
        "and said it lasted an hour and a half.</p><img src='http://evil.example/p.gif'>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [rec] = list(read_paths([page]))
    assert isinstance(rec, ArticleRecord)
    assert "Peskov confirmed" in rec.text and "INJECTED" not in rec.text and "evil" not in rec.text


def test_formula_cells_in_csv_are_kept_as_plain_text(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "text,title\n\"=cmd|' /C calc'!A0 is not run, said the minister.\",=1+1\n", encoding="utf-8"
    )
    [rec] = list(read_paths([sheet]))
    assert rec.text.startswith("=cmd|") and rec.title == "=1+1"  # data, never evaluated


def test_deep_json_is_a_clear_problem(tmp_path):
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 200_000 + "\n" + json.dumps({"text": "Fine text here."}) + "\n")
    out = list(read_paths([deep]))
    assert isinstance(out[0], ImportProblem) and str(out[0]).startswith(f"{deep}:1: ")
    assert isinstance(out[1], ArticleRecord)
