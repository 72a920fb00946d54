"""The command line as a user types it: names, output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_seeds_then_articles_json_lists_five_titled_articles(capsys, db_path, seeds_dir):
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(seeds_dir))
    assert code == 0 and "imported 5 articles" in out
    code, out, _ = run(capsys, "--db", str(db_path), "articles", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert all(r["title"] and len(r["title"]) > 10 for r in rows)
    assert sum(1 for r in rows if r["source"]) >= 4


def test_reimport_is_a_no_op_and_reports_duplicates(capsys, db_path, seeds_dir):
    run(capsys, "--db", str(db_path), "import", str(seeds_dir))
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(seeds_dir), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == [] and len(report["duplicates"]) == 5


def test_bad_files_are_reported_and_the_rest_goes_in(capsys, db_path, tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nThe minister said 40% of voters agreed.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"text": "Fine article text."}\n{not json\n')
    code, out, err = run(capsys, "--db", str(db_path), "import", str(tmp_path))
    assert code == 1
    assert "imported 2 articles" in out and "2 failed" in out
    assert "empty.txt: " in err and "bad.jsonl:2: " in err


def test_db_option_is_accepted_after_the_command_and_from_the_environment(
    capsys, db_path, seeds_dir, monkeypatch
):
    run(capsys, "import", str(seeds_dir), "--db", str(db_path))
    monkeypatch.setenv("CLAIMDESK_DB", str(db_path))
    code, out, _ = run(capsys, "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["articles"] == 5 and info["database"] == str(db_path)
    assert info["schema_revision"] == info["schema_head"]


def test_usage_errors_exit_with_2(capsys, db_path):
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "nonsense"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:  # refused by the argument's type, as argparse does
        main(["--db", str(db_path), "import", "x.txt", "--max-mb", "0"])
    assert exc.value.code == 2 and "--max-mb" in capsys.readouterr().err


def test_missing_file_fails_with_1(capsys, db_path, tmp_path):
    code, _, err = run(capsys, "--db", str(db_path), "import", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err


def test_unusable_database_is_a_clear_message_not_a_traceback(capsys, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 200)
    code, _, err = run(capsys, "--db", str(bad), "articles")
    assert code == 1 and "not a Claimdesk database" in err and "Traceback" not in err


def test_python_dash_m_desktop_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.startswith("claimdesk ")
