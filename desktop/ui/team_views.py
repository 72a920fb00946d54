"""Review mode, the agreement dashboard and the evidence panel: what they do.

Review mode swaps the central page (labelling <-> review); the evidence panel follows the
selected claim; the dashboard redraws from the change bus while it is shown. The panels
are built and placed by window_layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from desktop.core.changes import Changes
from desktop.ui.window_layout import Layout

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class TeamViews(QObject):
    """What review mode, the evidence panel and the dashboard do; where they sit is
    window_layout's business."""

    def __init__(self, window: MainWindow, layout: Layout) -> None:
        super().__init__(window)
        self.w = window
        self.review, self.evidence, self.dashboard = layout.review, layout.evidence, layout.dashboard
        self.pages, self.right, self.dashboard_dock = layout.pages, layout.right, layout.dashboard_dock
        self._connect()
        window.actions["show_evidence"].setChecked(True)

    def _connect(self) -> None:
        w, a = self.w, self.w.actions
        a["review_mode"].toggled.connect(self.set_review_mode)
        a["dashboard"].toggled.connect(self.dashboard_dock.setVisible)
        a["show_evidence"].toggled.connect(self._evidence_shown)
        a["evidence"].triggered.connect(self.focus_evidence)
        self.dashboard_dock.visibilityChanged.connect(self._dashboard_shown)

        self.review.open_claim.connect(self._open_claim)
        self.review.message.connect(w.show_message)
        w.ops.changed.connect(self._changed)  # the one change bus

        w.article.current_changed.connect(lambda _i: self._evidence_for())
        w.article.refreshed.connect(lambda _v: self._evidence_for())
        self.evidence.apply_verdict.connect(w.labeller.set_verdict)
        self.evidence.open_article.connect(self._open_passage)
        self.evidence.back.connect(w.focus_text)

    # -- review mode ------------------------------------------------------------------------------
    def set_review_mode(self, on: bool) -> None:
        self.pages.setCurrentWidget(self.review if on else self.w.split)
        if on:
            self.review.reload()
            self.review.setFocus()
        else:
            self.w.article.refresh()
            self.w.focus_text()
        if self.w.actions["review_mode"].isChecked() != on:
            self.w.actions["review_mode"].setChecked(on)

    def _open_claim(self, article_id: int, claim_id: int) -> None:
        self.set_review_mode(False)
        self.w.articles.select(article_id, emit=False)
        self.w.open_article(article_id, claim_id)

    def _changed(self, changes: Changes) -> None:
        """Each view here decides what to redraw: the dashboard after any label or review
        (and imports that bring them), the evidence after new articles."""
        if (changes.labels or changes.reviews) and self.dashboard_dock.isVisible():
            self.dashboard.refresh()
        if changes.action == "import" and changes.articles:
            self.evidence.refresh()

    # -- dashboard ---------------------------------------------------------------------------------
    def _dashboard_shown(self, visible: bool) -> None:
        self.w.actions["dashboard"].setChecked(visible)
        if visible:
            # open large enough to read (a dock starts at its minimum: only alpha showed)
            QTimer.singleShot(0, self._size_dashboard)  # once the dock is laid out
            self.dashboard.refresh()

    def _size_dashboard(self) -> None:
        height = int(self.w.height() * 0.45)
        self.w.resizeDocks([self.dashboard_dock], [height], Qt.Orientation.Vertical)

    # -- evidence ------------------------------------------------------------------------------------
    def focus_evidence(self) -> None:
        """Ctrl+Shift+E: the keyboard goes to the evidence panel (shown if it was hidden)."""
        if self.pages.currentWidget() is not self.w.split:
            self.set_review_mode(False)
        if not self.w.actions["show_evidence"].isChecked():
            self.w.actions["show_evidence"].setChecked(True)
        self.evidence.setFocus()

    def _evidence_shown(self, visible: bool) -> None:
        self.evidence.setVisible(visible)
        if visible:
            self._evidence_for()
        else:
            self.evidence.clear()  # no searches for a hidden panel

    def _evidence_for(self) -> None:
        if not self.w.actions["show_evidence"].isChecked():
            return
        claim, view = self.w.article.claim(), self.w.article.view
        if claim is None or view is None:
            self.evidence.clear()
            return
        sources = claim.mine.sources if claim.mine else []
        self.evidence.show_claim(view.id, claim.id, claim.start, claim.end, sources,
                                 claim.mine.verdict if claim.mine else None)

    def _open_passage(self, article_id: int, start: int, end: int) -> None:
        self.w.articles.select(article_id, emit=False)
        self.w.open_article(article_id)
        self.w.reader.select_text(start, end)

    # -- window events ----------------------------------------------------------------------------
    def set_annotator(self, name: str) -> None:
        self.review.set_reviewer(name)

    def stop(self) -> None:
        self.evidence.search.cancel()
