"""The claim in its context: a few lines of the article around it, the claim highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor

from desktop.ui.theme import tint, verdict_color

AROUND = 320  # characters of context on each side, cut back to a line or sentence edge


def _cut_before(text: str, start: int) -> int:
    lo = max(0, start - AROUND)
    para = text.rfind("\n\n", lo, start)
    if para != -1:
        return para + 2
    dot = text.find(". ", lo, start)
    return dot + 2 if dot != -1 and lo > 0 else lo


def _cut_after(text: str, end: int) -> int:
    hi = min(len(text), end + AROUND)
    para = text.find("\n\n", end, hi)
    if para != -1:
        return para
    dot = text.rfind(". ", end, hi)
    return dot + 1 if dot != -1 and hi < len(text) else hi


def _html(part: str) -> str:
    return escape(part).replace("\n", "<br>")


def context_html(text: str, start: int, end: int, verdict: str | None = None) -> str:
    """Rich text for a QLabel: … before <claim> after …"""
    a, b = _cut_before(text, start), _cut_after(text, end)
    color = tint(verdict_color(verdict), 0.28).name(QColor.NameFormat.HexArgb)
    lead = "…" if a > 0 else ""
    tail = "…" if b < len(text) else ""
    return (
        f"{lead}{_html(text[a:start].lstrip())}"
        f"<span style='background-color:{color}; font-weight:600;'>{_html(text[start:end])}</span>"
        f"{_html(text[end:b].rstrip())}{tail}"
    )
