"""The right pane: what you can do with the current item.

A claim: verdict, sources, note, who labelled it and when. A suggestion: its score and
reasons, accept or reject. Teammates' labels are not shown while labelling (no
anchoring); `set_review_mode(True)` is the hook that shows them for review.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.queries import ArticleView, ClaimView, LabelView, SourceView, SuggestionView
from desktop.core.urls import is_safe_url
from desktop.ui.icons import icon
from desktop.ui.labeller import Labeller
from desktop.ui.open_article import OpenArticle
from desktop.ui.safe_text import esc, plain_label, rich_label
from desktop.ui.spans import Item
from desktop.ui.widgets.note_editor import NoteEditor
from desktop.ui.widgets.source_form import SourceForm
from desktop.ui.widgets.source_list import SourceList
from desktop.ui.widgets.verdict_bar import VerdictBar

QUOTE_CHARS = 400


def _title(text: str) -> QLabel:
    return QLabel(text, objectName="sectionTitle")


def _quote(view: ArticleView, start: int, end: int) -> str:
    text = " ".join(view.text[start:end].split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def local_time(iso: str) -> str:
    dt = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not dt.isValid():
        return iso
    return dt.toLocalTime().toString("d MMM yyyy, HH:mm")


class _Empty(QWidget):
    def __init__(self) -> None:
        super().__init__()
        text = rich_label("Select a claim with <b>j</b>/<b>k</b> or a click, or select text in the "
                          "article and press <b>Enter</b> to make it a claim.<br><br>"
                          "Press <b>?</b> for all shortcuts.", name="muted", wrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)


class _SuggestionPage(QWidget):
    accept = Signal()
    reject = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.quote = plain_label(name="claimQuote", wrap=True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.score = rich_label()
        self.reasons = plain_label(name="muted", wrap=True)
        accept = QPushButton(icon("accept"), "Accept  a")
        accept.setAccessibleName("Accept suggestion")
        accept.clicked.connect(self.accept)
        reject = QPushButton(icon("reject"), "Reject  x")
        reject.setAccessibleName("Reject suggestion")
        reject.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(accept)
        buttons.addWidget(reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Suggested claim"))
        layout.addWidget(self.quote)
        layout.addWidget(self.score)
        layout.addWidget(self.reasons)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_suggestion(self, view: ArticleView, s: SuggestionView) -> None:
        self.quote.setText(_quote(view, s.start, s.end))
        self.score.setText(f"Check-worthiness score <b>{s.score:.2f}</b>")
        self.reasons.setText("Why: " + "; ".join(s.reasons) if s.reasons else "")


class _ClaimPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.quote = plain_label(name="claimQuote", wrap=True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdicts = VerdictBar()
        self.sources = SourceList()
        self.form = SourceForm()
        self.note = NoteEditor()
        self.who = plain_label(name="muted", wrap=True)
        self.others = rich_label(wrap=True)  # review mode only
        self.others_title = _title("Teammates' labels")
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Claim"))
        layout.addWidget(self.quote)
        layout.addWidget(_title("Verdict"))
        layout.addWidget(self.verdicts)
        layout.addWidget(_title("Sources"))
        layout.addWidget(self.sources)
        layout.addWidget(self.form)
        layout.addWidget(_title("Note"))
        layout.addWidget(self.note)
        layout.addWidget(self.who)
        layout.addWidget(self.others_title)
        layout.addWidget(self.others)
        layout.addStretch(1)


class Inspector(QScrollArea):
    link_requested = Signal(int, str)  # claim id, stance: open the span picker
    passage_requested = Signal(object)  # SourceView of kind "article"
    done_editing = Signal()  # Esc in a field: back to the text

    def __init__(self, labeller: Labeller, article: OpenArticle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labeller, self.article = labeller, article
        self.review_mode = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Claim inspector")
        self.pages = QStackedWidget()
        self.empty, self.suggestion, self.claim = _Empty(), _SuggestionPage(), _ClaimPage()
        for page in (self.empty, self.suggestion, self.claim):
            self.pages.addWidget(page)
        self.setWidget(self.pages)
        self.setMinimumWidth(320)

        c = self.claim
        c.verdicts.chosen.connect(self._verdict)
        c.note.commit.connect(self.labeller.set_note)
        c.note.escaped.connect(self.done_editing)
        c.form.add_url.connect(self._add_url)
        c.form.link_article.connect(self._link)
        c.sources.stance_changed.connect(lambda sid, st: self.labeller.update_source(sid, stance=st))
        c.sources.remove_source.connect(self.labeller.remove_source)
        c.sources.open_source.connect(self._open_source)
        self.suggestion.accept.connect(self.accept_current)
        self.suggestion.reject.connect(self.reject_current)
        article.leaving.connect(self.flush)
        article.current_changed.connect(self._show)
        article.opened.connect(lambda _v: self._show(article.current))

    # -- showing --------------------------------------------------------------------------
    def _show(self, item: Item | None) -> None:
        view = self.article.view
        claim, suggestion = self.article.claim(), self.article.suggestion()
        if view is not None and item is not None and claim is not None:
            self._show_claim(view, claim)
            self.pages.setCurrentWidget(self.claim)
            return
        self.claim.note.show_note(None, None)  # saves a pending note before leaving it
        if view is not None and item is not None and suggestion is not None:
            self.suggestion.show_suggestion(view, suggestion)
            self.pages.setCurrentWidget(self.suggestion)
        else:
            self.pages.setCurrentWidget(self.empty)

    def _show_claim(self, view: ArticleView, claim: ClaimView) -> None:
        c = self.claim
        c.quote.setText(_quote(view, claim.start, claim.end))
        mine: LabelView | None = claim.mine
        c.verdicts.set_verdict(claim.verdict)
        c.sources.set_sources(mine.sources if mine else [])
        c.note.show_note(claim.id, mine.note if mine else None)
        origin = {"suggested": "accepted suggestion", "manual": "your selection",
                  "imported": "imported"}.get(claim.origin, claim.origin)
        if mine is not None:
            c.who.setText(f"Labelled by {mine.annotator} · {local_time(mine.created_at)}"
                          f" · last change {local_time(mine.updated_at)} · from {origin}")
        else:
            c.who.setText(f"Not labelled by you yet · from {origin}")
        show_others = self.review_mode and bool(claim.others)
        c.others_title.setVisible(show_others)
        c.others.setVisible(show_others)
        if show_others:
            c.others.setText("<br>".join(f"<b>{esc(o.annotator)}</b>: {esc(o.verdict or '—')}"
                                         f"{' · ' + esc(o.note) if o.note else ''}" for o in claim.others))

    def set_review_mode(self, on: bool) -> None:
        self.review_mode = on
        self._show(self.article.current)

    # -- actions ------------------------------------------------------------------------------
    def _claim_id(self) -> int | None:
        claim = self.article.claim()
        return claim.id if claim else None

    def _verdict(self, name: str | None) -> None:
        cid = self._claim_id()
        if cid is not None and self.labeller.set_verdict(cid, name) is None:
            self._show(self.article.current)  # refused: put the buttons back

    def _add_url(self, url: str, title: str, stance: str) -> None:
        if (cid := self._claim_id()) is None:
            return
        if self.labeller.add_web_source(cid, url, stance=stance, title=title or None):
            self.claim.form.added()

    def _link(self, stance: str) -> None:
        if (cid := self._claim_id()) is not None:
            self.link_requested.emit(cid, stance)

    def _open_source(self, src: SourceView) -> None:
        if src.kind == "url" and src.url:
            if is_safe_url(src.url):  # a row stored before the URL rule is never opened
                QDesktopServices.openUrl(QUrl(src.url))
        else:
            self.passage_requested.emit(src)

    def accept_current(self) -> None:
        s, view = self.article.suggestion(), self.article.view
        if s is not None and view is not None:
            self.labeller.accept_suggestion(view.id, s.start, s.end, s.reasons)

    def reject_current(self) -> None:
        s, view = self.article.suggestion(), self.article.view
        if s is not None and view is not None:
            self.labeller.reject_suggestion(view.id, s.start, s.end, s.reasons)

    def flush(self) -> None:
        """Save what is being typed (the note) — before closing, switching, importing."""
        self.claim.note.flush()

    def focus_url(self) -> None:
        if self.pages.currentWidget() is self.claim:
            self.ensureWidgetVisible(self.claim.form.url)
            self.claim.form.url.setFocus()

    def focus_note(self) -> None:
        if self.pages.currentWidget() is self.claim:
            self.ensureWidgetVisible(self.claim.note)
            self.claim.note.setFocus()
