"""After an import: how many articles came in, what each labelled or converted file
brought (its detected format, what merged, what was left out and why), and every record
that failed, and why. Nothing another tool exported is dropped without a line here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.importing import FileSummary, ImportReport


def summary(report: ImportReport) -> str:
    n = len(report.added)
    parts = [f"Imported {n} article{'s' if n != 1 else ''}"]
    if report.claims_added or report.labels_added:
        parts.append(f"{report.claims_added:,} claims and {report.labels_added:,} labels")
    if report.rejections_added:
        parts.append(f"{report.rejections_added:,} rejected spans to learn from")
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already present")
    if report.problems:
        parts.append(f"{len(report.problems)} failed")
    if report.cancelled:
        parts.append("cancelled before the end")
    return ", ".join(parts) + "."


def _notable(f: FileSummary) -> bool:
    """A file worth its own line: it brought labels or suggestions, merged records, or
    had something left out or changed (a plain text file that went in whole is not)."""
    return bool(f.notes or f.merged or f.claims or f.labels or f.reviews or f.suggestions
                or f.rejections)


def notable_files(report: ImportReport) -> list[str]:
    return [f"{Path(name).name}: {f.describe()}" for name, f in report.files.items() if _notable(f)]


def worth_showing(report: ImportReport) -> bool:
    """Open the report by itself when something failed or was left out."""
    return bool(report.problems) or any(f.notes for f in report.files.values())


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        head = QLabel(summary(report) + ("  The failed records were left out; everything "
                                         "else went in." if report.problems else ""))
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Import report")
        lines = []
        if files := notable_files(report):
            lines += ["What each file brought:", *files, ""]
        if report.problems:
            lines += ["Failed (nothing of these records was stored):"]
        lines += [str(p) for p in report.problems]
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
