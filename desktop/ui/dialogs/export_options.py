"""Export from the window: format, options and destination in one small dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.core import services

# format id -> (label, file suffix); ids are the CLI's (`claimdesk export -f ...`)
FORMATS = {
    "jsonl": ("JSONL (Prodigy-compatible, with the fact-check fields)", ".jsonl"),
    "spacy": ("spaCy DocBin (claims in doc.spans['claims'])", ".spacy"),
    "csv": ("CSV (one row per label)", ".csv"),
    "claimreview": ("ClaimReview JSON-LD (reviewed claims)", ".json"),
    "label-studio": ("Label Studio tasks (with its labelling config beside it)", ".json"),
    "doccano": ("doccano JSONL (label: [[start, end, label]])", ".jsonl"),
}
WITH_SUGGESTIONS = {"jsonl", "label-studio"}  # Label Studio takes them as predictions


class ExportDialog(QDialog):
    def __init__(
        self,
        annotator: str,
        start_dir: str,
        parent: QWidget | None = None,
        threshold: float = services.DEFAULT_THRESHOLD,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export labelled data")
        self.annotator = annotator
        self.threshold = threshold  # suggestions are exported as the window shows them
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        for key, (label, _suffix) in FORMATS.items():
            self.format.addItem(label, key)
        self.path = QLineEdit(str(Path(start_dir) / "claims.jsonl"))
        self.path.setAccessibleName("Export file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.mine = QCheckBox(f"Only my labels ({annotator})")
        self.reviewed = QCheckBox("Only reviewed claims")
        self.suggestions = QCheckBox(
            f"Include suggestions scoring {threshold:.2f} or more (JSONL, Label Studio)"
        )
        self.per_claim = QCheckBox("One claim per line (JSONL)")
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("File", where)
        for box in (self.mine, self.reviewed, self.suggestions, self.per_claim):
            form.addRow("", box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.resize(560, self.sizeHint().height())

    def _format_changed(self) -> None:
        fmt = self.fmt
        for box, formats in ((self.suggestions, WITH_SUGGESTIONS), (self.per_claim, {"jsonl"})):
            box.setEnabled(fmt in formats)
            if fmt not in formats:
                box.setChecked(False)
        self.reviewed.setEnabled(fmt != "claimreview")  # ClaimReview is reviewed claims only
        path = Path(self.path.text() or "claims")
        self.path.setText(str(path.with_suffix(FORMATS[fmt][1])))

    def _browse(self) -> None:
        label, suffix = FORMATS[self.fmt]
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), f"{label} (*{suffix})"
        )
        if chosen:
            self.path.setText(chosen)

    @property
    def fmt(self) -> str:
        return self.format.currentData()

    def options(self) -> services.ExportOptions:
        return services.ExportOptions(
            annotator=self.annotator if self.mine.isChecked() else None,
            reviewed_only=self.reviewed.isChecked(),
            with_suggestions=self.suggestions.isChecked(),
            suggestion_threshold=self.threshold,
            per_claim=self.per_claim.isChecked(),
        )
