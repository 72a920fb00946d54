"""Export from the window: the dialog's choices reach the core, the file is complete."""

from __future__ import annotations

import json

from desktop.core import services
from desktop.ui.dialogs.export_options import ExportDialog
from tests.ui.conftest import ANNOTATOR, wait_idle


def _labelled(db_path) -> None:
    store = services.open_store(str(db_path))
    services.import_paths(store, [services.demo_corpus_path()])
    text = services.article_view(store, 4, ANNOTATOR).text
    start = text.index("Kremlin spokesman")
    claim = services.create_claim(store, ANNOTATOR, 4, start, start + 40).claim_id
    services.set_verdict(store, ANNOTATOR, claim, "conflicting")
    services.set_verdict(store, "bob", claim, "verified")
    store.close()


def test_export_jsonl_from_the_window(open_window, qtbot, db_path, tmp_path):
    _labelled(db_path)
    window = open_window()
    target = tmp_path / "out.jsonl"
    messages = []
    window.exports.message.connect(messages.append)
    window.exports.start("jsonl", str(target), services.ExportOptions(annotator=ANNOTATOR))
    wait_idle(qtbot)
    [record] = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    [claim] = record["claims"]
    assert [lb["annotator"] for lb in claim["labels"]] == [ANNOTATOR]  # only mine
    assert messages[-1].startswith("Exported 1 claim and 1 label from 1 article")


def test_a_failed_export_is_a_message_and_leaves_no_file(open_window, qtbot, db_path, tmp_path):
    _labelled(db_path)
    window = open_window()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    messages = []
    window.exports.message.connect(messages.append)
    window.exports.start("csv", str(blocker / "out.csv"), services.ExportOptions())
    wait_idle(qtbot)
    assert messages[-1].startswith("Export failed") and not (blocker / "out.csv").exists()


def test_the_dialog_offers_only_what_a_format_supports(qtbot, tmp_path):
    dialog = ExportDialog(ANNOTATOR, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.suggestions.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert not dialog.suggestions.isEnabled() and not dialog.suggestions.isChecked()
    assert dialog.path.text().endswith(".csv")
    dialog.mine.setChecked(True)
    assert dialog.options().annotator == ANNOTATOR


def test_the_window_refuses_to_export_onto_its_own_database(open_window, qtbot, db_path, monkeypatch):
    import sqlite3

    from desktop.ui import export_flow

    _labelled(db_path)
    window = open_window()
    answers = iter([str(db_path), str(db_path) + "-wal"])
    refused: list[str] = []

    def fake_exec(dialog):
        try:
            dialog.path.setText(next(answers))
        except StopIteration:
            return ExportDialog.DialogCode.Rejected  # the analyst gives up
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(export_flow, "refuse", lambda _parent, message: refused.append(message))
    window.exports.ask(ANNOTATOR)
    wait_idle(qtbot)
    assert len(refused) == 2 and all("database you are exporting from" in m for m in refused)
    assert window.exports.task is None
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM label").fetchone()[0] == 2
    con.close()


def test_label_studio_and_doccano_from_the_window_with_the_shown_suggestions(
    open_window, qtbot, db_path, tmp_path, monkeypatch
):
    _labelled(db_path)
    window = open_window()
    window.set_threshold(0.8)  # the analyst shows only the surest suggestions
    window.suggester.start(None)
    wait_idle(qtbot)
    target = tmp_path / "tasks.json"

    def fill(dialog):
        dialog.format.setCurrentIndex(dialog.format.findData("label-studio"))
        assert dialog.path.text().endswith(".json") and dialog.suggestions.isEnabled()
        dialog.suggestions.setChecked(True)
        dialog.path.setText(str(target))
        return ExportDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", fill)
    window.actions["export"].trigger()
    wait_idle(qtbot)
    tasks = json.loads(target.read_text(encoding="utf-8"))
    scores = [r["score"] for t in tasks for p in t.get("predictions", []) for r in p["result"]]
    assert scores and min(scores) >= 0.8  # as the window showed them, not every candidate
    assert any("Kremlin spokesman" in t["data"]["text"] for t in tasks)
    assert list(tmp_path.glob("*.xml"))  # Label Studio's labelling config, beside the tasks

    dialog = ExportDialog(ANNOTATOR, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert dialog.path.text().endswith(".jsonl") and not dialog.suggestions.isEnabled()
