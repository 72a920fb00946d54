"""Where the UI's resources (SVG icons, .qss themes) live, in a checkout or a packaged build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve()
    candidates = [here.parents[2] / "resources"]  # a source checkout
    bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller build
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for path in candidates:
        if (path / "icons").is_dir():
            return path
    return candidates[-1]


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def theme_path(name: str) -> Path:
    return resources_dir() / "themes" / f"{name}.qss"
