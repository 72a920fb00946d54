"""Evidence for the selected claim: what other articles report about the same fact.

At the top, the proposed verdict with its reasons, which is only ever a proposal (a
button applies it by emitting `apply_verdict`). Below, one card per match. Its keys are
the "evidence" commands of the registry (ui/commands.py), active while the panel has the
keyboard (Ctrl+Shift+E): j/k next/previous match, Enter add it as a source with the
proposed stance, s/d/t as supports/contradicts/context, o open it, Ctrl+Enter apply the
proposal, Escape back to the text.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.queries import SourceView
from desktop.ui.commands import EVIDENCE, panel_actions
from desktop.ui.evidence_search import EvidenceSearch, Request, Result
from desktop.ui.icons import icon
from desktop.ui.labeller import Labeller
from desktop.ui.widgets.evidence_card import MatchCard
from desktop.ui.widgets.review_chip import chip_label

IDLE = "Select a claim to see what other articles report about it."
NOTHING = "No other article reports this claim."
MAX_REASONS = 4


def _centered(text: str) -> QLabel:
    label = QLabel(text, objectName="muted")
    label.setTextFormat(Qt.TextFormat.PlainText)  # error messages quote data
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class EvidencePanel(QWidget):
    open_article = Signal(int, int, int)  # article id, start, end: show that passage
    apply_verdict = Signal(int, str)  # claim id, proposed verdict: the analyst chose to apply it
    back = Signal()  # Escape: back to the text

    def __init__(self, labeller: Labeller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labeller = labeller
        self.search = EvidenceSearch(labeller.ops.desk.store, self)
        self.search.searching.connect(self._searching)
        self.search.progress.connect(self._progress)
        self.search.found.connect(self._found)
        self.search.failed.connect(self._failed)
        self.request: Request | None = None
        self.result: Result | None = None
        self.cards: list[MatchCard] = []
        self.current = -1
        self._linked: dict[tuple[int, int, int], str] = {}  # (article, start, end) -> stance
        self._last_error = ""
        labeller.ops.failed.connect(self._remember_error)
        self.setAccessibleName("Evidence")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.pages = QStackedWidget()
        self.idle = _centered(IDLE)
        busy = QWidget()
        self.busy_text = _centered("Searching other articles…")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        busy_layout = QVBoxLayout(busy)
        busy_layout.addStretch(1)
        busy_layout.addWidget(self.busy_text)
        busy_layout.addWidget(self.busy_bar)
        busy_layout.addStretch(2)
        self.error = _centered("")
        self.error.setObjectName("inlineError")

        results = QWidget()
        self.proposal_chip = chip_label(None, "Proposal: ")
        self.strength = QLabel(objectName="muted")
        self.strength.setTextFormat(Qt.TextFormat.PlainText)
        self.strength.setWordWrap(True)
        self.apply = QPushButton(icon("verdict"), "Apply")
        self.apply.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.apply.setToolTip("Set this verdict on the claim (never applied automatically; "
                              "Ctrl+Enter)")
        self.apply.clicked.connect(self._apply)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.proposal_chip)
        top.addStretch(1)
        apply_row = QHBoxLayout()  # Apply comes after the reasons: read them first
        apply_row.addStretch(1)
        apply_row.addWidget(self.apply)
        self.nothing = QLabel(NOTHING, objectName="muted")
        self.message = QLabel(objectName="inlineError")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(8)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 4, 0)
        inner_layout.addWidget(self.message)
        inner_layout.addWidget(self.nothing)
        inner_layout.addLayout(self.list_layout)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(inner)
        # the proposal stays in view above the scrolling matches
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(top)
        results_layout.addWidget(self.strength)
        results_layout.addWidget(self.reasons)
        results_layout.addLayout(apply_row)
        results_layout.addWidget(self.scroll, 1)
        for page in (self.idle, busy, self.error, results):
            self.pages.addWidget(page)
        self.busy_page, self.results_page = busy, results
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.scroll.setFocusProxy(self)
        results = self._when_results
        self.key_actions = panel_actions(self, EVIDENCE, {
            "evidence:next": results(lambda: self._select(min(len(self.cards) - 1, self.current + 1))),
            "evidence:prev": results(lambda: self._select(max(0, self.current - 1))),
            "evidence:add": results(self.add_current),
            "evidence:supports": results(lambda: self.add_current("supports")),
            "evidence:contradicts": results(lambda: self.add_current("contradicts")),
            "evidence:context": results(lambda: self.add_current("context")),
            "evidence:open": results(self.open_current),
            "evidence:apply": results(self._apply),
            "evidence:back": self.back.emit,
        })

    # -- input -----------------------------------------------------------------------------------
    def show_claim(
        self,
        article_id: int | None,
        claim_id: int | None = None,
        start: int = 0,
        end: int = 0,
        sources: list[SourceView] | None = None,
        verdict: str | None = None,
    ) -> None:
        """The claim (or span) to find evidence for; None clears the panel. Sources of the
        analyst's label mark matches already linked; the analyst's own verdict, if any, is
        never overridden by a proposal (Apply is off). Same span again: no new search."""
        self._human = verdict
        self._update_apply()
        self._linked = {
            (s.article_id, s.start, s.end): s.stance
            for s in sources or []
            if s.kind == "article" and s.article_id is not None
        }
        if article_id is None or end <= start:
            self.request = None
            self.search.cancel()
            self.pages.setCurrentWidget(self.idle)
            return
        req = Request(article_id, claim_id, start, end)
        if req == self.request:
            self._mark_added()
            return
        self.request, self.result = req, None
        self.search.request(req)

    def refresh(self) -> None:
        """Search again (e.g. after importing articles)."""
        if self.request is not None:
            self.search.request(self.request, now=True)

    def clear(self) -> None:
        self.show_claim(None)

    # -- states ---------------------------------------------------------------------------------
    def _searching(self, _req: Request) -> None:
        self.busy_text.setText("Searching other articles…")
        self.busy_bar.setRange(0, 0)
        self.pages.setCurrentWidget(self.busy_page)

    def _progress(self, done: int, total: int, label: str) -> None:
        if total:
            self.busy_bar.setRange(0, total)
            self.busy_bar.setValue(done)
        self.busy_text.setText(f"{label} {done} of {total}" if total else label)

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.pages.setCurrentWidget(self.error)

    def _found(self, result: Result) -> None:
        self.result = result
        proposal = result.proposal
        verdict = getattr(proposal, "verdict", None)
        self.proposal_chip.setText(f"Proposal: {verdict or 'none'}")
        self.proposal_chip.setStyleSheet(chip_label(verdict).styleSheet())
        strength = getattr(proposal, "strength", "weak")
        self.strength.setText(f"{strength.capitalize()} evidence from matching reports: "
                              "weaker than reading the sources yourself.")
        self.apply.setText(f"Apply “{verdict}”" if verdict else "Apply")
        self.apply.setVisible(verdict is not None)  # the scheme has no such verdict
        self._update_apply()
        reasons = list(dict.fromkeys(proposal.reasons))  # two lines of one article say it twice
        shown = reasons[:MAX_REASONS]
        more = len(reasons) - len(shown)
        self.reasons.setText(
            "<br>".join(f"• {escape(r)}" for r in shown)
            + (f"<br><i>and {more} more</i>" if more > 0 else "")
        )
        self.nothing.setVisible(not result.matches)
        self.message.hide()
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for n, m in enumerate(result.matches, start=1):
            card = MatchCard(m, n)
            card.add.connect(self._add)
            card.open.connect(lambda m: self.open_article.emit(m.article_id, m.start, m.end))
            card.clicked.connect(lambda c=card: self._select(self.cards.index(c)))
            self.list_layout.addWidget(card)
            self.cards.append(card)
        self._mark_added()
        self._select(0 if self.cards else -1)
        self.pages.setCurrentWidget(self.results_page)

    def _mark_added(self) -> None:
        can_add = self.request is not None and self.request.claim_id is not None
        for card in self.cards:
            m = card.match
            card.set_added(self._linked.get((m.article_id, m.start, m.end)))
            if not can_add:
                card.add_button.setEnabled(False)

    def _select(self, index: int) -> None:
        self.current = index
        for i, card in enumerate(self.cards):
            card.set_current(i == index)
        if 0 <= index < len(self.cards):
            self.scroll.ensureWidgetVisible(self.cards[index])

    def current_match(self):
        return self.cards[self.current].match if 0 <= self.current < len(self.cards) else None

    # -- actions ----------------------------------------------------------------------------------
    def _remember_error(self, message: str) -> None:
        self._last_error = message

    def _add(self, match, stance: str) -> None:
        req = self.request
        if req is None or req.claim_id is None:
            self._say("Make this a claim first: sources belong to a claim's label.")
            return
        key = (match.article_id, match.start, match.end)
        if key in self._linked:
            self._say(f"Already a source of this claim ({self._linked[key]}).")
            return
        self._last_error = ""
        if (
            self.labeller.add_article_source(
                req.claim_id, match.article_id, match.start, match.end, stance=stance
            )
            is None
        ):
            self._say(self._last_error or "Could not add the source.")
            return
        self._linked[key] = stance
        self.message.hide()
        self._mark_added()

    def add_current(self, stance: str | None = None) -> None:
        """Add the current match as a source (stance None: the card's, i.e. the proposed)."""
        if 0 <= self.current < len(self.cards):
            card = self.cards[self.current]
            self._add(card.match, stance or card.stance.currentData())

    def open_current(self) -> None:
        if (m := self.current_match()) is not None:
            self.open_article.emit(m.article_id, m.start, m.end)

    def _apply(self) -> None:
        if (
            self.result is not None
            and self.request is not None
            and self.request.claim_id is not None
            and self.result.proposal.verdict is not None
            and self.apply.isEnabled()
        ):
            self.apply_verdict.emit(self.request.claim_id, self.result.proposal.verdict)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _update_apply(self) -> None:
        """A proposal is weaker than a person: once the analyst gave a verdict, Apply is off."""
        proposal = self.result.proposal if self.result is not None else None
        verdict = getattr(proposal, "verdict", None)
        human = getattr(self, "_human", None)
        ok = (self.request is not None and self.request.claim_id is not None
              and verdict is not None and human is None)
        self.apply.setEnabled(ok)
        self.apply.setToolTip(
            f"You gave “{human}”: a proposal never overrides a person's verdict"
            if human else "Set this verdict on the claim (never applied automatically; Ctrl+Enter)")

    # -- keys -------------------------------------------------------------------------------------
    def _when_results(self, fn: Callable[[], object]) -> Callable[[], object]:
        """A key that acts on the matches does nothing while there are none."""
        def run() -> object:
            if self.pages.currentWidget() is self.results_page and self.cards:
                return fn()
            return None
        return run
