"""Pure helpers on character spans (no Qt): word-wise boundary moves and reading order.

Boundary keys move word-wise, because annotators fix claims by whole words ("...,
he said") and character steps would take a dozen key presses.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.queries import ArticleView


@dataclass(frozen=True)
class Item:
    """One stop for j/k: a claim (claim_id set) or a pending suggestion (claim_id None)."""

    start: int
    end: int
    claim_id: int | None = None

    @property
    def is_claim(self) -> bool:
        return self.claim_id is not None


def reading_order(view: ArticleView) -> list[Item]:
    """Claims and undecided suggestions (not already claimed), in text order."""
    claimed = {(c.start, c.end) for c in view.claims}
    items = [Item(c.start, c.end, c.id) for c in view.claims]
    items += [Item(s.start, s.end) for s in view.suggestions
              if s.decision is None and (s.start, s.end) not in claimed]
    return sorted(items, key=lambda i: (i.start, i.end, i.claim_id is None))


def next_word_end(text: str, pos: int) -> int:
    """The end of the word after pos (skipping white space first)."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    while pos < n and not text[pos].isspace():
        pos += 1
    return pos


def prev_word_end(text: str, pos: int) -> int:
    """The end of the word before the one that ends at pos."""
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def prev_word_start(text: str, pos: int) -> int:
    """The start of the word before pos (skipping white space first)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def next_word_start(text: str, pos: int) -> int:
    """The start of the word after the one that starts at pos."""
    n = len(text)
    while pos < n and not text[pos].isspace():
        pos += 1
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def moved_edge(text: str, start: int, end: int, edge: str, step: int) -> tuple[int, int] | None:
    """The span after moving one edge by one word; None when the move would empty it.

    edge "end": step +1 grows to the next word's end, -1 shrinks to the previous word end.
    edge "start": step -1 grows to the previous word's start, +1 shrinks past the first word.
    """
    if edge == "end":
        new_end = next_word_end(text, end) if step > 0 else prev_word_end(text, end)
        return (start, new_end) if new_end > start and new_end != end else None
    new_start = prev_word_start(text, start) if step < 0 else next_word_start(text, start)
    return (new_start, end) if new_start < end and new_start != start else None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it does not cut a word in half (used after dragging an edge)."""
    while 0 < start < len(text) and not text[start - 1].isspace() and not text[start].isspace():
        start -= 1
    while 0 < end < len(text) and not text[end].isspace() and not text[end - 1].isspace():
        end += 1
    return start, end


class Utf16Map:
    """Python string offsets <-> QTextDocument positions (UTF-16 code units).

    They differ only after characters outside the Basic Multilingual Plane (emoji, some
    CJK); most articles have none, and then both directions are the identity.
    """

    def __init__(self, text: str) -> None:
        # the common case (no character beyond U+FFFF) is found at C speed
        narrow = text.isascii() or len(text.encode("utf-16-le")) == 2 * len(text)
        self._wide = [] if narrow else [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, offset: int) -> int:
        if not self._wide:
            return offset
        return offset + sum(1 for i in self._wide if i < offset)

    def from_qt(self, pos: int) -> int:
        if not self._wide:
            return pos
        offset = pos
        for i in self._wide:  # each wide char before the offset took two positions
            if i >= offset:
                break
            offset -= 1
        return offset
