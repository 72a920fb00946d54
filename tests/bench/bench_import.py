"""Import 10,000 generated ~600-word plain-text articles into a fresh SQLite file.

Compares with a bare sqlite3 executemany of the same rows in the same run, and reports
peak memory. Run: `make bench` or `python tests/bench/bench_import.py`.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from desktop.core.importing import import_paths
from desktop.core.store import open_store

N_ARTICLES = 10_000
WORDS = (
    "the minister said talks on the ceasefire would begin on Wednesday after a ninety minute "
    "call between leaders in Moscow and Washington according to officials who confirmed that "
    "fourteen prisoners were released and trade grew by 40 percent last year"
).split()


def generate(folder: Path, n: int = N_ARTICLES) -> list[Path]:
    rnd = random.Random(7)
    paths = []
    for i in range(n):
        body = " ".join(rnd.choice(WORDS) for _ in range(600))
        p = folder / f"article_{i:05d}.txt"
        p.write_text(
            f"Generated report number {i}\nSource: Bench Wire\n\n{body}.\n", encoding="utf-8"
        )
        paths.append(p)
    return paths


def bare_sqlite(db: Path, paths: list[Path]) -> tuple[float, float]:
    """(executemany alone, reading + hashing + executemany) for the same rows."""
    t0 = time.perf_counter()
    rows = []
    for p in paths:
        text = p.read_text(encoding="utf-8")
        rows.append((hashlib.sha256(text.encode()).hexdigest(), text.splitlines()[0], p.name, text))
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE TABLE article (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, title TEXT, origin TEXT, text TEXT)"
    )
    with con:
        con.executemany(
            "INSERT INTO article (sha256, title, origin, text) VALUES (?, ?, ?, ?)", rows
        )
    con.close()
    end = time.perf_counter()
    return end - start, end - t0


def run(tmp: Path) -> dict:
    src = tmp / "articles"
    src.mkdir()
    paths = generate(src)
    bare, bare_with_reading = bare_sqlite(tmp / "bare.db", paths)
    store = open_store(str(tmp / "claimdesk.db"))
    start = time.perf_counter()
    report = import_paths(store, [src])
    ours = time.perf_counter() - start
    assert len(report.added) == N_ARTICLES and not report.problems
    # Peak memory in a second import into another fresh file (tracemalloc slows Python ~2x).
    again = open_store(str(tmp / "claimdesk2.db"))
    tracemalloc.start()
    import_paths(again, [src])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "articles": N_ARTICLES,
        "seconds": ours,
        "articles_per_s": N_ARTICLES / ours,
        "bare_sqlite_s": bare,
        "bare_with_reading_s": bare_with_reading,
        "ratio_to_bare": ours / bare,
        "ratio_to_bare_with_reading": ours / bare_with_reading,
        "peak_mb": peak / 1e6,
    }


@pytest.mark.bench
def test_import_10k_articles(tmp_path):
    r = run(tmp_path)
    print(
        f"\nimport: {r['articles']} articles in {r['seconds']:.2f} s ({r['articles_per_s']:.0f}/s); "
        f"bare sqlite3 executemany {r['bare_sqlite_s']:.2f} s (ratio {r['ratio_to_bare']:.1f}x), "
        f"bare read+hash+executemany {r['bare_with_reading_s']:.2f} s "
        f"(ratio {r['ratio_to_bare_with_reading']:.1f}x); "
        f"peak traced memory {r['peak_mb']:.1f} MB"
    )
    assert r["seconds"] < 10


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        print(run(Path(d)), file=sys.stdout)
