"""One annotator's label in the review: verdict, sources with stance, note, and "Take"
(Shift+N). Columns sit side by side so the reviewer compares them at a glance."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.core.queries import LabelView, SourceView
from desktop.ui.icons import icon
from desktop.ui.safe_text import tooltip
from desktop.ui.widgets.inspector import local_time
from desktop.ui.widgets.review_chip import chip_label

STANCE_COLORS = {"supports": "#2e9d5b", "contradicts": "#c8453c", "context": "#6c7a89"}


def source_html(src: SourceView) -> str:
    stance = (
        f"<span style='color:{STANCE_COLORS.get(src.stance, '#6c7a89')}; font-weight:600;'>"
        f"{escape(src.stance)}</span>"
    )
    if src.kind == "url":
        shown = escape(src.title or src.shown_url)
        return f"{stance} · <a href='{escape(src.url or '')}'>{shown}</a>"
    quote = escape(" ".join((src.text or "").split()))
    where = escape(src.article_title or f"article #{src.article_id}")
    return f"{stance} · “{quote}” <span style='color:palette(placeholder-text)'>in {where}</span>"


def _wrapped(text: str = "", name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)  # callers escape their data
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    return label


class AnnotatorColumn(QFrame):
    take = Signal(str)  # annotator name

    def __init__(self, label: LabelView, number: int, reviewer: str) -> None:
        super().__init__(objectName="reviewColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = label
        you = " (you)" if label.annotator == reviewer else ""
        name = QLabel(f"<b>{escape(label.annotator)}</b>{you}")
        name.setTextFormat(Qt.TextFormat.RichText)
        name.setAccessibleName(f"Annotator {label.annotator}")
        self.chip = chip_label(label.verdict)
        self.button = QPushButton(icon("accept"), f"Take  ⇧{number}" if number <= 9 else "Take")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the panel
        self.button.setIconSize(QSize(16, 16))
        self.button.setEnabled(bool(label.verdict))
        self.button.setToolTip(tooltip(f"Make {label.annotator}'s verdict the final one (Shift+{number})"))
        self.button.setAccessibleName(f"Take {label.annotator}'s verdict")
        self.button.clicked.connect(lambda: self.take.emit(label.annotator))
        head = QHBoxLayout()
        head.addWidget(name)
        head.addStretch(1)
        head.addWidget(self.chip)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(QLabel("Sources", objectName="sectionTitle"))
        if label.sources:
            for src in label.sources:
                row = _wrapped(source_html(src))
                row.setOpenExternalLinks(True)
                layout.addWidget(row)
        else:
            layout.addWidget(_wrapped("No sources.", "muted"))
        layout.addWidget(QLabel("Note", objectName="sectionTitle"))
        if label.note:
            layout.addWidget(_wrapped(f"<i>{escape(label.note)}</i>"))
        else:
            layout.addWidget(_wrapped("No note.", "muted"))
        layout.addStretch(1)
        layout.addWidget(_wrapped(f"Last change {local_time(label.updated_at)}", "muted"))
        layout.addWidget(self.button)
