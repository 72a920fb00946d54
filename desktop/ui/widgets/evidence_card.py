"""One matching sentence from another article: outlet and title, the sentence with the
discrepant words marked in their kind's colour, a score bar, what differs, and the two
actions (add as a source with the proposed stance preselected; open the passage)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.icons import icon
from desktop.ui.safe_text import plain_label
from desktop.ui.theme import tint
from desktop.ui.widgets.source_form import stance_combo

KIND_COLORS = {
    "number": "#d08a12",
    "date": "#8e44ad",
    "name": "#c8453c",
    "role": "#3f7fd1",
    "charge": "#a0522d",
}
OTHER_KIND = "#6c7a89"


def kind_color(kind: str) -> QColor:
    return QColor(KIND_COLORS.get(kind, OTHER_KIND))


def marked_sentence(match) -> str:
    """The match's text as rich text, each discrepant part tinted and underlined."""
    text, base = match.text, match.start
    parts = sorted(
        (d.match_start - base, d.match_end - base, d.kind)
        for d in match.discrepancies
        if 0 <= d.match_start - base < d.match_end - base <= len(text)
    )
    out, at = [], 0
    for a, b, kind in parts:
        if a < at:
            continue  # overlapping marks: the first wins
        color = kind_color(kind)
        bg = tint(color, 0.22).name(QColor.NameFormat.HexArgb)
        out.append(escape(text[at:a]))
        out.append(
            f"<span style='background-color:{bg}; text-decoration: underline;"
            f" color:{color.name()}; font-weight:600;'>{escape(text[a:b])}</span>"
        )
        at = b
    out.append(escape(text[at:]))
    return "“" + "".join(out).replace("\n", " ") + "”"


class ScoreBar(QWidget):
    """How closely the sentence matches the claim, as a short bar."""

    def __init__(self, score: float) -> None:
        super().__init__()
        self.score = max(0.0, min(1.0, score))
        self.setToolTip(f"Match score {score:.2f}")
        self.setAccessibleName(f"Match score {score:.2f}")
        self.setFixedSize(QSize(64, 10))

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.15)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(track)
        p.drawRoundedRect(QRectF(0, 1, self.width(), self.height() - 2), 4, 4)
        p.setBrush(QColor("#3f7fd1"))
        p.drawRoundedRect(QRectF(0, 1, self.width() * self.score, self.height() - 2), 4, 4)
        p.end()


class MatchCard(QFrame):
    add = Signal(object, str)  # the match, stance
    open = Signal(object)  # the match
    clicked = Signal()

    def __init__(self, match, number: int) -> None:
        super().__init__(objectName="evidenceCard")
        self.match = match
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Match {number} from {match.source or match.article_title}")
        # outlet in bold, the title in the theme's muted colour (a QSS role, so it follows a
        # switch to dark; an inline colour stayed dark grey on the dark scheme)
        outlet = plain_label(match.source or "Unknown outlet")
        bold = outlet.font()
        bold.setBold(True)
        outlet.setFont(bold)
        title = plain_label(match.article_title, name="muted", wrap=True)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(outlet)
        who.addWidget(title)
        score = QLabel(f"{match.score:.2f}", objectName="muted")
        head = QHBoxLayout()
        head.addLayout(who, 1)
        head.addWidget(ScoreBar(match.score), 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(score)
        self.sentence = QLabel(marked_sentence(match))
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.sentence)
        for d in match.discrepancies:
            layout.addLayout(self._discrepancy(d, match))
        if not match.discrepancies:
            layout.addWidget(
                QLabel("No discrepancy found on the facts checked.", objectName="muted")
            )

        self.stance = stance_combo(match.proposed_stance)
        self.stance.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stance.setToolTip("Proposed from the discrepancies; s supports, c contradicts")
        self.add_button = QPushButton(icon("add"), "Add as source  ⏎")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.setAccessibleName("Add this match as a source")
        self.add_button.clicked.connect(lambda: self.add.emit(match, self.stance.currentData()))
        self.open_button = QPushButton(icon("link"), "Open  o")
        self.open_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button.setAccessibleName("Open this passage")
        self.open_button.clicked.connect(lambda: self.open.emit(match))
        self.added = plain_label(name="muted")
        self.added.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.stance)
        actions.addWidget(self.add_button)
        actions.addWidget(self.added, 1)  # replaces the two above once added: no overflow
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout.addLayout(actions)

    @staticmethod
    def _discrepancy(d, match) -> QHBoxLayout:
        color = kind_color(d.kind)
        inside = match.start <= d.match_start and d.match_end <= match.end
        where = (
            ""
            if inside or not d.match_text
            else f" <i>(elsewhere in the article: “{escape(d.match_text)}”)</i>"
        )
        badge = QLabel()
        badge.setPixmap(icon(f"evidence-{d.kind}", color).pixmap(QSize(16, 16)))
        badge.setToolTip(d.kind)
        text = QLabel(
            f"<span style='color:{color.name()}; font-weight:600;'>{escape(d.kind)}</span>"
            f" · {escape(d.message)}{where}"
        )
        text.setTextFormat(Qt.TextFormat.RichText)  # escaped above
        text.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(text, 1)
        return row

    def set_current(self, on: bool) -> None:
        color = self.palette().color(QPalette.ColorRole.Highlight).name()
        self.setStyleSheet(
            f"QFrame#evidenceCard {{ border: 2px solid {color}; border-radius: 6px; }}"
            if on
            else "QFrame#evidenceCard { border: 1px solid palette(mid); border-radius: 6px; }"
        )

    def set_added(self, stance: str | None) -> None:
        self.add_button.setEnabled(stance is None)
        self.stance.setEnabled(stance is None)
        self.add_button.setVisible(stance is None)
        self.stance.setVisible(stance is None)
        if stance is not None:
            self.stance.setCurrentIndex(max(0, self.stance.findData(stance)))
        self.added.setVisible(stance is not None)
        self.added.setText(f"Added as a source ({stance})" if stance else "")

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)
