"""SVG icons tinted to the palette and rendered crisply at any device pixel ratio.

The icons draw with `currentColor`. Icons without a fixed colour take the palette's text
colour when they are painted, so they follow a light/dark switch with no re-creation;
QSvgRenderer in a QIconEngine keeps them sharp at 150 % or 200 % scaling.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from desktop.ui.resources import icon_path


def _text_color() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "#333333"
    return app.palette().color(QPalette.ColorRole.WindowText).name()


class _SvgEngine(QIconEngine):
    def __init__(self, svg: str, color: str | None) -> None:
        super().__init__()
        self._svg, self._color = svg, color
        self._renderers: dict[tuple[str, bool], QSvgRenderer] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}  # toolbars ask again on every repaint

    def _renderer(self, disabled: bool) -> QSvgRenderer:
        color = self._color or _text_color()
        key = (color, disabled)
        if key not in self._renderers:
            svg = self._svg.replace("currentColor", color)
            if disabled:
                svg = svg.replace("<svg ", '<svg opacity="0.4" ', 1)
            self._renderers[key] = QSvgRenderer(QByteArray(svg.encode()))
        return self._renderers[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode == QIcon.Mode.Disabled).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), scale, mode == QIcon.Mode.Disabled,
               self._color or _text_color())
        if key not in self._pixmaps:
            self._pixmaps[key] = self._render(size, mode, state, scale)
        return self._pixmaps[key]

    def _render(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        pm = QPixmap(size * scale)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, pm.width(), pm.height()), mode, state)
        painter.end()
        pm.setDevicePixelRatio(scale)
        return pm

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg, self._color)


def icon(name: str, color: str | QColor | None = None) -> QIcon:
    """The icon `name` (resources/icons/name.svg) in `color`, or in the text colour."""
    return _icon(name, QColor(color).name() if color is not None else None)


@cache
def _icon(name: str, color: str | None) -> QIcon:
    path = icon_path(name)
    if not path.exists():
        return QIcon()
    return QIcon(_SvgEngine(path.read_text(encoding="utf-8"), color))


def app_icon() -> QIcon:
    return QIcon(str(icon_path("claimdesk")))
