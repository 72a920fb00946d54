"""The selected queue item: the claim in context, the annotators side by side, and the
final verdict (keys 1..9 with the note, 0 clears). Signals only; the panel acts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.review import ReviewItem
from desktop.core.verdicts import verdicts
from desktop.ui.icons import icon
from desktop.ui.widgets.inspector import local_time
from desktop.ui.widgets.review_column import AnnotatorColumn
from desktop.ui.widgets.review_context import context_html
from desktop.ui.widgets.verdict_bar import VerdictButton

_OWN = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class NoteField(QLineEdit):
    """The reviewer's note. Enter saves it and is consumed here: a QLineEdit passes Return
    on to its parents, where the queue took it as "open in the reader" and left review
    mode. Escape goes back to the queue."""

    escaped = Signal()
    submitted = Signal()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _OWN:
            event.accept()  # ours, not a shortcut's
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ReviewDetail(QWidget):
    take = Signal(str)  # annotator
    set_verdict = Signal(str)
    clear = Signal()
    save_note = Signal()  # Enter in the note field
    open_requested = Signal()
    note_escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: ReviewItem | None = None
        self.title = QLabel(objectName="reviewTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)  # escaped in show_item
        self.title.setWordWrap(True)
        self.open = QPushButton(icon("link"), "Open in reader  o")
        self.open.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open.setAccessibleName("Open this claim in the reader")
        self.open.clicked.connect(self.open_requested)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.open, 0, Qt.AlignmentFlag.AlignTop)
        self.context = QLabel(objectName="reviewContext")
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.context.setAccessibleName("Claim in context")
        # reads like the reader's paper column: larger text, a rule on the left
        self.context.setStyleSheet(
            "QLabel#reviewContext { font-size: 11.5pt; padding: 8px 12px;"
            " border-left: 3px solid palette(mid); }"
        )
        self.columns = QHBoxLayout()
        self.columns.setSpacing(8)
        self.column_widgets: list[AnnotatorColumn] = []

        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.RichText)  # escaped in show_item
        self.state.setWordWrap(True)
        self.buttons: dict[str, VerdictButton] = {}
        bar = QHBoxLayout()
        for key, v in enumerate(verdicts(), start=1):
            b = VerdictButton(v, key)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _c=False, name=v.name: self.set_verdict.emit(name))
            self.buttons[v.name] = b
            bar.addWidget(b)
        self.clear_button = QPushButton(icon("remove"), "Clear  0")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setIconSize(QSize(16, 16))
        self.clear_button.setAccessibleName("Clear the review")
        self.clear_button.clicked.connect(self.clear)
        bar.addWidget(self.clear_button)
        self.note = NoteField()
        self.note.setPlaceholderText("Reviewer's note (n), saved with the verdict; Enter saves it")
        self.note.setAccessibleName("Reviewer's note")
        self.note.submitted.connect(self.save_note)
        self.note.escaped.connect(self.note_escaped)
        self.message = QLabel(objectName="inlineError")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Review message")
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.context)
        layout.addWidget(QLabel("Annotators", objectName="sectionTitle"))
        layout.addLayout(self.columns)
        layout.addWidget(QLabel("Final verdict", objectName="sectionTitle"))
        layout.addWidget(self.state)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def show_item(
        self, item: ReviewItem, text: str | None, reviewer: str, draft: str | None
    ) -> None:
        same = self.item is not None and self.item.claim_id == item.claim_id
        self.item = item
        self.title.setText(
            f"<b>{escape(item.article_title)}</b>"
            f"<br><span style='color:palette(placeholder-text)'>claim #{item.claim_id}"
            f" · characters {item.start}–{item.end}</span>"
        )
        if text is not None:
            self.context.setText(context_html(text, item.start, item.end, item.final))
        else:
            self.context.setText(f"<b>{escape(item.text)}</b>")
        self._columns(item, reviewer)
        review = item.review
        if review:
            self.state.setText(
                f"Reviewed by <b>{escape(review['reviewer'])}</b>: "
                f"<b>{escape(review['verdict'])}</b> · {local_time(review['decided_at'])}"
            )
        elif item.disagreement:
            self.state.setText(
                "Annotators disagree: pending. Take a verdict (Shift+1…) or set one (1…)."
            )
        else:
            self.state.setText(
                f"Annotators agree on <b>{escape(item.final or '—')}</b>: pending review."
            )
        for name, b in self.buttons.items():
            b.setChecked(bool(review) and review["verdict"] == name)
        self.clear_button.setEnabled(bool(review))
        if not (same and self.note.hasFocus()):  # never move text under the cursor
            self.note.setText(draft if draft is not None else (review or {}).get("note") or "")

    def _columns(self, item: ReviewItem, reviewer: str) -> None:
        for w in self.column_widgets:
            self.columns.removeWidget(w)
            w.deleteLater()
        self.column_widgets = []
        for n, label in enumerate(item.labels, start=1):
            col = AnnotatorColumn(label, n, reviewer)
            col.take.connect(self.take)
            self.columns.addWidget(col, 1)
            self.column_widgets.append(col)

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
