"""Reading whole files as text, with the bad-input checks every format shares."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

SNIFF_BYTES = 8192


class BadInput(Exception):
    """Bad content: its message is the short, human reason shown to the user."""


def human_size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def too_big(size: int, max_bytes: int) -> str:
    return f"article is {human_size(size)}, over the {human_size(max_bytes)} limit"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing empty and oversized files before reading them."""
    size = os.stat(path).st_size
    if size == 0:
        raise BadInput("file is empty")
    if size > max_bytes:
        raise BadInput(too_big(size, max_bytes))
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)  # the file may grow while we read it
    if len(data) > max_bytes:
        raise BadInput(too_big(len(data), max_bytes))
    return data


def utf16_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_bytes(data: bytes, fallback_encoding: str | None = None) -> str:
    """UTF-8 (BOM optional), or UTF-16 with a BOM; never a silent cp1252 guess.

    `fallback_encoding` is an encoding the file itself declares (an HTML meta charset).
    """
    if not data:
        raise BadInput("file is empty")
    if utf16_bom(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise BadInput(f"not valid UTF-16 text (at byte {e.start})") from None
    if looks_binary(data[:SNIFF_BYTES]):
        raise BadInput("looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if fallback_encoding:
            try:
                return data.decode(fallback_encoding)
            except (UnicodeDecodeError, LookupError):
                pass
        raise BadInput(undecodable(data, e)) from None


def undecodable(data: bytes, e: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 text (byte 0x{data[e.start]:02x} at position {e.start})"


_CONTROL = bytes(sorted(set(range(32)) - {9, 10, 12, 13} | {127}))


def looks_binary(sample: bytes) -> bool:
    """NUL bytes, or many control characters / invalid UTF-8 sequences."""
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL))
    text = sample.decode("utf-8", errors="replace")
    # a truncated multi-byte character at the end of the sample is not an error
    bad = text[:-3].count("\ufffd") if len(sample) == SNIFF_BYTES else text.count("\ufffd")
    odd = control + bad
    return odd >= 2 and odd > 0.1 * len(text)
