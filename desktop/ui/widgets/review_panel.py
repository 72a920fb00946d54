"""Review mode: the queue of claims labelled by two or more annotators (disagreements
first) on the left, the selected claim with every annotator's label side by side on the
right. Keyboard-driven like labelling:

    j / k      next / previous claim        Shift+1..9  take annotator N's verdict
    1..9       set the final verdict        0, Delete   clear the review
    n          edit the reviewer's note     o, Enter    open the claim in the reader
    F5         reload the queue

The current annotator is the reviewer. The queue loads in a worker; after each action it
is re-read, so what is shown is what the core committed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from desktop.core.review import ReviewItem
from desktop.core.verdicts import verdict_names
from desktop.ui import workers
from desktop.ui.history import History
from desktop.ui.icons import icon
from desktop.ui.models.review_queue import ReviewQueueModel
from desktop.ui.panel_keys import PanelKeys, plain_digit, shifted_digit
from desktop.ui.review_flow import ReviewActions
from desktop.ui.widgets.review_delegate import ReviewDelegate
from desktop.ui.widgets.review_detail import ReviewDetail

EMPTY = (
    "No claims to review yet.\n\nA claim joins the queue once two or more annotators "
    "have given it a verdict. Label as another annotator (File → Switch annotator) "
    "or import a teammate's export."
)
ALL_DONE = "Every claim in the queue is reviewed. Untick “Pending only” to see them all."


class ReviewPanel(QWidget):
    open_claim = Signal(int, int)  # article id, claim id: show it in the reader
    changed = Signal(object)  # services.Change of a review action (redraw what shows it)
    message = Signal(str)  # a short note for the status bar
    loaded = Signal(int)  # queue length, after each (re)load

    def __init__(
        self,
        store: services.Store,
        reviewer: str,
        history: History | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.reviewer = store, reviewer
        self.actions = ReviewActions(store, reviewer, history, self)
        self.actions.changed.connect(self._acted)
        self.actions.failed.connect(self._refused)
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

        self.counts = QLabel(objectName="muted")
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
        self.keys = PanelKeys(self, self._key)
        self.keys.watch(self.list)

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
            f"· {n} claim{'s' if n != 1 else ''} · "
            f"{self.model.disagreements()} disagreement(s) · {self.model.pending()} pending"
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
        self.actions.reviewer = name
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

    def _acted(self, change: services.Change) -> None:
        self._drafts.pop(change.claim_id, None)
        self.detail.show_message(None)
        self.changed.emit(change)
        self.reload(keep=change.claim_id)

    def _refused(self, message: str) -> None:
        self.detail.show_message(message)
        self.message.emit(message)

    # -- keys ------------------------------------------------------------------------------------
    def _key(self, event: QKeyEvent) -> Callable[[], object] | None:
        key = event.key()
        if QApplication.focusWidget() is self.detail.note:
            if key == Qt.Key.Key_Escape:
                return self.list.setFocus
            return None  # the note field keeps every other key
        if (n := shifted_digit(event)) is not None:
            return lambda: self.take(n)
        if (d := plain_digit(event)) is not None:
            names = verdict_names()
            if d == 0:
                return self.clear
            return (lambda: self.set_verdict(names[d - 1])) if d <= len(names) else None
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        simple: dict[int, Callable[[], object]] = {
            Qt.Key.Key_J: lambda: self.step(+1),
            Qt.Key.Key_Down: lambda: self.step(+1),
            Qt.Key.Key_K: lambda: self.step(-1),
            Qt.Key.Key_Up: lambda: self.step(-1),
            Qt.Key.Key_N: self.detail.note.setFocus,
            Qt.Key.Key_O: self.open_current,
            Qt.Key.Key_Return: self.open_current,
            Qt.Key.Key_Enter: self.open_current,
            Qt.Key.Key_Delete: self.clear,
            Qt.Key.Key_F5: self.reload,
        }
        return simple.get(key)
