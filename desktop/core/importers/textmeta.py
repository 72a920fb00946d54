"""Guessing title, outlet, author and date from a plain-text article.

Pasted articles carry page furniture ("Share", "_", "Back to Station") before the
headline and bylines or copyright lines around the body. These are heuristics: when
unsure, leave the field empty (the origin file name is always kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_MAX = 200

# Page furniture seen before headlines; compared lower-cased, without punctuation.
JUNK_LINES = frozenset(
    {
        "share", "share this", "share this article", "comments", "comment", "advertisement",
        "menu", "search", "subscribe", "sign in", "log in", "login", "print", "email",
        "tweet", "facebook", "twitter", "whatsapp", "linkedin", "home", "news",
        "skip to content", "skip to main content", "back", "back to top", "more",
        "more information", "read more", "listen", "close", "copy link", "follow",
    }
)  # fmt: skip
JUNK_PREFIXES = ("back to ", "advertisement", "skip to ", "sign up", "subscribe to")

# Outlets recognised in short footer/header lines ("Recomendaciones EL PAÍS").
KNOWN_OUTLETS = (
    "Reuters", "Associated Press", "AFP", "ANSA", "EFE", "EL PAÍS", "El País", "BBC",
    "CNN", "CGTN", "The Guardian", "The New York Times", "The Washington Post",
    "Al Jazeera", "Deutsche Welle", "DW", "Euronews", "Le Monde", "Der Spiegel",
    "Corriere della Sera", "la Repubblica", "Bloomberg", "Politico", "TASS", "Xinhua",
)  # fmt: skip

_OUTLET = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, KNOWN_OUTLETS))})(?!\w)")
_FIELD = re.compile(
    r"^\s*(source|author|authors|published|date|reference\(s\)|references?)\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_BY = re.compile(
    r"^\s*[Bb]y\s+([A-ZÀ-Þ][\w.'’-]*(?:\s+(?:[A-ZÀ-Þ][\w.'’-]*|and|&|de|da|del|van|von|di|la|le)){0,6})\s*$"
)
_CREDIT = re.compile(r"photo|image|getty|pool|/", re.IGNORECASE)  # picture credits
_COPYRIGHT = re.compile(r"^\s*(?:copyright\b|\(c\)|©)", re.IGNORECASE)
_COPY_NOISE = re.compile(
    r"copyright|\(c\)|©|\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\b|all rights reserved\.?",
    re.IGNORECASE,
)


@dataclass
class TextMeta:
    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None


def guess_meta(text: str) -> TextMeta:
    lines = text.split("\n")
    meta = TextMeta(title=guess_title(lines))
    copyright_source = reference_source = None
    for i, line in enumerate(lines):
        if m := _FIELD.match(line):
            key, value = m.group(1).lower(), _clean(m.group(2))
            if key.startswith("ref") and not value:  # "Reference(s):" then the next line
                value = _next_non_empty(lines, i + 1)
            if not value:
                continue
            if key == "source" and meta.source is None:
                meta.source = value
            elif key.startswith("author") and meta.author is None:
                meta.author = value
            elif key in ("published", "date") and meta.published is None:
                meta.published = value
            elif key.startswith("ref") and reference_source is None:
                reference_source = value
        elif m := _BY.match(line):
            meta.author = meta.author or _clean(m.group(1))
        elif _COPYRIGHT.match(line) and copyright_source is None:
            copyright_source = _clean(_COPY_NOISE.sub(" ", line)) or None
    meta.source = meta.source or copyright_source or reference_source or _known_outlet(lines)
    return meta


def guess_title(lines: list[str]) -> str | None:
    for line in lines:
        if is_meaningful(line):
            return _shorten(_clean(line))
    return None


def is_meaningful(line: str) -> bool:
    s = line.strip()
    words = re.findall(r"\w+", s)
    if len(words) < 2 or not any(c.isalpha() for c in s):
        return False
    low = " ".join(w.lower() for w in words)
    if low in JUNK_LINES or low.startswith(JUNK_PREFIXES):
        return False
    return not (_FIELD.match(s) or _BY.match(s) or _COPYRIGHT.match(s))


def _shorten(line: str) -> str:
    """A first line that is a whole paragraph: keep its first sentence, or cut at a word."""
    if len(line) <= TITLE_MAX:
        return line
    m = re.match(rf"(.{{20,{TITLE_MAX}}}?[.!?])(?:\s|$)", line)
    if m:
        return m.group(1)
    return line[:TITLE_MAX].rsplit(" ", 1)[0] + "…"


def _known_outlet(lines: list[str]) -> str | None:
    """An outlet name in a short line (a footer or header), not in running prose."""
    for line in reversed(lines):
        if not line.strip() or len(line.split()) > 6 or _CREDIT.search(line):
            continue
        if m := _OUTLET.search(line):
            return m.group(1)
    return None


def _next_non_empty(lines: list[str], start: int) -> str:
    for line in lines[start : start + 3]:
        if line.strip():
            return _clean(line)
    return ""


def _clean(s: str) -> str:
    return " ".join(s.split()).strip(" .,;:-–|")
