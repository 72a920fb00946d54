"""The Claims view: one row per cluster (the same claim across outlets), and the open
cluster's members side by side with what each says differently marked.

Keyboard first (the keys work while the view has the keyboard):
  j / k          next / previous cluster          h / l   previous / next member
  1 2 3 ...      label the cluster (the verdict is proposed to every member)
  a              apply the current member's proposal (then go to the next member)
  Shift+1 2 3    give the current member that verdict instead
  s              split the current member out of the cluster
  Space / m      mark a cluster / merge the marked cluster into this one
  o or Enter     open the member in the reader       Escape   back to the articles
The view holds no SQL: it reads core.clusters views and calls core.clusters edits.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.verdicts import verdict_names
from desktop.ui.safe_text import plain_label, tooltip
from desktop.ui.widgets.cluster_delegate import ClusterDelegate, ClusterRow, RowRole

if TYPE_CHECKING:  # core.clusters pulls in spaCy: the window must open without it
    from desktop.core.clusters import ClusterView, MemberView

CARD_MIN_WIDTH, CARD_MAX_WIDTH = 240, 420
BODY_MAX_HEIGHT = 320  # a long member scrolls inside its card
CARD_STYLE = "#memberCard { border: 1px solid palette(mid); border-radius: 4px; }"
CARD_CURRENT = "#memberCard { border: 2px solid palette(highlight); border-radius: 4px; }"
MARK_STYLE = "background-color: rgba(230, 160, 30, 0.45); border-radius: 2px;"
EMPTY = (
    "No claim is reported by more than one article yet. Clusters appear here as articles "
    "are imported and indexed."
)


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def member_html(m: MemberView) -> str:
    """The member's text with its differing spans marked (offsets are article offsets)."""
    marks = sorted({(d.start, d.end, d.message) for d in m.differences if m.start <= d.start})
    out, pos = [], m.start
    for start, end, message in marks:
        if start < pos:
            continue
        out.append(escape(m.text[pos - m.start : start - m.start]))
        out.append(
            f'<span style="{MARK_STYLE}" title="{escape(message)}">'
            f"{escape(m.text[start - m.start : end - m.start])}</span>"
        )
        pos = end
    out.append(escape(m.text[pos - m.start :]))
    return "".join(out)


def cluster_row(v: ClusterView, marked: bool = False) -> ClusterRow:
    parts = [f"{len(v.outlets)} outlets", f"{len(v.members)} members", f"{v.labelled} labelled"]
    if v.verdict:
        parts.append(v.verdict)
    differing = [f"{m.outlet}: {m.differences[0].kind} “{m.differences[0].text}”" for m in v.differing]
    differs = ""
    if differing:
        differs = "differs — " + "; ".join(differing[:3]) + ("…" if len(differing) > 3 else "")
    return ClusterRow(v.title, " · ".join(parts), differs, v.verdict, marked)


def row_text(v: ClusterView, marked: bool = False) -> str:
    """The row as plain text (what a screen reader and the item's text give)."""
    row = cluster_row(v, marked)
    return "\n".join(x for x in (("◆ " if marked else "") + row.title, row.meta, row.differs) if x)


