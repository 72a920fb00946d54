"""Small QPainter charts for the agreement dashboard: crisp at any scale, palette-aware,
no plotting library. Each takes plain numbers and sizes itself to its rows."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.theme import verdict_color

ROW_H = 26
GAP = 8
AGREE = QColor("#2e9d5b")
DISAGREE = QColor("#d08a12")


def _ink(w: QWidget, alpha: float = 1.0) -> QColor:
    c = QColor(w.palette().color(QPalette.ColorRole.WindowText))
    c.setAlphaF(alpha)
    return c


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _label_width(self, names: list[str]) -> int:
        fm = QFontMetrics(self.font())
        return min(160, max((fm.horizontalAdvance(n) for n in names), default=0) + GAP * 2)


class ProgressBars(_Chart):
    """Per annotator: claims marked (track) and claims with a verdict (filled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, int, int]] = []  # name, claims, with verdict
        self.setAccessibleName("Progress per annotator")

    def set_rows(self, rows: list[tuple[str, int, int]]) -> None:
        self.rows = rows
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(1, len(self.rows)) * (ROW_H + 4) + 4)

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        left = self._label_width([r[0] for r in self.rows])
        most = max((r[1] for r in self.rows), default=0) or 1
        value_w = fm.horizontalAdvance("00,000 of 00,000 ")
        track_w = max(20, self.width() - left - value_w - GAP)
        for i, (name, claims, done) in enumerate(self.rows):
            y = 2 + i * (ROW_H + 4)
            p.setPen(_ink(self))
            p.drawText(
                QRectF(0, y, left - GAP, ROW_H),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(name, Qt.TextElideMode.ElideRight, left - GAP),
            )
            bar = QRectF(left, y + 5, track_w * claims / most, ROW_H - 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_ink(self, 0.12))
            p.drawRoundedRect(bar, 4, 4)
            fill = QRectF(
                bar.left(), bar.top(), bar.width() * (done / claims if claims else 0), bar.height()
            )
            p.setBrush(QColor("#3f7fd1"))
            p.drawRoundedRect(fill, 4, 4)
            p.setPen(_ink(self, 0.75))
            p.drawText(
                QRectF(bar.right() + GAP, y, value_w, ROW_H),
                Qt.AlignmentFlag.AlignVCenter,
                f"{done:,} of {claims:,}",
            )
        p.end()


class VerdictBars(_Chart):
    """Per annotator: one bar split by verdict, each part in its verdict's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, dict[str, int]]] = []
        self.verdicts: list[str] = []
        self.setAccessibleName("Verdicts per annotator")

    def set_rows(self, rows: list[tuple[str, dict[str, int]]], verdicts: list[str]) -> None:
        self.rows, self.verdicts = rows, verdicts
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, (max(1, len(self.rows)) + 1) * (ROW_H + 4) + 4)

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        left = self._label_width([r[0] for r in self.rows])
        width = max(20, self.width() - left - GAP)
        for i, (name, counts) in enumerate(self.rows):
            y = 2 + i * (ROW_H + 4)
            p.setPen(_ink(self))
            p.drawText(
                QRectF(0, y, left - GAP, ROW_H),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(name, Qt.TextElideMode.ElideRight, left - GAP),
            )
            total = sum(counts.values())
            x = float(left)
            if not total:
                p.setPen(_ink(self, 0.6))
                p.drawText(
                    QRectF(x, y, width, ROW_H), Qt.AlignmentFlag.AlignVCenter, "no verdicts yet"
                )
                continue
            for v in self.verdicts:
                n = counts.get(v, 0)
                if not n:
                    continue
                w = width * n / total
                part = QRectF(x, y + 3, w - 1, ROW_H - 6)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(verdict_color(v))
                p.drawRect(part)
                if fm.horizontalAdvance(str(n)) + 6 < w:
                    p.setPen(QColor("white"))
                    p.drawText(part, Qt.AlignmentFlag.AlignCenter, str(n))
                x += w
        # legend
        y = 2 + len(self.rows) * (ROW_H + 4)
        x = float(left)
        for v in self.verdicts:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(verdict_color(v))
            p.drawRoundedRect(QRectF(x, y + 8, 10, 10), 2, 2)
            p.setPen(_ink(self, 0.8))
            p.drawText(QRectF(x + 14, y, 200, ROW_H), Qt.AlignmentFlag.AlignVCenter, v)
            x += 14 + fm.horizontalAdvance(v) + 16
        p.end()


class HeatMap(_Chart):
    """Confusion matrix of a pair: rows are A's verdicts, columns B's; the diagonal
    (agreement) in green, the rest in amber, stronger for more claims."""

    CELL = 64

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.a, self.b = "", ""
        self.labels: list[str] = []
        self.matrix: list[list[int]] = []
        self.setAccessibleName("Confusion matrix")

    def set_matrix(self, a: str, b: str, labels: list[str], matrix: list[list[int]]) -> None:
        self.a, self.b, self.labels, self.matrix = a, b, labels, matrix
        names = ", ".join(
            f"{a} {labels[i]} / {b} {labels[j]}: {n}"
            for i, row in enumerate(matrix)
            for j, n in enumerate(row)
            if n
        )
        self.setAccessibleDescription(names)
        self.updateGeometry()
        self.update()

    def _left(self) -> int:
        return self._label_width(self.labels) + 24

    def _cell(self) -> int:
        """Wide enough for the longest verdict name above its column."""
        fm = QFontMetrics(self.font())
        return max(self.CELL, max((fm.horizontalAdvance(v) for v in self.labels), default=0) + 12)

    def sizeHint(self) -> QSize:
        n, c = max(1, len(self.labels)), self._cell()
        fm = QFontMetrics(self.font())
        return QSize(self._left() + n * c + 8, fm.height() * 2 + 12 + n * c + 4)

    def paintEvent(self, _e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        n, c, left = len(self.labels), self._cell(), self._left()
        top = fm.height() * 2 + 10
        most = max((v for row in self.matrix for v in row), default=0) or 1
        p.setPen(_ink(self, 0.7))
        p.drawText(QRectF(left, 0, n * c, fm.height()), Qt.AlignmentFlag.AlignCenter, f"{self.b}")
        for j, label in enumerate(self.labels):
            p.drawText(
                QRectF(left + j * c, fm.height() + 4, c, fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, c - 4),
            )
        p.save()  # A's name, vertical, left of the rows
        p.translate(fm.height() - 2, top + n * c / 2)
        p.rotate(-90)
        p.drawText(
            QRectF(-n * c / 2, -fm.height(), n * c, fm.height() + 4),
            Qt.AlignmentFlag.AlignCenter,
            f"{self.a}",
        )
        p.restore()
        for i, label in enumerate(self.labels):
            p.setPen(_ink(self, 0.7))
            p.drawText(
                QRectF(20, top + i * c, left - 26, c),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, left - 26),
            )
            for j in range(n):
                value = self.matrix[i][j] if i < len(self.matrix) and j < len(self.matrix[i]) else 0
                color = QColor(AGREE if i == j else DISAGREE)
                color.setAlphaF(0.08 + 0.82 * value / most)
                cell = QRectF(left + j * c + 1, top + i * c + 1, c - 2, c - 2)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRoundedRect(cell, 4, 4)
                strong = value / most > 0.5
                p.setPen(QColor("white") if strong else _ink(self))
                p.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(value))
        p.end()
