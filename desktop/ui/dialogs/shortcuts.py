"""The shortcut sheet ("?"): every keyed command, grouped by where it works, generated
from the command registry (ui/commands.py), plus what the mouse and text fields do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.commands import LABEL, SCOPES, sheet_rows
from desktop.ui.safe_text import esc

# Not commands: what widgets do themselves (listed so the sheet is complete).
BY_WIDGETS = {
    SCOPES[LABEL]: [("Shift+arrows", "Select text with the keyboard"),
                    ("click", "Select a claim (click again to cycle through overlapping ones)"),
                    ("drag an edge", "Move a claim's start or end"),
                    ("Enter in the stance box", "Add the web source")],
}


def sheet_html() -> str:
    rows = []
    for title, items in sheet_rows():
        rows.append(f"<tr><td colspan=2><h3>{esc(title)}</h3></td></tr>")
        rows += [f"<tr><td style='padding-right:18px'><b>{esc(k)}</b></td><td>{esc(t)}</td></tr>"
                 for k, t in items + BY_WIDGETS.get(title, [])]
    return "<table cellspacing=4>" + "".join(rows) + "</table>"


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        label = QLabel(sheet_html())
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setMargin(12)
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(640, 720)
