"""Render the app icon (resources/icons/claimdesk.svg) to the PNG sizes a Linux desktop
wants: resources/icons/claimdesk-<N>.png for N in SIZES.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

An installer copies claimdesk-<N>.png to share/icons/hicolor/<N>x<N>/apps/claimdesk.png
and the SVG to share/icons/hicolor/scalable/apps/claimdesk.svg (the .desktop file says
Icon=claimdesk); packaging/install.sh does exactly that.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "claimdesk.svg"
OUT = ROOT / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int, out: Path = OUT) -> Path:
    return out / f"claimdesk-{size}.png"


def render(sizes: tuple[int, ...] = SIZES, out: Path = OUT) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = png_path(size, out)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in render():
        print(p.relative_to(ROOT))
