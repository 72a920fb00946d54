"""The reader: the article in a calm serif column, claims and suggestions marked on it.

Read-only QTextEdit (selectable by mouse and keyboard). It knows nothing of the database:
it shows an ArticleView, reports clicks on marks, text selections and dragged claim
edges, and the window turns those into core actions.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from desktop.core.queries import ArticleView
from desktop.ui import theme
from desktop.ui.safe_text import tooltip
from desktop.ui.spans import Item, Utf16Map, reading_order, snap_to_words
from desktop.ui.widgets import reader_marks

SERIF_FAMILIES = ["Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro", "Georgia",
                  "Noto Serif", "Literata", "DejaVu Serif", "Times New Roman"]
READING_PT = 13
LINE_HEIGHT_PERCENT = 160  # generous leading for hours of reading
MAX_COLUMN_PX = 760  # about 75 characters a line
EDGE_GRAB_PX = 6


def reading_font() -> QFont:
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(READING_PT)
    return font


class Reader(QTextEdit):
    item_clicked = Signal(object)  # Item | None
    edge_dragged = Signal(int, int, int)  # claim id, new start, new end
    selection_made = Signal(bool)  # whether some text is selected (for "Create claim")
    column_moved = Signal(int)  # the side margin of the text column, for the heading above

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setFont(reading_font())
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAccessibleName("Article text")
        self.viewport().setMouseTracking(True)
        self.view: ArticleView | None = None
        self.current: Item | None = None
        self._umap = Utf16Map("")
        self._drag: tuple[str, int] | None = None  # ("start"|"end", claim id) while dragging
        self._preview: tuple[int, int] | None = None
        self._press: QPoint | None = None
        self.selectionChanged.connect(lambda: self.selection_made.emit(self.textCursor().hasSelection()))
        self.apply_colors()

    # -- content --------------------------------------------------------------------
    def show_article(self, view: ArticleView, current: Item | None = None) -> None:
        """A new article: new text, marks in one pass, scrolled to the top or the item."""
        self.view, self.current, self._preview = view, current, None
        self._umap = Utf16Map(view.text)
        doc = self.document()
        doc.setPlainText(view.text)
        self._format_document()
        self._apply_marks()
        if current is not None:
            self.scroll_to(current)
        else:
            self.verticalScrollBar().setValue(0)

    def update_view(self, view: ArticleView, current: Item | None) -> None:
        """Same article, new claims or labels: repaint marks, keep the scroll position."""
        if self.view is None or view.id != self.view.id or view.text != self.view.text:
            self.show_article(view, current)
            return
        self.view, self.current, self._preview = view, current, None
        self._apply_marks()

    def clear_article(self) -> None:
        self.view, self.current = None, None
        self.document().clear()
        self.setExtraSelections([])

    def set_current(self, item: Item | None, *, scroll: bool = True) -> None:
        self.current, self._preview = item, None
        self._apply_marks()
        if item is not None:
            cur = self.textCursor()
            cur.setPosition(self._umap.to_qt(item.start))
            self.setTextCursor(cur)  # keyboard selection starts at the item
            if scroll:
                self.scroll_to(item)

    def _format_document(self) -> None:
        cur = QTextCursor(self.document())
        cur.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cur.mergeBlockFormat(block)
        self._fit_column(force=True)

    def _apply_marks(self) -> None:
        if self.view is None:
            self.setExtraSelections([])
            return
        self.setExtraSelections(reader_marks.build(self.document(), self._umap, self.view,
                                                   self.current, self._preview))
        self.viewport().update()

    def apply_colors(self) -> None:
        """Paper and ink for the current light/dark scheme."""
        paper, ink = theme.reader_colors()
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, paper)
        pal.setColor(QPalette.ColorRole.Text, ink)
        self.setPalette(pal)
        self.viewport().setPalette(pal)  # it does not always follow its parent on a scheme switch
        self._apply_marks()

    # -- geometry ---------------------------------------------------------------------
    def _fit_column(self, force: bool = False) -> None:
        """Centre a column of at most MAX_COLUMN_PX: long lines tire the eye."""
        width = self.viewport().width()
        side = max(28, (width - MAX_COLUMN_PX) // 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if force or fmt.leftMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(18)
            fmt.setBottomMargin(48)
            root.setFrameFormat(fmt)
            self.column_moved.emit(side)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_column()

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Rectangles (viewport coordinates) covering text[start:end], one per line."""
        doc = self.document()
        qs, qe = self._umap.to_qt(start), self._umap.to_qt(end)
        layout_of = doc.documentLayout()
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        rects: list[QRectF] = []
        block = doc.findBlock(qs)
        while block.isValid() and block.position() < qe:
            base = block.position()
            br = layout_of.blockBoundingRect(block)
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls = base + line.textStart()
                s, e = max(qs, ls), min(qe, ls + line.textLength())
                if s >= e:
                    continue
                x1 = _x(line.cursorToX(s - base))
                x2 = _x(line.cursorToX(e - base))
                rects.append(QRectF(br.x() + x1 + dx, br.y() + line.y() + dy, x2 - x1,
                                    line.ascent() + line.descent()))
            block = block.next()
        return rects

    def scroll_to(self, item: Item) -> None:
        rects = self.span_rects(item.start, item.end)
        if not rects:
            return
        top, bottom = rects[0].top(), rects[-1].bottom()
        h = self.viewport().height()
        if top < 40 or bottom > h - 40:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + int(top - h / 3))

    def offset_at(self, pos: QPoint) -> int:
        return self._umap.from_qt(self.cursorForPosition(pos).position())

    # -- selection ----------------------------------------------------------------------
    def selected_span(self) -> tuple[int, int] | None:
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self._umap.from_qt(cur.selectionStart()), self._umap.from_qt(cur.selectionEnd())

    def select_text(self, start: int, end: int) -> None:
        cur = self.textCursor()
        cur.setPosition(self._umap.to_qt(start))
        cur.setPosition(self._umap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def item_at(self, offset: int) -> Item | None:
        """The claim under the pointer (the shortest, or the next one on repeated clicks
        where claims overlap), else the pending suggestion there."""
        if self.view is None:
            return None
        hits = [i for i in reading_order(self.view) if i.start <= offset < i.end]
        if not hits:
            return None
        hits.sort(key=lambda i: (not i.is_claim, i.end - i.start))
        if self.current in hits:
            return hits[(hits.index(self.current) + 1) % len(hits)]
        return hits[0]

    # -- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.view is None or self.current is None:
            return
        start, end = self._preview or (self.current.start, self.current.end)
        rects = self.span_rects(start, end)
        if not rects:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = reader_marks.outline_color(self.view, self.current)
        pen = QPen(color, 1.6)
        if not self.current.is_claim:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        for r in rects:
            painter.drawRoundedRect(r.adjusted(-2, -1, 2, 1), 3, 3)
        if self.current.is_claim:  # grab handles on the two edges
            painter.setBrush(color)
            first, last = rects[0], rects[-1]
            painter.drawRect(QRectF(first.left() - 3, first.top() - 1, 2.5, first.height() + 2))
            painter.drawRect(QRectF(last.right() + 0.5, last.top() - 1, 2.5, last.height() + 2))
        painter.end()

    # -- mouse: click to select, drag an edge to resize ---------------------------------------
    def _edge_at(self, pos: QPoint) -> str | None:
        if self.view is None or self.current is None or not self.current.is_claim:
            return None
        rects = self.span_rects(self.current.start, self.current.end)
        if not rects:
            return None
        first, last = rects[0], rects[-1]
        if first.top() <= pos.y() <= first.bottom() and abs(pos.x() - first.left()) <= EDGE_GRAB_PX:
            return "start"
        if last.top() <= pos.y() <= last.bottom() and abs(pos.x() - last.right()) <= EDGE_GRAB_PX:
            return "end"
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton and self.current is not None:
            edge = self._edge_at(pos)
            if edge is not None and self.current.claim_id is not None:
                self._drag = (edge, self.current.claim_id)
                self._preview = (self.current.start, self.current.end)
                return
        self._press = pos
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is not None and self.current is not None and self.view is not None:
            offset = self.offset_at(pos)
            start, end = self.current.start, self.current.end
            if self._drag[0] == "start":
                start = min(offset, end - 1)
            else:
                end = max(offset, start + 1)
            self._preview = (start, end)
            self._apply_marks()
            return
        edge = self._edge_at(pos)
        self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.IBeamCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and self.view is not None:
            _edge, claim_id = self._drag
            start, end = self._preview or (0, 0)
            self._drag = None
            start, end = snap_to_words(self.view.text, start, end)
            if self.current is not None and (start, end) != (self.current.start, self.current.end):
                self.edge_dragged.emit(claim_id, start, end)
            else:
                self._preview = None
                self._apply_marks()
            return
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        clicked = (self._press is not None and (pos - self._press).manhattanLength() < 4
                   and not self.textCursor().hasSelection())
        self._press = None
        if clicked and event.button() == Qt.MouseButton.LeftButton:
            self.item_clicked.emit(self.item_at(self.offset_at(pos)))

    # -- tooltips ------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.view is not None:
            pos = event.pos()  # type: ignore[attr-defined]
            text = self.tooltip_html(self.offset_at(pos))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_html(self, offset: int) -> str:
        """The tool tip at a character offset, its text kept literal ("" when none)."""
        text = self._tooltip_at(offset) if self.view is not None else ""
        return tooltip(text) if text else ""

    def _tooltip_at(self, offset: int) -> str:
        assert self.view is not None
        lines = []
        for c in self.view.claims:
            if c.start <= offset < c.end:
                lines.append(f"Claim: {c.verdict or 'no verdict yet'}")
        claimed = {(c.start, c.end) for c in self.view.claims}
        for s in self.view.suggestions:
            if s.start <= offset < s.end and s.decision is None and (s.start, s.end) not in claimed:
                reasons = "; ".join(s.reasons) if s.reasons else "no reasons given"
                lines.append(f"Suggested claim, score {s.score:.2f}\n{reasons}\n(a accept · x reject)")
        return "\n".join(lines)


def _x(value: object) -> float:
    """QTextLine.cursorToX returns (x, pos) in PySide6; be lenient about its shape."""
    if isinstance(value, tuple):
        return float(value[0])
    return float(value)  # type: ignore[arg-type]


