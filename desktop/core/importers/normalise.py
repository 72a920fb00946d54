"""Text normalisation: done once at import, never again (offsets depend on it)."""

from __future__ import annotations

import hashlib
import unicodedata

BOM = "\ufeff"


def normalise_text(s: str) -> str:
    """Strip leading BOMs, turn \\r\\n and \\r into \\n, then Unicode NFC.

    Nothing else (no trimming, no whitespace folding), so it is idempotent and the
    stored text keeps the file's offsets as far as possible.
    """
    s = s.lstrip(BOM)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return s


def text_sha256(normalised: str) -> str:
    """Hex sha256 of the normalised text (UTF-8): the article's identity."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
