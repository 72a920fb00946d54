"""After an import: how many articles came in, and every file that failed, and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.importing import ImportReport


def summary(report: ImportReport) -> str:
    n = len(report.added)
    parts = [f"Imported {n} article{'s' if n != 1 else ''}"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already present")
    if report.problems:
        parts.append(f"{len(report.problems)} failed")
    if report.cancelled:
        parts.append("cancelled before the end")
    return ", ".join(parts) + "."


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        head = QLabel(summary(report) + ("  Nothing else was changed for the files below."
                                         if report.problems else ""))
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import problems")
        lines = [str(p) for p in report.problems]
        if report.duplicates:
            lines += ["", "Already in the database (skipped):", *report.duplicates]
        self.details.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)
