"""Importing from the window (menu, drop, empty state): a progress dialog with Cancel,
the import on a worker, then a report of what failed and why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.core import services
from desktop.core.importing import ImportReport
from desktop.ui import workers
from desktop.ui.dialogs.import_report import ImportReportDialog, summary, worth_showing
from desktop.ui.safe_text import plain_label


class ImportFlow(QObject):
    imported = Signal(object)  # ImportReport, after the dialogs
    message = Signal(str)

    def __init__(self, store: services.Store, window: QWidget) -> None:
        super().__init__(window)
        self.store, self.window = store, window
        self.task: workers.Task | None = None
        self.dialog: QProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, paths: list[str | Path]) -> bool:
        if self.task is not None or not paths:
            return False
        store = self.store
        names = ", ".join(Path(p).name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        dlg = QProgressDialog("", "Cancel", 0, 0, self.window)
        dlg.setLabel(plain_label(f"Importing {names}"))  # file names are data
        dlg.setWindowTitle("Import")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)  # quick imports never flash a dialog
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        self.dialog = dlg

        def run(report: workers.Report, cancel) -> ImportReport:
            return services.import_paths(store, paths, cancel=cancel,
                                         progress=lambda n, name: report(n, 0, name))

        self.task = workers.start("Import", run, progress=self._progress, finished=self._finished,
                                  failed=self._failed)
        dlg.canceled.connect(self.task.cancel)
        return True

    def _progress(self, done: int, _total: int, name: str) -> None:
        if self.dialog is not None:
            self.dialog.setLabelText(f"{done:,} read — {Path(name).name}")

    def _close_dialog(self) -> None:
        self.task = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, report: ImportReport) -> None:
        self._close_dialog()
        self.message.emit(summary(report))
        if worth_showing(report):
            self.report_dialog = ImportReportDialog(report, self.window)
            self.report_dialog.open()  # not exec(): the window stays live behind it
        self.imported.emit(report)

    def _failed(self, message: str) -> None:
        self._close_dialog()
        self.message.emit(message)
