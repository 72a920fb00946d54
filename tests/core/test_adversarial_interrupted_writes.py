"""Adversarial class: interrupted writes. An export stopped by SIGTERM, Ctrl+C or SIGKILL
leaves no temp file behind for good: the first two clean up at once, the last is swept by
the next export into the same folder. The target, if it existed, is never half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.export.atomic import atomic_file, sweep_stale_temp_files
from desktop.core.importing import import_records
from desktop.core.records import ArticleRecord, ClaimRecord, LabelRecord
from desktop.core.store import open_store


@pytest.fixture
def big_db(tmp_path) -> Path:
    """Enough labelled articles that a JSONL export takes a few seconds."""
    path = tmp_path / "big.db"
    store = open_store(str(path))
    words = [f"word{i}" for i in range(2000)]
    records = []
    for n in range(2500):
        text = " ".join(words[(n * 7 + k * 13) % 2000] for k in range(600)) + f" article {n}."
        records.append(ArticleRecord(
            text=text, origin=f"a{n}.txt",
            claims=[ClaimRecord(start=0, end=20, labels=[LabelRecord("ana", "verified")])],
        ))
    assert not import_records(store, records).problems
    store.close()
    return path


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def _start_export(db: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", str(db), "export", "-f", "jsonl", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _wait_for_temp(folder: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _temp_files(folder):
            return
        if proc.poll() is not None:
            pytest.fail(f"export ended before it was interrupted: {proc.stderr.read().decode()}")
        time.sleep(0.02)
    pytest.fail("the export never started writing")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signalled_export_removes_its_temp_file_and_keeps_the_old_target(big_db, tmp_path, sig):
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "export.jsonl"
    out.write_text("previous export\n")
    proc = _start_export(big_db, out)
    _wait_for_temp(outdir, proc)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert _temp_files(outdir) == []
    assert out.read_text() == "previous export\n"


@pytest.mark.slow
def test_killed_export_leaves_a_temp_file_that_the_next_export_sweeps(big_db, tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "export.jsonl"
    proc = _start_export(big_db, out)
    _wait_for_temp(outdir, proc)
    proc.kill()
    proc.wait(timeout=30)
    left = _temp_files(outdir)
    assert len(left) == 1 and f".claimdesk-{proc.pid}-" in left[0].name
    stranger = outdir / ".notes.txt.tmp"  # not ours: never touched
    stranger.write_text("someone else's")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(big_db), "export", "-f", "csv",
         "-o", str(outdir / "other.csv")], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert _temp_files(outdir) == [stranger]
    assert not out.exists()


def test_sweep_keeps_live_writers_and_removes_old_files(tmp_path):
    ours_live = tmp_path / f".a.jsonl.claimdesk-{os.getpid()}-x1.tmp"
    ours_live.write_text("being written by this very process")
    old = tmp_path / f".b.jsonl.claimdesk-{os.getpid()}-x2.tmp"
    old.write_text("a day old")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (day_ago, day_ago))
    dead_pid = 2**22 + 12345  # above the default pid_max: never a live process
    dead = tmp_path / f".c.csv.claimdesk-{dead_pid}-x3.tmp"
    dead.write_text("writer gone")
    assert sorted(sweep_stale_temp_files(tmp_path)) == sorted([old, dead])
    assert ours_live.exists()


def test_an_exception_inside_the_writer_leaves_nothing(tmp_path):
    target = tmp_path / "x.csv"
    with pytest.raises(RuntimeError), atomic_file(target) as f:
        f.write("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
