"""The command line goes through Desk: each command builds one Desk and its work reaches the
Desk's methods (recorded while the real CLI runs on a real database), the handlers import
no core module around it, and a DeskError no command words itself keeps the CLI's exit codes."""

from __future__ import annotations

import ast
import functools
import inspect
import json
from pathlib import Path

import pytest

from desktop import cluster_commands, commands
from desktop.cli import main
from desktop.core.desk import Desk
from desktop.core.errors import InvalidInput, NlpUnavailable, NotFound, StorageError

HANDLER_FILES = [Path(commands.__file__), Path(cluster_commands.__file__)]
# learn --from-scratch opens no database: it rebuilds the model shipped in the package
OUTSIDE_DESK = {"_learn_from_scratch": {"desktop.core.nlp.base_model", "desktop.core.nlp.ct24"}}
CORE_ALLOWED = {"desktop.core.desk", "desktop.core.errors", "desktop.core.store.open_store",
                "desktop.core.store.StoreError"}  # a Desk needs a store; main catches its errors

MINISTER = ("Budget row\n\nThe finance minister said on Monday that inflation fell to 3.2% in "
            "March. Opposition leaders disputed the figure.\n")
MINISTER_AGAIN = ("Inflation eases\n\nInflation fell to 3.2% in March, the finance minister "
                  "said on Monday. Economists had expected 3.5%.\n")


@pytest.fixture
def desk_calls(monkeypatch) -> list[str]:
    """Every Desk method called while the test runs, in order; "Desk()" per Desk built."""
    calls: list[str] = []

    def recording(name, fn):
        @functools.wraps(fn)
        def run(self, *args, **kw):
            calls.append(name)
            return fn(self, *args, **kw)

        return run

    for name, fn in list(vars(Desk).items()):
        if inspect.isfunction(fn) and not name.startswith("_"):
            monkeypatch.setattr(Desk, name, recording(name, fn))
    monkeypatch.setattr(Desk, "__init__", recording("Desk()", Desk.__init__))
    return calls


