"""Import benchmarks on realistic text (tests/bench/realistic_corpus.py: ~600-word articles
over an 11,000-word vocabulary, 10 claims each, two annotators).

1. 10,000 plain-text .txt files into a fresh SQLite file: under 10 s (DESIGN budget),
   beside a bare sqlite3 executemany of the same rows.
2. The same 10,000 texts as labelled data, each format into a fresh database, timed in one
   run against importing the texts unlabelled (JSONL): Claimdesk JSONL <= 4x; Label Studio
   JSON and the doccano .zip are printed beside it (the peers took 4.4x and 7.3x).
3. Memory flat in corpus size: peak traced memory of a labelled import of 1,000 and of
   4,000 articles.

Run: `make bench`, or `python tests/bench/bench_import.py` for the figures alone.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, Path(__file__).parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from realistic_corpus import (  # noqa: E402
    articles,
    write_claimdesk_jsonl,
    write_doccano_zip,
    write_label_studio_json,
    write_plain_jsonl,
)

from desktop.core.importing import import_paths  # noqa: E402
from desktop.core.store import open_store  # noqa: E402

N_ARTICLES = 10_000


def write_txt(folder: Path, n: int) -> list[Path]:
    paths = []
    for i, a in enumerate(articles(n)):
        p = folder / f"article_{i:05d}.txt"
        p.write_text(f"{a.title}\n\n{a.text}\n", encoding="utf-8")
        paths.append(p)
    return paths


def bare_sqlite(db: Path, paths: list[Path]) -> float:
    rows = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        rows.append((hashlib.sha256(text.encode()).hexdigest(), text.splitlines()[0], p.name, text))
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, title TEXT, "
                "origin TEXT, text TEXT)")  # fmt: skip
    with con:
        con.executemany("INSERT INTO article (sha256, title, origin, text) VALUES (?, ?, ?, ?)", rows)
    con.close()
    return time.perf_counter() - start


def timed_import(db: Path, path: Path, **kw) -> tuple[tuple[float, float], object]:
    """((wall, CPU) seconds, report): on a shared machine CPU time is the steadier one."""
    store = open_store(str(db))
    t0, c0 = time.perf_counter(), time.process_time()
    report = import_paths(store, [path], **kw)
    seconds = (time.perf_counter() - t0, time.process_time() - c0)
    store.close()
    assert not report.problems, [str(p) for p in report.problems[:5]]
    return seconds, report


def run_plain_txt(tmp: Path, n: int = N_ARTICLES) -> dict:
    src = tmp / "txt"
    src.mkdir()
    paths = write_txt(src, n)
    bare = bare_sqlite(tmp / "bare.db", paths)
    (seconds, _), report = timed_import(tmp / "txt.db", src)
    assert len(report.added) == n
    return {"articles": n, "seconds": seconds, "bare_s": bare}


def run_ratios(tmp: Path, n: int = N_ARTICLES) -> dict:
    files = {
        "plain JSONL": write_plain_jsonl(tmp / "plain.jsonl", n),
        "Claimdesk JSONL": write_claimdesk_jsonl(tmp / "labelled.jsonl", n),
        "Label Studio JSON": write_label_studio_json(tmp / "label_studio.json", n),
        "doccano zip": write_doccano_zip(tmp / "doccano.zip", n, tmp),
    }
    out = {}
    for name, path in files.items():
        seconds, report = timed_import(tmp / f"{path.stem}.db", path)
        assert len(report.added) == n
        if name != "plain JSONL":
            assert report.claims_added == 10 * n and report.labels_added == 20 * n, name
        out[name] = seconds
    return out


def peak_mb(tmp: Path, n: int) -> float:
    path = write_claimdesk_jsonl(tmp / f"mem{n}.jsonl", n)
    store = open_store(str(tmp / f"mem{n}.db"))
    tracemalloc.start()
    tracemalloc.reset_peak()
    import_paths(store, [path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    return peak / 1e6


def report(tmp: Path, n: int = N_ARTICLES) -> dict:
    for sub in ("txt", "ratios"):
        (tmp / sub).mkdir()
    plain = run_plain_txt(tmp / "txt", n)
    ratios = run_ratios(tmp / "ratios", n)
    mem = {k: peak_mb(tmp, k) for k in (1_000, 4_000)}
    wall0, cpu0 = ratios["plain JSONL"]
    print(f"\nimport {plain['articles']} plain .txt articles: {plain['seconds']:.2f} s "
          f"(bare sqlite3 executemany {plain['bare_s']:.2f} s)")  # fmt: skip
    for name, (wall, cpu) in ratios.items():
        print(f"  {name:<18} {wall:6.2f} s wall ({wall / wall0:4.1f}x)  "
              f"{cpu:6.2f} s CPU ({cpu / cpu0:4.1f}x plain JSONL)")  # fmt: skip
    print(f"  labelled import peak traced memory: 1,000 articles {mem[1_000]:.1f} MB, "
          f"4,000 articles {mem[4_000]:.1f} MB")  # fmt: skip
    return {"plain": plain, "ratios": {k: v[1] / cpu0 for k, v in ratios.items()}, "mem": mem}


@pytest.mark.bench
def test_import_budgets_on_realistic_text(tmp_path):
    r = report(tmp_path)
    assert r["plain"]["seconds"] < 10
    assert r["ratios"]["Claimdesk JSONL"] <= 4.0
    assert r["mem"][4_000] < 1.5 * r["mem"][1_000] + 5  # 4x the data, about the same peak


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        report(Path(d), int(sys.argv[1]) if len(sys.argv) > 1 else N_ARTICLES)
