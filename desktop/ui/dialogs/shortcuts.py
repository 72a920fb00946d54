"""The shortcut sheet ("?"): every keyed command, grouped by menu, from actions.specs()."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.actions import MENUS, key_text, specs
from desktop.ui.safe_text import esc

EXTRA = {  # keys handled by widgets rather than actions
    "Edit": [("Shift+arrows", "Select text with the keyboard"), ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo")],
    "Claim": [("click", "Select a claim (click again to cycle through overlapping ones)"),
              ("drag an edge", "Move a claim's start or end")],
}


def sheet_html() -> str:
    rows = []
    for menu in MENUS:
        items = [(key_text(s.keys), s.text.replace("&", "")) for s in specs() if s.menu == menu and s.keys]
        items += EXTRA.get(menu, [])
        if not items:
            continue
        rows.append(f"<tr><td colspan=2><h3>{menu}</h3></td></tr>")
        rows += [f"<tr><td style='padding-right:18px'><b>{esc(k)}</b></td><td>{esc(t)}</td></tr>"
                 for k, t in items]
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
