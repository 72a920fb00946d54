"""Counts in words: "1 claim", "6 disagreements", never "claim(s)"."""

from __future__ import annotations


def count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"
