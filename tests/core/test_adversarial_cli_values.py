"""Adversarial class: command-line values. Every value a user can type is checked where it
is parsed: a bad one gives one line naming the value and exit code 2, never a traceback
(`claimdesk evidence 99999999999999999999999 0 5` raised OverflowError, `evidence ² 0 5`
a ValueError)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.cli import build_parser, main
from tests.core.helpers import add_articles

HOSTILE_NUMBERS = [
    "99999999999999999999999", "-99999999999999999999999", "²", "٣٣", "９", "1e309", "nan",
    "inf", "-inf", "", " ", "\x00", "0x10", "1_000", "--", "-1", "10**9", "‮5",
]


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage error
        code = exc.code
    err = capsys.readouterr().err
    return code, err


@pytest.fixture
def db(store, db_path):
    add_articles(store, "The minister said exports rose by 4 percent in 2024, a record.")
    store.close()
    return str(db_path)


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_evidence_values(db, capsys, value):
    for argv in (["evidence", value, "0", "5"], ["evidence", "1", value, "5"],
                 ["evidence", "1", "0", value], ["evidence", "1", "0", "5", "--top", value]):
        code, err = _run(["--db", db, *argv], capsys)
        assert code == 2, (argv, err)
        assert "Traceback" not in err and err.strip(), argv


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
def test_suggest_and_import_values(db, tmp_path, capsys, value):
    for argv in (["suggest", "--threshold", value], ["suggest", "--processes", value],
                 ["import", str(tmp_path), "--max-mb", value]):
        code, err = _run(["--db", db, *argv], capsys)
        assert code == 2, (argv, err)
        assert "Traceback" not in err


def test_reported_cases_in_a_real_process(db):
    for args in (["evidence", "99999999999999999999999", "0", "5"], ["evidence", "²", "0", "5"],
                 ["evidence", "1", "0", "99999999999999999999999"]):
        done = subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "claimdesk" in done.stderr


def test_an_article_reference_never_crashes(db, capsys):
    for ref in ["²", "99999999999999999999999", "0", "-5", "x" * 5000, "%", "_", "a/../b", "\u202e1"]:
        code, err = _run(["--db", db, "evidence", ref, "0", "5"], capsys)
        assert code == 2 and "no article" in err, (ref, err)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_typed_number_parses_or_is_a_usage_error(value):
    parser = build_parser()
    for argv in (["evidence", "1", value, "5"], ["suggest", "--threshold", value],
                 ["evidence", "1", "0", "5", "--top", value], ["import", ".", "--max-mb", value]):
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:
            assert exc.code == 2
            continue
        if argv[0] == "evidence" and argv[2] == value:
            assert 0 <= args.start < 2**31
        elif "--threshold" in argv:
            assert 0 <= args.threshold <= 1
        elif "--top" in argv:
            assert 1 <= args.top <= 1000
        else:
            assert 0 < args.max_mb <= 10_000
