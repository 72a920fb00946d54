"""What the reader shows before there is anything to read: a friendly start."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.icons import icon


class EmptyState(QFrame):
    load_demo = Signal()
    import_files = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="emptyState")
        art = QLabel()
        art.setPixmap(icon("empty").pixmap(QSize(96, 96)))
        art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("No articles yet", objectName="emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel("Load the demo corpus — five reports of one event by five outlets — "
                      "or import your own .txt, .html, .jsonl or .csv files. "
                      "You can also drop files or folders onto this window.", objectName="muted")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(440)
        self.demo = QPushButton(icon("claimdesk"), "Load demo corpus")
        self.demo.setDefault(True)
        self.demo.setAccessibleName("Load demo corpus")
        self.demo.clicked.connect(self.load_demo)
        self.files = QPushButton(icon("import"), "Import files…")
        self.files.setAccessibleName("Import files")
        self.files.clicked.connect(self.import_files)
        for b in (self.demo, self.files):
            b.setIconSize(QSize(20, 20))
            b.setMinimumHeight(36)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.demo)
        buttons.addWidget(self.files)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(art)
        layout.addWidget(title)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(text)
        middle.addStretch(1)
        layout.addLayout(middle)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def set_demo_available(self, available: bool) -> None:
        self.demo.setVisible(available)
