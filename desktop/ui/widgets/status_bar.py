"""The status bar: which suggestion model is in use, who is labelling, which database, and
background work (progress and a cancel button) — visible while work runs, gone when it is
done."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop.ui.icons import icon
from desktop.ui.safe_text import tooltip


class StatusBar(QStatusBar):
    cancel_requested = Signal()
    annotator_clicked = Signal()
    model_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task_label = QLabel()
        self.task_label.setTextFormat(Qt.TextFormat.PlainText)  # may name a file
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Background progress")
        self.cancel = QToolButton()
        self.cancel.setIcon(icon("cancel"))
        self.cancel.setIconSize(QSize(14, 14))
        self.cancel.setAutoRaise(True)
        self.cancel.setToolTip("Cancel the background work")
        self.cancel.setAccessibleName("Cancel background work")
        self.cancel.clicked.connect(self.cancel_requested)
        self.annotator = QToolButton()
        self.annotator.setIcon(icon("person"))
        self.annotator.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.annotator.setAutoRaise(True)
        self.annotator.setToolTip("You, as annotator. Click to switch.")
        self.annotator.setAccessibleName("Annotator")
        self.annotator.clicked.connect(self.annotator_clicked)
        self.model = QToolButton()
        self.model.setAutoRaise(True)
        self.model.setAccessibleName("Suggestion model")
        self.model.clicked.connect(self.model_clicked)
        self.database = QLabel()
        self.database.setTextFormat(Qt.TextFormat.PlainText)
        self.database.setAccessibleName("Database")
        self.database.setMaximumWidth(360)
        for w in (self.task_label, self.bar, self.cancel):
            self.addPermanentWidget(w)
        self.addPermanentWidget(self.model)
        self.addPermanentWidget(self.annotator)
        self.addPermanentWidget(self.database)
        self.set_busy(None)

    def set_identity(self, annotator: str, location: str) -> None:
        self.annotator.setText(annotator)
        self.database.setToolTip(tooltip(f"Database: {location}"))
        metrics = self.database.fontMetrics()
        self.database.setText(metrics.elidedText(location, Qt.TextElideMode.ElideMiddle, 340))

    def set_model(self, label: str, description: str) -> None:
        self.model.setText(label)
        self.model.setToolTip(tooltip(description + " Click to learn from our decisions now."))

    def set_busy(self, label: str | None) -> None:
        """Show (label) or hide (None) the background progress."""
        for w in (self.task_label, self.bar, self.cancel):
            w.setVisible(label is not None)
        if label is not None:
            self.task_label.setText(label)
            self.bar.setRange(0, 0)

    def set_progress(self, done: int, total: int, label: str) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        self.task_label.setText(label)
