"""Adversarial class: kill -9 at random moments of the long operations (import, migration,
suggestions). Each kill leaves a database that passes its integrity check, holds nothing
half-written (an article is whole or absent), and finishes the job when run again.
(Kills mid-labelling are in test_reliability.py.)"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.db"
KILLS = max(2, int(os.environ.get("CLAIMDESK_KILLS", "10")) // 4)  # CI: 50 -> 12 per operation


def _claimdesk(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL after `seconds` unless it ended first; True if it was killed."""
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)
        return True


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA integrity_check").fetchone()[0]


def _corpus(folder: Path, n: int) -> list[str]:
    rng = random.Random(7)
    vocab = [f"{a}{b}" for a in ("pre", "con", "re", "dis", "sub", "over", "in", "ex")
             for b in ("port", "tain", "form", "tract", "mit", "duct", "press", "vise", "cede",
                       "spect", "fer", "pose", "struct", "ject", "scribe", "volve")]
    folder.mkdir()
    texts = []
    for i in range(n):
        words = " ".join(rng.choice(vocab) for _ in range(600))
        text = f"Report {i}\n\nThe minister said {i} officials met. {words}."
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def _articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT count(*) FROM article").fetchone()[0]
    except sqlite3.Error:  # not created or not migrated yet
        return 0


@pytest.mark.slow
def test_kill_during_import_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    src = tmp_path / "in"
    _corpus(src, 3000)
    rng = random.Random(11)
    killed = 0
    for i in range(KILLS):
        db = tmp_path / f"k{i}.db"
        proc = _claimdesk("--db", str(db), "import", str(src))
        deadline = time.monotonic() + 120
        while proc.poll() is None and _articles(db) == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the import is writing its first chunks: now kill it somewhere
        killed += _kill_after(proc, rng.uniform(0.0, 0.4))
        assert _integrity(db) == "ok"
        with sqlite3.connect(db) as con:  # no article is half-written
            bad = con.execute(
                "SELECT count(*) FROM article WHERE length(text) < 600 OR words < 600"
            ).fetchone()[0]
        assert bad == 0
    assert killed >= 1
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "import", str(src)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _articles(db) == 3000
    assert _integrity(db) == "ok"


@pytest.mark.slow
def test_kill_during_migration_keeps_every_row_and_the_next_open_migrates(tmp_path):
    rng = random.Random(5)
    for i in range(KILLS):
        db = tmp_path / f"old{i}.db"
        shutil.copy(FIXTURE, db)
        proc = _claimdesk("--db", str(db), "info")
        _kill_after(proc, rng.uniform(0.05, 1.2))
        assert _integrity(db) == "ok"
        store = open_store(str(db))
        try:
            assert store.revision() == Store.head()
        finally:
            store.close()
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*) FROM article").fetchone()[0] == 2
            assert con.execute("SELECT count(*) FROM label").fetchone()[0] == 2
            assert con.execute("SELECT count(*) FROM review").fetchone()[0] == 1


@pytest.mark.slow
def test_kill_during_suggestions_keeps_the_labels_and_a_rerun_completes(tmp_path, seeds_dir):
    db = tmp_path / "s.db"
    assert subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "import",
                           str(seeds_dir)], cwd=ROOT, capture_output=True).returncode == 0
    store = open_store(str(db))
    from desktop.core import labelling

    claim = labelling.create_claim(store, "ana", 1, 0, 40)
    labelling.set_verdict(store, "ana", claim.claim_id, "verified")
    store.close()
    rng = random.Random(3)
    for _ in range(KILLS):
        proc = _claimdesk("--db", str(db), "suggest", "--processes", "2")
        _kill_after(proc, rng.uniform(0.5, 4.0))
        time.sleep(0.2)  # orphaned workers notice their parent is gone
        assert _integrity(db) == "ok"
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "suggest"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT verdict FROM label").fetchall() == [("verified",)]
        runs = con.execute("SELECT count(DISTINCT article_id) FROM suggestion_run").fetchone()[0]
        assert runs == con.execute("SELECT count(*) FROM article").fetchone()[0]
    assert _integrity(db) == "ok"
