"""What the reader paints over the text: claims as verdict-coloured tints, pending
suggestions as faint dotted underlines, the current item stronger.

All marks are QTextEdit.ExtraSelections built in one pass: they never touch the
document, so marking 100 claims costs no relayout (opening stays well under 100 ms).
Tints are translucent, so where claims overlap the colour deepens and nesting shows.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from desktop.core.queries import ArticleView
from desktop.ui import theme
from desktop.ui.spans import Item, Utf16Map

CLAIM_STRENGTH = 0.22
CURRENT_STRENGTH = 0.42
SUGGESTION_STRENGTH = 0.12


def _selection(doc: QTextDocument, umap: Utf16Map, start: int, end: int,
               fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    sel = QTextEdit.ExtraSelection()
    cur = QTextCursor(doc)
    cur.setPosition(umap.to_qt(start))
    cur.setPosition(umap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    sel.cursor = cur
    sel.format = fmt
    return sel


def build(doc: QTextDocument, umap: Utf16Map, view: ArticleView, current: Item | None,
          preview: tuple[int, int] | None = None) -> list[QTextEdit.ExtraSelection]:
    """preview: the span of the current claim while its edge is being dragged."""
    out: list[QTextEdit.ExtraSelection] = []
    claimed = {(c.start, c.end) for c in view.claims}
    underline = QTextCharFormat()
    underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    underline.setUnderlineColor(QColor(theme.SUGGESTION))
    for s in view.suggestions:
        if s.decision is None and (s.start, s.end) not in claimed:
            out.append(_selection(doc, umap, s.start, s.end, underline))

    current_claim = current.claim_id if current is not None else None
    # longest first, so short claims nested inside long ones are drawn on top
    for c in sorted(view.claims, key=lambda c: c.start - c.end):
        if c.id == current_claim:
            continue
        fmt = QTextCharFormat()
        fmt.setBackground(theme.tint(theme.verdict_color(c.verdict), CLAIM_STRENGTH))
        out.append(_selection(doc, umap, c.start, c.end, fmt))

    if current is not None:
        start, end = preview or (current.start, current.end)
        fmt = QTextCharFormat()
        if current.is_claim:
            verdict = next((c.verdict for c in view.claims if c.id == current.claim_id), None)
            fmt.setBackground(theme.tint(theme.verdict_color(verdict), CURRENT_STRENGTH))
        else:
            fmt.setBackground(theme.tint(QColor(theme.SUGGESTION), SUGGESTION_STRENGTH))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(theme.SUGGESTION))
        out.append(_selection(doc, umap, start, end, fmt))
    return out


def outline_color(view: ArticleView, current: Item) -> QColor:
    if not current.is_claim:
        return QColor(theme.SUGGESTION)
    verdict = next((c.verdict for c in view.claims if c.id == current.claim_id), None)
    return theme.verdict_color(verdict)
