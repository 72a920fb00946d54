"""Who is labelling: asked on first start, switchable from the File menu. Labels are
stored per annotator name, so teammates' work stays apart and can be compared."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core.annotators import check_name


class AnnotatorDialog(QDialog):
    def __init__(self, default: str, known: list[str] | None = None, parent: QWidget | None = None,
                 *, first_time: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is labelling?" if first_time else "Switch annotator")
        intro = QLabel("Your labels are saved under this name, apart from your teammates'. "
                       "You can switch later from the File menu." if first_time else
                       "Labels, progress and undo history follow the annotator.")
        intro.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(known or [])
        self.name.setCurrentText(default)
        self.name.setAccessibleName("Annotator name")
        self.name.lineEdit().selectAll()
        self.error = QLabel(objectName="inlineError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(400, self.sizeHint().height())

    def accept(self) -> None:
        try:
            check_name(self.name.currentText())
        except ValueError as exc:
            self.error.setText(str(exc).capitalize())
            self.error.show()
            return
        super().accept()

    def value(self) -> str:
        return check_name(self.name.currentText())


def ask_annotator(default: str, known: list[str] | None = None, parent: QWidget | None = None,
                  *, first_time: bool = True) -> str | None:
    dlg = AnnotatorDialog(default, known, parent, first_time=first_time)
    return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None
