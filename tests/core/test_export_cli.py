"""`claimdesk export` and its exit codes."""

from __future__ import annotations

import csv
import json

import pytest

from desktop.cli import main
from tests.core.test_export_fixtures import build


@pytest.fixture
def db(store, db_path):
    build(store)
    store.close()
    return str(db_path)


@pytest.mark.parametrize(
    "fmt,name",
    [("jsonl", "o.jsonl"), ("spacy", "o.spacy"), ("csv", "o.csv"), ("claimreview", "o.json")],
)
def test_export_every_format(db, tmp_path, capsys, fmt, name):
    out = tmp_path / name
    assert main(["--db", db, "export", "-f", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    assert "exported" in capsys.readouterr().out


def test_export_options(db, tmp_path, capsys, monkeypatch):
    out = tmp_path / "bob.jsonl"
    monkeypatch.setenv("CLAIMDESK_ANNOTATOR", "ana")  # the default identity is not a filter
    assert (
        main(
            [
                "--db",
                db,
                "export",
                "-f",
                "jsonl",
                "-o",
                str(out),
                "--per-claim",
                "--annotator",
                "bob",
                "--reviewed-only",
            ]
        )
        == 0
    )
    (line,) = out.read_text(encoding="utf-8").splitlines()
    rec = json.loads(line)
    assert [lb["annotator"] for lb in rec["labels"]] == ["bob"] and rec["review"][
        "reviewer"
    ] == "cleo"
    assert "exported 1 articles, 1 claims, 1 labels, 1 reviews" in capsys.readouterr().out
    out = tmp_path / "all.csv"
    assert main(["--db", db, "export", "-f", "csv", "-o", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as f:
        assert {r["annotator"] for r in csv.DictReader(f)} == {"ana", "bob"}


def test_unwritable_output_exits_1_with_a_message_and_no_file(db, tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "o.jsonl"
    assert main(["--db", db, "export", "-f", "jsonl", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("claimdesk export: cannot write") and "no-such-folder" in err
    assert not out.parent.exists()


def test_unknown_annotator_exits_1(db, tmp_path, capsys):
    assert (
        main(
            ["--db", db, "export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--annotator", "zoe"]
        )
        == 1
    )
    assert "no annotator named 'zoe'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_jsonl_only_options_are_a_usage_error(db, tmp_path, capsys):
    assert (
        main(["--db", db, "export", "-f", "csv", "-o", str(tmp_path / "x.csv"), "--per-claim"]) == 2
    )
    assert "jsonl only" in capsys.readouterr().err


def test_processes_sets_the_jsonl_exports_workers(db, tmp_path, capsys, monkeypatch):
    from desktop.core.export import jsonl_workers

    asked = []
    real = jsonl_workers.write_in_order
    monkeypatch.setattr(jsonl_workers, "write_in_order", lambda *a: asked.append(a[3]) or real(*a))
    monkeypatch.setattr("desktop.core.export.jsonl.write_in_order", jsonl_workers.write_in_order)
    one, default = tmp_path / "one.jsonl", tmp_path / "default.jsonl"
    assert main(["--db", db, "export", "-f", "jsonl", "-o", str(one), "--processes", "1"]) == 0
    assert main(["--db", db, "export", "-f", "jsonl", "-o", str(default)]) == 0
    assert asked == [1, None] and one.read_bytes() == default.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["--db", db, "export", "-f", "jsonl", "-o", str(one), "--processes", "0"])
    assert exc.value.code == 2
    capsys.readouterr()