class MemberBody(QTextBrowser):
    """The member's text, as tall as it needs up to BODY_MAX_HEIGHT, then it scrolls."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setHtml(html)
        self.setFixedHeight(self.fitting_height())

    def fitting_height(self) -> int:
        doc = self.document()
        doc.setTextWidth(max(80, self.viewport().width()))
        margins = self.contentsMargins()
        need = int(doc.size().height()) + margins.top() + margins.bottom() + 2
        return max(self.fontMetrics().height() + 8, min(need, BODY_MAX_HEIGHT))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        height = self.fitting_height()
        if height != self.height():
            self.setFixedHeight(height)


class MemberCard(QFrame):
    def __init__(self, m: MemberView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = m
        self.setObjectName("memberCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(CARD_MIN_WIDTH)
        self.setMaximumWidth(CARD_MAX_WIDTH)
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        # the outlet when the article names one, else the file it came from
        self.outlet = plain_label(m.source or m.origin, name="cardOutlet")
        bold = self.outlet.font()
        bold.setBold(True)
        self.outlet.setFont(bold)
        self.outlet.setToolTip(tooltip(m.origin))
        self.title = plain_label(_cut(m.article_title, 90), name="muted", wrap=True)
        self.title.setToolTip(tooltip(m.article_title))
        self.body = MemberBody(member_html(m))
        self.state = plain_label(self._state(), wrap=True)
        lay.addWidget(self.outlet)
        lay.addWidget(self.title)
        lay.addWidget(self.body)
        lay.addWidget(self.state)

    def _state(self) -> str:
        m = self.member
        kind = "claim" if m.claim_id is not None else "passage (becomes a claim when labelled)"
        lines = [f"{kind}; your verdict: {m.verdict or '—'}"]
        for d in m.differences:
            lines.append(f"! {d.kind}: {d.message}")
        if m.proposal is not None and m.verdict != m.proposal.verdict:
            apart = " (differs: check it)" if m.proposal.differs else ""
            lines.append(f"proposed: {m.proposal.verdict}{apart} — a to apply")
        return "\n".join(lines)

    def set_current(self, on: bool) -> None:
        self.setProperty("current", on)
        # the palette's highlight, so the current card shows in light and dark alike
        self.setStyleSheet(CARD_CURRENT if on else CARD_STYLE)


class ClaimsView(QWidget):
    label_cluster = Signal(int, str)  # cluster id, verdict
    apply_member = Signal(int, object)  # member id, verdict or None (its proposal)
    split_member = Signal(int)  # member id
    merge_clusters = Signal(int, int)  # keep cluster id, other cluster id
    open_member = Signal(int, int, int)  # article id, start, end
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Claims across articles")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clusters: list[ClusterView] = []
        self.cards: list[MemberCard] = []
        self.member = -1
        self.marked: int | None = None  # cluster id marked for a merge

        self.list = QListWidget()
        self.list.setAccessibleName("Clusters")
        self.list.setItemDelegate(ClusterDelegate(self.list))
        # titles are elided to the width: the list never scrolls sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.currentRowChanged.connect(self._show_current)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.status = plain_label(name="muted")  # names an outlet: data
        self.status.setWordWrap(True)
        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.addStretch(1)  # few cards sit left at their width, not spread out
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.strip)
        self.scroll = scroll
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.header)
        rl.addWidget(scroll, 1)
        rl.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([440, 840])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.keys = self._install_keys()
        self.show_clusters([])

    # -- keys ---------------------------------------------------------------------------------
    def _install_keys(self) -> dict[str, QAction]:
        verdicts = list(verdict_names())[:9]
        table: list[tuple[str, tuple[str, ...], Callable[[], object]]] = [
            ("next cluster", ("J", "Down"), lambda: self.step(+1)),
            ("previous cluster", ("K", "Up"), lambda: self.step(-1)),
            ("next member", ("L", "Right"), lambda: self.step_member(+1)),
            ("previous member", ("H", "Left"), lambda: self.step_member(-1)),
            ("apply the member's proposal", ("A",), self.apply_current),
            ("split the member out", ("S",), self.split_current),
            ("mark the cluster for a merge", ("Space",), self.mark_current),
            ("merge the marked cluster into this one", ("M",), self.merge_marked),
            ("open the member in the reader", ("O", "Return", "Enter"), self.open_current),
            ("back to the articles", ("Escape",), self.back.emit),
        ]
        for n, v in enumerate(verdicts, start=1):
            table.append((f"cluster verdict: {v}", (str(n),), lambda v=v: self.label_current(v)))
            shifted = "!@#$%^&*("[n - 1]
            table.append(
                (f"member verdict: {v}", (f"Shift+{n}", shifted), lambda v=v: self.apply_current(v))
            )
        out = {}
        for name, keys, fn in table:
            act = QAction(name, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, fn=fn: fn())
            self.addAction(act)
            out[name] = act
        return out

    # -- data ---------------------------------------------------------------------------------
    def show_clusters(self, views: list[ClusterView], keep: int | None = None) -> None:
        """Replace the list; keep the cluster `keep` (an id) current when it is still there."""
        keep = self.current_cluster().id if keep is None and self.current_cluster() else keep
        member_id = self.current_member().id if self.current_member() else None
        self.clusters = views
        self.list.blockSignals(True)
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for v in views:
            marked = v.id == self.marked
            item = QListWidgetItem(row_text(v, marked))
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            item.setData(RowRole, cluster_row(v, marked))
            item.setToolTip(tooltip(v.title))  # the whole title, literally
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        self.list.blockSignals(False)
        row = next((i for i, v in enumerate(views) if v.id == keep), 0 if views else -1)
        self.list.setCurrentRow(row)
        self._show_current(row, member_id)

    def current_cluster(self) -> ClusterView | None:
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self.clusters[row] if 0 <= row < len(self.clusters) else None

    def current_member(self) -> MemberView | None:
        return self.cards[self.member].member if 0 <= self.member < len(self.cards) else None

    def _show_current(self, row: int, member_id: int | None = None) -> None:
        for card in self.cards:
            self.strip_layout.removeWidget(card)
            card.hide()  # gone at once; deleteLater would paint it until the next loop
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        v = self.clusters[row] if 0 <= row < len(self.clusters) else None
        if v is None:
            self.header.setText(EMPTY if not self.clusters else "")
            self.member = -1
            self.status.setText("")
            return
        verdict = f"cluster verdict: {v.verdict}" if v.verdict else "no cluster verdict yet (1 2 3)"
        self.header.setText(
            f"{len(v.members)} reports in {len(v.outlets)} outlets — {verdict}; "
            f"{v.labelled} of {len(v.members)} labelled by you"
        )
        for m in v.members:
            card = MemberCard(m)
            self.cards.append(card)
            self.strip_layout.insertWidget(len(self.cards) - 1, card, 0, Qt.AlignmentFlag.AlignTop)
        ids = [c.member.id for c in self.cards]
        self.member = ids.index(member_id) if member_id in ids else 0
        self._mark_member()

    def _mark_member(self) -> None:
        for i, card in enumerate(self.cards):
            card.set_current(i == self.member)
        if 0 <= self.member < len(self.cards):
            self.scroll.ensureWidgetVisible(self.cards[self.member])
            m = self.cards[self.member].member
            self.status.setText(f"member {self.member + 1} of {len(self.cards)}: {m.outlet}")

    # -- commands -----------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        if self.clusters:
            row = max(0, min(len(self.clusters) - 1, self.list.currentRow() + delta))
            self.list.setCurrentRow(row)

    def step_member(self, delta: int) -> None:
        if self.cards:
            self.member = max(0, min(len(self.cards) - 1, self.member + delta))
            self._mark_member()

    def label_current(self, verdict: str) -> None:
        v = self.current_cluster()
        if v is not None:
            self.label_cluster.emit(v.id, verdict)

    def apply_current(self, verdict: str | None = None) -> None:
        m = self.current_member()
        if m is None:
            return
        self.apply_member.emit(m.id, verdict)

    def next_unlabelled(self) -> None:
        """After applying: the next member without a verdict, else the next cluster."""
        for i in range(self.member + 1, len(self.cards)):
            if self.cards[i].member.verdict is None:
                self.member = i
                self._mark_member()
                return
        if any(c.member.verdict is None for c in self.cards):
            self.member = next(i for i, c in enumerate(self.cards) if c.member.verdict is None)
            self._mark_member()
            return
        self.step(+1)

    def split_current(self) -> None:
        m = self.current_member()
        if m is not None and len(self.cards) > 1:
            self.split_member.emit(m.id)

    def mark_current(self) -> None:
        v = self.current_cluster()
        if v is not None:
            self.marked = None if self.marked == v.id else v.id
            self.show_clusters(self.clusters, keep=v.id)

    def merge_marked(self) -> None:
        v = self.current_cluster()
        if v is not None and self.marked is not None and self.marked != v.id:
            other, self.marked = self.marked, None
            self.merge_clusters.emit(v.id, other)

    def open_current(self) -> None:
        m = self.current_member()
        if m is not None:
            self.open_member.emit(m.article_id, m.start, m.end)
