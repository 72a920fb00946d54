"""First start: what the verdicts mean, who is labelling, and what to start with.

Shown instead of the plain "Who is labelling?" question when no annotator is stored in
the settings. Returns (name, choice) with choice one of DEMO, IMPORT, EMPTY; the caller
stores the name and loads the demo corpus or opens the import dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.annotators import check_name
from desktop.core.verdicts import verdicts
from desktop.ui.icons import app_icon, icon
from desktop.ui.resources import icon_path
from desktop.ui.safe_text import esc, plain_label, rich_label

DEMO, IMPORT, EMPTY = "demo", "import", "empty"
CHOICES = (DEMO, IMPORT, EMPTY)


def _section(text: str) -> QLabel:
    return QLabel(text, objectName="sectionTitle")


class WelcomeDialog(QDialog):
    def __init__(self, default_name: str, known: list[str] | None = None,
                 parent: QWidget | None = None, *, demo_available: bool = True,
                 has_articles: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Claimdesk")
        self.setAccessibleName("Welcome to Claimdesk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(8)
        layout.addLayout(self._header())
        layout.addSpacing(6)

        layout.addWidget(_section("How labelling works"))
        how = QLabel("Claimdesk underlines the sentences that look check-worthy and says why. "
                     "Accept, adjust or reject them (or select a claim yourself), then give "
                     "each claim a verdict and the sources that back it:")
        how.setWordWrap(True)
        layout.addWidget(how)
        layout.addWidget(self._verdict_table())

        layout.addWidget(_section("Your name"))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(known or [])
        self.name.setCurrentText(default_name)
        self.name.setAccessibleName("Annotator name")
        self.name.lineEdit().selectAll()
        layout.addWidget(self.name)
        hint = QLabel("Your labels are saved under this name, apart from your teammates'. "
                      "You can switch later from the File menu.", objectName="muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = QLabel(objectName="inlineError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error.hide()
        layout.addWidget(self.error)

        layout.addWidget(_section("Start with"))
        self.choices = QButtonGroup(self)
        self.demo = QRadioButton("Load the &demo corpus: five reports of one event by five outlets")
        self.files = QRadioButton("&Import files… (.txt, .html, .jsonl, .csv or a folder)")
        self.empty = QRadioButton("Start with an &empty database"
                                  if not has_articles else "&Continue with the articles already here")
        for button, choice in ((self.demo, DEMO), (self.files, IMPORT), (self.empty, EMPTY)):
            button.setProperty("choice", choice)
            self.choices.addButton(button)
            layout.addWidget(button)
        if not demo_available:
            self.demo.setEnabled(False)
            self.demo.setToolTip("The demo corpus is not installed with this build.")
        (self.empty if has_articles or not demo_available else self.demo).setChecked(True)

        layout.addSpacing(4)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start labelling")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()
        self.setMinimumWidth(560)
        self.resize(600, self.sizeHint().height())

    def _header(self) -> QHBoxLayout:
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(56, 56)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel("Welcome to Claimdesk")
        title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        tagline = QLabel("Label check-worthy claims in news articles, with the sources "
                         "that back each verdict.", objectName="muted")
        tagline.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        text.addWidget(tagline)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(logo)
        row.addLayout(text, 1)
        return row

    def _verdict_table(self) -> QFrame:
        frame = QFrame(objectName="verdictTable")
        grid = QGridLayout(frame)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.verdict_labels: list[QLabel] = []
        for row, v in enumerate(verdicts()):
            mark = QLabel()
            name = v.name if icon_path(v.name).exists() else "verdict"
            mark.setPixmap(icon(name, v.color).pixmap(QSize(20, 20)))
            key = QLabel(f"<b>{row + 1}</b>" if row < 9 else "", objectName="muted")
            key.setToolTip(f"Press {row + 1} to give a claim this verdict")
            title = rich_label(f"<b style='color:{esc(v.color)}'>{esc(v.name.capitalize())}</b>")
            desc = plain_label(v.description)  # verdicts may come from CLAIMDESK_VERDICTS
            desc.setWordWrap(True)
            self.verdict_labels.append(title)
            grid.addWidget(key, row, 0)
            grid.addWidget(mark, row, 1)
            grid.addWidget(title, row, 2)
            grid.addWidget(desc, row, 3)
        grid.setColumnStretch(3, 1)
        return frame

    def choice(self) -> str:
        button = self.choices.checkedButton()
        return str(button.property("choice")) if button is not None else EMPTY

    def accept(self) -> None:
        try:
            check_name(self.name.currentText())
        except ValueError as exc:
            self.error.setText(str(exc).capitalize())
            self.error.show()
            self.name.setFocus()
            return
        super().accept()

    def value(self) -> tuple[str, str]:
        return check_name(self.name.currentText()), self.choice()


def ask_welcome(default_name: str, known: list[str] | None = None, parent: QWidget | None = None,
                *, demo_available: bool = True, has_articles: bool = False) -> tuple[str, str] | None:
    """(annotator name, DEMO | IMPORT | EMPTY), or None when the user quits."""
    dlg = WelcomeDialog(default_name, known, parent, demo_available=demo_available,
                        has_articles=has_articles)
    return dlg.value() if dlg.exec() == QDialog.DialogCode.Accepted else None
