"""Adversarial class: export targets. An export must never overwrite a database, a folder
or a special file, however the path is spelt; the database survives whole every time."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from desktop.cli import main
from desktop.core.export import ExportTargetError, check_export_target, export
from tests.core.test_export_fixtures import build

FORMATS = ["jsonl", "spacy", "csv", "claimreview"]


@pytest.fixture
def db(store, db_path):
    build(store)
    store.close()
    return db_path


def _intact(db_path) -> tuple[int, str]:
    con = sqlite3.connect(db_path)
    try:
        labels = con.execute("SELECT count(*) FROM label").fetchone()[0]
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return labels, check


def _refused(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "claimdesk export:" in err
    return err


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_onto_the_open_database_is_refused_and_it_survives(db, capsys, fmt):
    before = _intact(db)
    err = _refused(["--db", str(db), "export", "-f", fmt, "-o", str(db)], capsys)
    assert "is the database you are exporting from" in err
    assert _intact(db) == before and before[0] > 0 and before[1] == "ok"


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_onto_the_database_companion_files_is_refused(db, capsys, suffix):
    before = _intact(db)
    target = str(db) + suffix
    err = _refused(["--db", str(db), "export", "-f", "csv", "-o", target], capsys)
    assert "database you are exporting from" in err
    assert _intact(db) == before


def test_other_spellings_of_the_database_path_are_refused(db, tmp_path, capsys, monkeypatch):
    before = _intact(db)
    link = tmp_path / "alias.csv"
    link.symlink_to(db)
    hard = tmp_path / "hardlink.csv"
    os.link(db, hard)
    monkeypatch.chdir(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    for target in (str(link), str(hard), f"./{db.name}", f"sub/../{db.name}"):
        _refused(["--db", str(db), "export", "-f", "jsonl", "-o", target], capsys)
    assert _intact(db) == before


def test_any_other_sqlite_file_is_refused(db, tmp_path, capsys):
    other = tmp_path / "teammate.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (42)")
    con.commit()
    con.close()
    err = _refused(["--db", str(db), "export", "-f", "jsonl", "-o", str(other)], capsys)
    assert "is a SQLite database" in err
    assert sqlite3.connect(other).execute("SELECT x FROM t").fetchone() == (42,)


def test_folders_fifos_and_devices_are_refused(db, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "is a folder" in _refused(["--db", str(db), "export", "-f", "csv", "-o", str(tmp_path)], capsys)
    assert "not a regular file" in _refused(["--db", str(db), "export", "-f", "csv", "-o", str(fifo)], capsys)
    assert "not a regular file" in _refused(["--db", str(db), "export", "-f", "csv", "-o", "/dev/null"], capsys)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_ordinary_existing_export_is_replaced(db, tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("old export\n")
    assert main(["--db", str(db), "export", "-f", "csv", "-o", str(out)]) == 0
    assert "old export" not in out.read_text()


def test_the_core_refuses_too_so_the_window_and_scripts_are_covered(db, store, tmp_path):
    # `store` here is a fresh open of the same file, as the window holds it
    from desktop.core.store import open_store

    s = open_store(str(db))
    try:
        with pytest.raises(ExportTargetError, match="database you are exporting from"):
            export(s, "jsonl", db)
        with pytest.raises(ExportTargetError):
            check_export_target(s, str(db) + "-wal")
        assert check_export_target(s, tmp_path / "fine.jsonl") == (tmp_path / "fine.jsonl").resolve()
    finally:
        s.close()
    assert _intact(db)[1] == "ok"
