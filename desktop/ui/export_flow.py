"""Exporting from the window: the dialog, then the export on a worker (it streams and
writes atomically in the core), then a one-line result in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.core import services
from desktop.ui import workers
from desktop.ui.dialogs.export_options import ExportDialog


class ExportFlow(QObject):
    message = Signal(str)
    exported = Signal(object)  # ExportCounts

    def __init__(self, store: services.Store, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.window = store, window
        self.task: workers.Task | None = None
        self.last_dir = str(Path.home())

    def ask(self, annotator: str, threshold: float = services.DEFAULT_THRESHOLD) -> None:
        if self.task is not None:
            self.message.emit("An export is already running.")
            return
        dialog = ExportDialog(annotator, self.last_dir, self.window, threshold)
        while True:  # a refused target reopens the dialog with everything still filled in
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path.text().strip():
                return
            path = dialog.path.text().strip()
            try:
                services.check_export_target(self.store, path)
            except services.ExportTargetError as exc:
                refuse(dialog, str(exc))
                continue
            break
        self.start(dialog.fmt, path, dialog.options())

    def start(self, fmt: str, path: str, options: services.ExportOptions) -> None:
        store, target = self.store, Path(path).expanduser()
        self.last_dir = str(target.parent)
        self.message.emit(f"Exporting to {target.name}…")

        def run(_report: workers.Report, _cancel) -> services.ExportCounts:
            return services.export(store, fmt, target, options)

        self.task = workers.start(
            "Export", run, finished=lambda c: self._done(target, c), failed=self._failed
        )

    def _done(self, target: Path, counts: services.ExportCounts) -> None:
        self.task = None
        self.message.emit(
            f"Exported {_n(counts.claims, 'claim')} and {_n(counts.labels, 'label')} "
            f"from {_n(counts.articles, 'article')} to {target}."
        )
        self.exported.emit(counts)

    def _failed(self, message: str) -> None:
        self.task = None
        self.message.emit(message)  # "Export failed: <the reason>"


def refuse(parent: QWidget, message: str) -> None:
    """Say why a target was refused; the message quotes a path, so it is plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Can't export there", message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