@pytest.fixture
def corpus(tmp_path) -> tuple[str, Path]:
    """A database path and a folder of two short articles reporting the same figure."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "minister.txt").write_text(MINISTER, encoding="utf-8")
    (folder / "again.txt").write_text(MINISTER_AGAIN, encoding="utf-8")
    return str(tmp_path / "desk.db"), folder


def _cli(capsys, db: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _imported(capsys, db: str, folder: Path, calls: list[str]) -> None:
    assert _cli(capsys, db, "import", str(folder))[0] == 0
    calls.clear()


def test_import_reaches_desk_import_paths(capsys, desk_calls, corpus):
    db, folder = corpus
    code, out, _ = _cli(capsys, db, "import", str(folder), "--json")
    assert code == 0 and len(json.loads(out)["added"]) == 2
    assert desk_calls == ["Desk()", "import_paths"]


@pytest.mark.parametrize(
    "argv, reached",
    [
        (["articles", "--json"], ["articles"]),
        (["info", "--json"], ["info"]),
        (["agreement", "--json"], ["agreement"]),
        (["export", "-f", "jsonl", "-o", "{out}"], ["export"]),
    ],
)
def test_reading_commands_reach_one_desk_method(capsys, desk_calls, corpus, tmp_path, argv,
                                                reached):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    argv = [a.format(out=tmp_path / "out.jsonl") for a in argv]
    code, out, err = _cli(capsys, db, *argv)
    assert code == 0, err
    assert desk_calls == ["Desk()", *reached]


def test_info_prints_what_desk_info_returns(capsys, desk_calls, corpus, monkeypatch):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    real = Desk.info
    monkeypatch.setattr(Desk, "info", lambda self: {**real(self), "articles": 41})
    code, out, _ = _cli(capsys, db, "info", "--json")
    assert code == 0 and json.loads(out)["articles"] == 41  # the CLI printed Desk's answer


def test_suggest_on_a_tiny_text_reaches_desk_suggest(capsys, desk_calls, corpus):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    code, out, err = _cli(capsys, db, "suggest", "minister.txt", "--processes", "1", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert [a["origin"].endswith("minister.txt") for a in shown["articles"]] == [True]
    assert shown["computed"] == 1
    assert desk_calls[:4] == ["Desk()", "find", "suggest", "article"]
    code, out, _ = _cli(capsys, db, "suggest", "minister.txt", "--processes", "1")
    assert code == 0 and "(0 computed now, 1 from cache" in out
    assert "suggestion_count" in desk_calls


def test_evidence_reaches_desk_index_and_evidence(capsys, desk_calls, corpus):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    start = MINISTER.index("The finance")
    end = MINISTER.index("March.") + len("March.")
    code, out, err = _cli(capsys, db, "evidence", "minister.txt", str(start), str(end), "--json")
    assert code == 0, err
    found = json.loads(out)
    assert found["start"] == start and found["proposed_verdict"]["strength"]
    assert "indexing 2 articles for evidence search..." in err
    assert desk_calls[:5] == ["Desk()", "find", "unindexed", "index", "evidence"]


def test_learn_on_no_team_decisions_reaches_desk_learn(capsys, desk_calls, corpus):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    code, out, err = _cli(capsys, db, "learn", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["examples"] == 0 and report["replaced"] is False
    assert desk_calls == ["Desk()", "learn"]  # nothing replaced: nothing to suggest again


def test_clusters_reach_desk_index_cluster_and_clusters(capsys, desk_calls, corpus):
    db, folder = corpus
    _imported(capsys, db, folder, desk_calls)
    code, out, err = _cli(capsys, db, "clusters", "--json")
    assert code == 0, err
    assert "clusters" in json.loads(out)
    assert desk_calls == ["Desk()", "unindexed", "index", "cluster", "clusters"]


def test_every_command_handler_is_covered_here():
    """A new command must get its own test above, proving it goes through Desk."""
    handlers = {n for n in dir(commands) if n.startswith("cmd_")}
    assert handlers == {"cmd_import", "cmd_articles", "cmd_info", "cmd_suggest", "cmd_export",
                        "cmd_agreement", "cmd_evidence", "cmd_learn", "cmd_clusters"}


def _core_imports(path: Path) -> list[tuple[str, str]]:
    """(enclosing function or "<module>", dotted name) for each core name a file imports:
    `from desktop.core.nlp import evidence` is "desktop.core.nlp.evidence"."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ImportFrom) and child.module:
                found.extend((where, f"{child.module}.{a.name}") for a in child.names)
            elif isinstance(child, ast.Import):
                found.extend((where, a.name) for a in child.names)
            visit(child, child.name if isinstance(child, ast.FunctionDef) else where)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return [(where, name) for where, name in found if name.startswith("desktop.core.")]


def _allowed(where: str, name: str) -> bool:
    return any(name == m or name.startswith(m + ".")
               for m in CORE_ALLOWED | OUTSIDE_DESK.get(where, set()))


def test_handlers_import_no_core_module_around_the_desk():
    stray = [(path.name, where, name) for path in HANDLER_FILES
             for where, name in _core_imports(path) if not _allowed(where, name)]
    assert stray == []
    assert ("<module>", "desktop.core.desk.Desk") in _core_imports(HANDLER_FILES[0])


@pytest.mark.parametrize(
    "error, code",
    [(NotFound("article 7 no longer exists"), 2), (InvalidInput("not a verdict"), 2),
     (StorageError("the database is read-only"), 1), (NlpUnavailable("no spaCy model"), 1)],
)
def test_a_desk_error_no_command_words_keeps_the_cli_exit_codes(capsys, corpus, monkeypatch,
                                                                error, code):
    db, _ = corpus

    def refuse(self):
        raise error

    monkeypatch.setattr(Desk, "agreement", refuse)
    got, out, err = _cli(capsys, db, "agreement")
    assert (got, out, err) == (code, "", f"claimdesk: {error}\n")
