"""Import from the window: drop files, see the report of what failed, cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QPushButton

from desktop.ui import workers
from tests.ui.conftest import wait_idle


def _drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_drop_files_and_read_the_report(open_window, qtbot, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Officials said the bridge will reopen in May.\n\nMore text follows here.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    window = open_window()
    _drop(window, [good, empty, binary])
    wait_idle(qtbot)
    assert window.articles.model.rowCount() == 1
    assert window.article.view is not None  # the first article opens by itself
    dialog = window.imports.report_dialog
    assert dialog is not None and dialog.isVisible()
    details = dialog.details.toPlainText()
    assert "empty.txt" in details and "blob.txt" in details
    assert "good.txt" not in details
    assert "1 article" in window.status.currentMessage() and "2 failed" in window.status.currentMessage()
    dialog.close()


def test_cancel_an_import(open_window, qtbot, tmp_path, monkeypatch):
    for i in range(30):
        (tmp_path / f"a{i:02}.txt").write_text(f"Article {i} says the dam held on day {i}.")
    window = open_window()
    gate = threading.Event()
    real = window.imports.store

    from desktop.core import services

    original = services.import_paths

    def slow_import(store, paths, *, cancel, progress, **kw):  # waits for the cancel first
        assert store is real
        gate.wait(10)
        return original(store, paths, cancel=cancel, progress=progress, **kw)

    monkeypatch.setattr(services, "import_paths", slow_import)
    window.import_paths([tmp_path])
    assert window.imports.busy and workers.running()
    window.imports.dialog.findChild(QPushButton).click()  # Cancel on the progress dialog
    gate.set()
    wait_idle(qtbot)
    assert window.articles.model.rowCount() == 0
    assert "cancelled" in window.status.currentMessage()


def test_what_another_tool_exported_but_we_left_out_is_shown(open_window, qtbot):
    """A doccano file with relations: the report opens by itself, names the detected format,
    the labels that came in, and the relations that did not, with the reason."""
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[1] / "core" / "fixtures_interop" / "doccano_relations.jsonl"
    window = open_window()
    _drop(window, [fixture])
    wait_idle(qtbot)
    dialog = window.imports.report_dialog
    assert dialog is not None and dialog.isVisible()
    details = dialog.details.toPlainText()
    assert "doccano_relations.jsonl: [doccano JSONL]" in details
    assert "relations not imported: Claimdesk links claims to sources, not to each other" in details
    assert "Failed" not in details
    dialog.close()
