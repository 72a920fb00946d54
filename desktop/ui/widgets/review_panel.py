"""Review mode: the queue of claims labelled by two or more annotators (disagreements
first) on the left, the selected claim with every annotator's label side by side on the
right. Keyboard-driven like labelling; its keys are the "review" commands of the registry
(ui/commands.py: j/k, 1..9, Shift+1..9, 0, n, o, F5), active while the panel has the
keyboard. Enter in the note saves it and stays; Enter on the queue opens the claim.

The current annotator is the reviewer. The queue loads in a worker; after each action it
is re-read, so what is shown is what the core committed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import services
from desktop.core.changes import Changes
from desktop.core.review import ReviewItem
from desktop.core.verdicts import verdict_names
from desktop.ui import workers
from desktop.ui.commands import REVIEW, panel_actions
from desktop.ui.icons import icon
from desktop.ui.models.review_queue import ReviewQueueModel
from desktop.ui.ops import Ops
from desktop.ui.review_flow import ReviewActions
from desktop.ui.widgets.review_delegate import ReviewDelegate
from desktop.ui.widgets.review_detail import ReviewDetail
from desktop.ui.words import count

EMPTY = (
    "No claims to review yet.\n\nA claim joins the queue once two or more annotators "
    "have given it a verdict. Label as another annotator (File → Switch annotator) "
    "or import a teammate's export."
)
ALL_DONE = "Every claim in the queue is reviewed. Untick “Pending only” to see them all."


class ReviewPanel(QWidget):
    open_claim = Signal(int, int)  # article id, claim id: show it in the reader
    message = Signal(str)  # a short note for the status bar
    loaded = Signal(int)  # queue length, after each (re)load

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.store, self.reviewer = ops.desk.store, ops.desk.annotator
        self.actions = ReviewActions(ops, self)
        ops.changed.connect(self._changed)
        ops.failed.connect(lambda m: self.detail.show_message(m) if self.isVisible() else None)
        self.task: workers.Task | None = None
        self._generation = 0
        self._texts: dict[int, str] = {}  # article texts are immutable: cache them
        self._drafts: dict[int, str] = {}  # notes typed on a claim without a review yet
        self._shown: int | None = None
        self.setAccessibleName("Review")

        self.model = ReviewQueueModel()
        self.list = QListView()
        self.list.setObjectName("reviewQueue")
        self.list.setAccessibleName("Review queue")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ReviewDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumWidth(280)
        self.list.selectionModel().currentChanged.connect(lambda cur, _prev: self._show(cur.row()))

        self.list.activated.connect(lambda _i: self.open_current())  # Enter on the queue
        self.counts = QLabel(objectName="muted")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.pending = QCheckBox("Pending only")
        self.pending.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending.setToolTip("Hide claims that already have a final verdict")
        self.pending.toggled.connect(lambda _on: self.reload())
        refresh = QPushButton(icon("redo"), "Reload")
        refresh.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        refresh.setToolTip("Read the queue again (F5)")
        refresh.clicked.connect(lambda: self.reload())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>Review queue</b>"))
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.pending)
        bar.addWidget(refresh)

        self.detail = ReviewDetail()
        self.detail.take.connect(self.take)
        self.detail.set_verdict.connect(self.set_verdict)
        self.detail.clear.connect(self.clear)
        self.detail.save_note.connect(self.save_note)
        self.detail.open_requested.connect(self.open_current)
        self.detail.note_escaped.connect(self.list.setFocus)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        self.empty = QLabel(EMPTY, objectName="muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(scroll)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.right)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 800])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.setFocusProxy(self.list)
        handlers = {
            "review:next": lambda: self.step(+1), "review:prev": lambda: self.step(-1),
            "review:clear": self.clear, "review:note": self.detail.note.setFocus,
            "review:open": self.open_current, "review:reload": self.reload,
        }
        handlers.update({f"review:verdict:{v}": (lambda v=v: self.set_verdict(v))
                         for v in verdict_names()})
        handlers.update({f"review:take:{n}": (lambda n=n: self.take(n)) for n in range(1, 10)})
        self.key_actions = panel_actions(self, REVIEW, handlers)

    # -- loading -------------------------------------------------------------------------------
    def reload(self, keep: int | None = None) -> None:
        """Read the queue again in the background; stay on `keep` (or the current claim)."""
        item = self.current_item()
        keep = keep if keep is not None else (item.claim_id if item else None)
        row = max(0, self.list.currentIndex().row())
        self._generation += 1
        generation, store, pending = self._generation, self.store, self.pending.isChecked()
        if self.task is not None:
            self.task.cancel()  # its result is ignored (older generation)

        def run(_report: workers.Report, _cancel) -> list[ReviewItem]:
            return services.review_queue(store, pending_only=pending)

        self.task = workers.start(
            "Review queue",
            run,
            finished=lambda items: self._loaded(generation, items, keep, row),
            failed=lambda msg: self._load_failed(generation, msg),
        )

    def _loaded(self, generation: int, items: list[ReviewItem], keep: int | None, row: int) -> None:
        if generation != self._generation:
            return
        self.task = None
        self.model.set_items(items)
        n = len(items)
        self.counts.setText(
            f"· {count(n, 'claim')} · {count(self.model.disagreements(), 'disagreement')}"
            f" · {self.model.pending():,} pending"
        )
        self.empty.setText(ALL_DONE if self.pending.isChecked() else EMPTY)
        self.right.setCurrentIndex(1 if items else 0)
        target = self.model.row_of(keep) if keep is not None else None
        if target is None and items:
            target = min(row, n - 1)  # the reviewed claim left (pending only): the next one
        self._shown = None
        if target is not None:
            self.list.setCurrentIndex(self.model.index(target))
            self.list.scrollTo(self.model.index(target))
        self.loaded.emit(n)

    def _load_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.task = None
            self.detail.show_message(message)
            self.message.emit(message)

    def set_reviewer(self, name: str) -> None:
        self._flush_note()
        self.reviewer = name
        self._drafts.clear()
        self.reload()

    # -- showing --------------------------------------------------------------------------------
    def current_item(self) -> ReviewItem | None:
        return self.model.item(self.list.currentIndex().row())

    def _text(self, article_id: int) -> str | None:
        if article_id not in self._texts:
            view = services.article_view(self.store, article_id, self.reviewer)
            if view is None:
                return None
            self._texts[article_id] = view.text
        return self._texts[article_id]

    def _show(self, row: int) -> None:
        item = self.model.item(row)
        if item is None:
            return
        if self._shown != item.claim_id:
            self._flush_note()
            self.detail.show_message(None)
        self._shown = item.claim_id
        self.detail.show_item(
            item, self._text(item.article_id), self.reviewer, self._drafts.get(item.claim_id)
        )

    def step(self, delta: int) -> None:
        n = self.model.rowCount()
        if n:
            row = min(n - 1, max(0, self.list.currentIndex().row() + delta))
            self.list.setCurrentIndex(self.model.index(row))

    # -- actions -----------------------------------------------------------------------------------
    def _note(self) -> str | None:
        return self.detail.note.text().strip() or None

    def take(self, annotator: str | int) -> None:
        """Take annotator's verdict (a name, or N for the Nth column)."""
        item = self.current_item()
        if item is None:
            return
        if isinstance(annotator, int):
            if not 1 <= annotator <= len(item.labels):
                self._refused(f"There is no annotator {annotator} on this claim.")
                return
            annotator = item.labels[annotator - 1].annotator
        self.actions.take(item.claim_id, annotator, self._note())

    def set_verdict(self, verdict: str) -> None:
        if (item := self.current_item()) is not None:
            self.actions.set_verdict(item.claim_id, verdict, self._note())

    def clear(self) -> None:
        if (item := self.current_item()) is not None and item.review:
            self.actions.clear(item.claim_id)

    def save_note(self) -> None:
        item = self.current_item()
        if item is None:
            return
        if not item.review:
            self._drafts[item.claim_id] = self.detail.note.text()
            self._refused(
                "Pick the final verdict (1…) or take one (Shift+1…): the note is saved with it."
            )
            return
        self.actions.set_verdict(item.claim_id, item.review["verdict"], self._note())
        self.list.setFocus()

    def _flush_note(self) -> None:
        """Leaving a claim: an edited note of a reviewed claim is saved, others kept as drafts."""
        item = next((it for it in self.model.items if it.claim_id == self._shown), None)
        if item is None:
            return
        typed = self.detail.note.text().strip()
        if item.review:
            if typed != (item.review.get("note") or "").strip():
                self.actions.set_verdict(item.claim_id, item.review["verdict"], typed or None)
        elif typed:
            self._drafts[item.claim_id] = typed

    def open_current(self) -> None:
        if (item := self.current_item()) is not None:
            self.open_claim.emit(item.article_id, item.claim_id)

    def _changed(self, changes: Changes) -> None:
        """On the change bus: my review actions, and labels changed anywhere."""
        if changes.reviews and changes.claim_id is not None:
            self._drafts.pop(changes.claim_id, None)
            self.detail.show_message(None)
        if (changes.reviews or changes.labels) and self.isVisible():
            self.reload(keep=changes.claim_id if changes.reviews else None)

    def _refused(self, message: str) -> None:
        self.detail.show_message(message)
        self.message.emit(message)
