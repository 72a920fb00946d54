"""Argument types for the command line: every value is checked where it is parsed, so a
bad one is a one-line message and exit code 2 (argparse's usage error), never a traceback
from deep inside (an offset too big for SQLite's integer, a NaN threshold, 10**6 workers)."""

from __future__ import annotations

import argparse
import math
import re

MAX_OFFSET = 2**31 - 1  # larger than any article Claimdesk accepts, small enough for any DB
MAX_PROCESSES = 256
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?", re.ASCII)


def _integer(text: str, what: str) -> int:
    t = text.strip()
    if not (t.isascii() and t.lstrip("+-").isdigit()) or len(t) > 12:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, not {text!r}")
    return int(t)


def _number(text: str, what: str) -> float:
    if not _DECIMAL.fullmatch(text.strip()):  # float() also reads "٣", "1_0", "nan"
        raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}")
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{what} must be a finite number, not {text!r}")
    return value


def offset(text: str) -> int:
    """A character offset into an article: 0 .. 2**31-1."""
    value = _integer(text, "an offset")
    if not 0 <= value <= MAX_OFFSET:
        raise argparse.ArgumentTypeError(f"an offset must be between 0 and {MAX_OFFSET}, not {text}")
    return value


def top_count(text: str) -> int:
    value = _integer(text, "--top")
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"--top must be between 1 and 1000, not {text}")
    return value


def process_count(text: str) -> int:
    value = _integer(text, "--processes")
    if not 1 <= value <= MAX_PROCESSES:
        raise argparse.ArgumentTypeError(
            f"--processes must be between 1 and {MAX_PROCESSES}, not {text}"
        )
    return value


def fraction(text: str) -> float:
    """A score threshold: 0 .. 1."""
    value = _number(text, "--threshold")
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"--threshold must be between 0 and 1, not {text}")
    return value


def megabytes(text: str) -> float:
    value = _number(text, "--max-mb")
    if not 0 < value <= 10_000:
        raise argparse.ArgumentTypeError(f"--max-mb must be above 0 and at most 10000, not {text}")
    return value
