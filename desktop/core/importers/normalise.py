"""Text normalisation: done once at import, never again (offsets depend on it)."""

from __future__ import annotations

import hashlib
import re
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


REPLACEMENT = "\ufffd"
# C0 controls that PostgreSQL (NUL) or XML 1.0 (all but tab, LF, CR) refuse. One rule for
# every backend and export: each becomes U+FFFD, one character for one, so offsets hold.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_controls(s: str) -> bool:
    return _CONTROLS.search(s) is not None


def replace_controls(s: str) -> tuple[str, int]:
    """(s with each refused control character replaced by U+FFFD, how many were)."""
    if _CONTROLS.search(s) is None:  # the common case: one C-level scan, no copy
        return s, 0
    return _CONTROLS.subn(REPLACEMENT, s)
