"""Issue 13: the full JSONL export on worker processes (export/jsonl_workers.py) writes the
same bytes as the serial export, stays serial where forking is unsafe or doesn't pay, and
fails whole, leaving no worker and no partial file."""

from __future__ import annotations

import _thread
import hashlib
import json
import multiprocessing
import os
import random
import threading
from pathlib import Path

import pytest

from desktop.core.export import ExportOptions, export, jsonl, jsonl_workers
from desktop.core.importing import import_paths
from tests.core.test_export_tokens import EDGES

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WORDS = "the minister said 14 people were hurt U.S. don't (test) 3.5km e-mail :) 1,000".split()


def _texts() -> list[str]:
    """Seeds, the tokenizer's edge cases and generated news-like text: pieces new to
    each worker, ties across spaces, whitespace runs, non-ASCII."""
    rng = random.Random(13)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))][:20]
    texts += [f"Edge {i}: {t}" for i, t in enumerate(EDGES)]
    for i in range(60):
        words = [rng.choice(WORDS) + rng.choice(["", "", ",", ".", "\n\n", "  "]) for _ in range(40)]
        texts.append(f"Story {i}. " + " ".join(words))
    return texts


@pytest.fixture
def corpus(store, tmp_path):
    rng = random.Random(7)
    records = []
    for i, text in enumerate(_texts()):
        claims = []
        if i % 3:  # a third without claims: exported only with suggestions
            for start in sorted(rng.sample(range(len(text) - 3), 3)):
                labels = [{"annotator": who, "verdict": rng.choice(["verified", "unsupported"])}
                          for who in ("ana", "bo")]  # fmt: skip
                claims.append({"start": start, "end": start + 3, "labels": labels})
            claims = list({(c["start"], c["end"]): c for c in claims}.values())
        records.append({"text": text, "title": f"T{i}", "claims": claims})
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems[:3]]
    return len(records)


@pytest.fixture
def small_batches(monkeypatch):
    """Many batches from a small corpus, all of them past the parallel threshold."""
    monkeypatch.setattr(jsonl, "TOKEN_BATCH", 3)
    monkeypatch.setattr(jsonl_workers, "PARALLEL_FROM", 4)
    monkeypatch.setattr(jsonl_workers, "IN_FLIGHT", 1)  # workers wait for their turn often


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("options", [{}, {"with_suggestions": True}, {"annotator": "bo"}])
def test_parallel_export_is_the_serial_one_byte_for_byte(store, corpus, small_batches,
                                                         tmp_path, options):  # fmt: skip
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    counts = export(store, "jsonl", serial, ExportOptions(processes=1, **options))
    forked = []
    real = jsonl_workers._in_workers
    with_workers = lambda *a: forked.append(a[3]) or real(*a)  # noqa: E731
    with pytest.MonkeyPatch.context() as m:
        m.setattr(jsonl_workers, "_in_workers", with_workers)
        assert export(store, "jsonl", parallel, ExportOptions(processes=2, **options)) == counts
    assert forked == [2]  # it did run on two workers
    assert counts.articles >= 30 and _sha(parallel) == _sha(serial)
    assert multiprocessing.active_children() == []


def test_a_small_export_stays_in_this_process(store, corpus, tmp_path, monkeypatch):
    def no_fork(*_a):
        raise AssertionError("forked for a small export")

    monkeypatch.setattr(jsonl_workers, "_in_workers", no_fork)
    monkeypatch.setattr(jsonl_workers, "PARALLEL_FROM", corpus + 1)
    out = tmp_path / "small.jsonl"
    assert export(store, "jsonl", out, ExportOptions(processes=2)).articles > 0


def test_no_fork_from_a_process_with_other_threads():
    assert jsonl_workers.workers_for(3) == 3 and jsonl_workers.workers_for(0) == 1
    got = []
    worker = threading.Thread(target=lambda: got.append(jsonl_workers.workers_for(None)))
    worker.start()
    worker.join()
    assert got == [1]  # the window runs exports on a thread: it stays serial
    done = threading.Event()

    def foreign() -> None:  # as on a Qt pool thread, which threading doesn't list
        got.append(jsonl_workers.workers_for(None))
        done.set()

    _thread.start_new_thread(foreign, ())
    assert done.wait(10) and got == [1, 1]


def test_a_failing_worker_fails_the_export_whole(store, corpus, small_batches, tmp_path,
                                                  monkeypatch):  # fmt: skip
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")
    real = jsonl.article_line

    def fails_on_one(job, tokens, ranges):
        if job.text.startswith("Story 40."):
            raise RuntimeError("disk on fire")
        return real(job, tokens, ranges)

    monkeypatch.setattr(jsonl, "article_line", fails_on_one)  # the forked workers have it too
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(store, "jsonl", out, ExportOptions(processes=2, with_suggestions=True))
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_fails_the_export_instead_of_hanging(store, corpus, small_batches,
                                                                tmp_path, monkeypatch):  # fmt: skip
    from concurrent.futures.process import BrokenProcessPool

    real = jsonl.article_line

    def killed_on_one(job, tokens, ranges):
        if job.text.startswith("Story 40."):
            os._exit(9)  # as the OOM killer would
        return real(job, tokens, ranges)

    monkeypatch.setattr(jsonl, "article_line", killed_on_one)
    out = tmp_path / "out.jsonl"
    with pytest.raises(BrokenProcessPool):
        export(store, "jsonl", out, ExportOptions(processes=2, with_suggestions=True))
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("idle", "load", "forks"), [(1.0, 0.8, True), (0.3, 0.8, False),
                                                     (1.0, 2.0, False)])  # fmt: skip
def test_by_default_workers_only_on_idle_cores(store, corpus, small_batches, tmp_path,
                                               monkeypatch, idle, load, forks):  # fmt: skip
    """A core busy with other work would slow the workers down: on a shared machine the
    export stays in this process (idle: cores idle during its first articles; load: the
    last minute's load average, this process's ~1 included)."""
    serial = tmp_path / "serial.jsonl"
    export(store, "jsonl", serial, ExportOptions(processes=1, with_suggestions=True))
    monkeypatch.setattr(jsonl_workers, "workers_for", lambda p: 2 if p is None else p)
    monkeypatch.setattr(jsonl_workers, "_idle_cores", lambda *_a: idle)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    forked = []
    real = jsonl_workers._in_workers
    monkeypatch.setattr(jsonl_workers, "_in_workers", lambda *a: forked.append(a[3]) or real(*a))
    out = tmp_path / "auto.jsonl"
    export(store, "jsonl", out, ExportOptions(with_suggestions=True))
    assert forked == ([2] if forks else [])
    assert _sha(out) == _sha(serial)
