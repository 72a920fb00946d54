"""Map character offsets in raw text to offsets in its normalised form.

Spans that come with raw text (JSONL) point into the raw string; after
`normalise_text` a \\r\\n is one character and NFC may join a letter and its accent,
so offsets shift. `offset_map` says where each raw offset lands, or -1 where the raw
offset falls inside something normalisation joins (no faithful mapping exists).
"""

from __future__ import annotations

import unicodedata

from desktop.core.importers.normalise import BOM, normalise_text


def offset_map(raw: str) -> tuple[str, list[int]]:
    """Return (normalised text, m) with m[i] = normalised offset of raw offset i, or -1.

    len(m) == len(raw) + 1. Raises ValueError if the segment-wise NFC does not agree with
    NFC of the whole text (exotic scripts), so callers can report it instead of guessing.
    """
    stage1, m1 = _bom_and_newlines(raw)
    if stage1.isascii() or unicodedata.is_normalized("NFC", stage1):
        final, m2 = stage1, list(range(len(stage1) + 1))
    else:
        final, m2 = _nfc(stage1)
    if final != normalise_text(raw):
        raise ValueError("offsets can't be mapped through Unicode normalisation")
    return final, [m2[j] if j >= 0 else -1 for j in m1]


def _bom_and_newlines(raw: str) -> tuple[str, list[int]]:
    out: list[str] = []
    m: list[int] = []
    i, n = 0, len(raw)
    while i < n and raw[i] == BOM:  # leading BOMs vanish; their offsets map to 0
        m.append(0)
        i += 1
    while i < n:
        ch = raw[i]
        m.append(len(out))
        if ch == "\r":
            out.append("\n")
            if i + 1 < n and raw[i + 1] == "\n":
                m.append(-1)  # between \r and \n: no counterpart
                i += 1
        else:
            out.append(ch)
        i += 1
    m.append(len(out))
    return "".join(out), m


def _nfc(s: str) -> tuple[str, list[int]]:
    """NFC segment by segment; a segment is a starter plus what composes with it."""
    bounds = [0]
    for i in range(1, len(s)):
        ch = s[i]
        if ch.isascii() or (
            unicodedata.combining(ch) == 0 and _stable_after(s[bounds[-1] : i], ch)
        ):
            bounds.append(i)
    bounds.append(len(s))
    out: list[str] = []
    m = [-1] * (len(s) + 1)
    pos = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        m[a] = pos
        seg = unicodedata.normalize("NFC", s[a:b])
        out.append(seg)
        pos += len(seg)
    m[len(s)] = pos
    return "".join(out), m


def _stable_after(segment: str, ch: str) -> bool:
    nfc = unicodedata.normalize
    return nfc("NFC", segment + ch) == nfc("NFC", segment) + nfc("NFC", ch)


# -- UTF-16 code units (JavaScript string offsets) ---------------------------------------------
# doccano's annotator counts offsets with JavaScript's String.length: a character outside the
# Basic Multilingual Plane (most emoji) is two units there and one in Python.


def has_astral(text: str) -> bool:
    """True when some character is outside the BMP (where UTF-16 and code points differ)."""
    return not text.isascii() and any(ord(ch) > 0xFFFF for ch in text)


def utf16_offsets(text: str) -> list[int]:
    """u[i] = the UTF-16 offset of code point offset i (len(text) + 1 entries)."""
    out, pos = [0], 0
    for ch in text:
        pos += 2 if ord(ch) > 0xFFFF else 1
        out.append(pos)
    return out


def from_utf16(text: str) -> dict[int, int]:
    """UTF-16 offset -> code point offset, for every offset that is not inside a pair."""
    return {u: i for i, u in enumerate(utf16_offsets(text))}
