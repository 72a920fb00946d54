"""The verdict scheme, in one place.

A team can add verdicts without code changes: set CLAIMDESK_VERDICTS to a comma-separated
list (e.g. "verified,conflicting,unsupported,refuted"). Colours for extra verdicts fall back
to a neutral palette entry. Keys 1..9 follow the order of this list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_VERDICTS = ("verified", "conflicting", "unsupported")

STANCES = ("supports", "contradicts", "context")


@dataclass(frozen=True)
class Verdict:
    name: str
    description: str
    color: str  # highlight colour, readable on light and dark backgrounds


_KNOWN = {
    "verified": Verdict("verified", "Other reports or sources confirm the claim.", "#2e9d5b"),
    "conflicting": Verdict("conflicting", "Sources disagree on the claim.", "#d08a12"),
    "unsupported": Verdict("unsupported", "No source backs the claim.", "#c8453c"),
    "refuted": Verdict("refuted", "Sources show the claim is false.", "#8e44ad"),
}


def verdict_names() -> tuple[str, ...]:
    raw = os.environ.get("CLAIMDESK_VERDICTS", "")
    names = tuple(v.strip().lower() for v in raw.split(",") if v.strip())
    return names or DEFAULT_VERDICTS


def verdicts() -> tuple[Verdict, ...]:
    return tuple(_KNOWN.get(n, Verdict(n, n.capitalize(), "#6c7a89")) for n in verdict_names())


def is_verdict(name: str | None) -> bool:
    return name is not None and name in verdict_names()


def check_verdict(name: str) -> str:
    """Return the normalised verdict or raise ValueError with a clear message."""
    norm = (name or "").strip().lower()
    if norm not in verdict_names():
        raise ValueError(
            f"unknown verdict {name!r} (expected one of: {', '.join(verdict_names())})"
        )
    return norm


def check_stance(name: str) -> str:
    norm = (name or "").strip().lower()
    if norm not in STANCES:
        raise ValueError(f"unknown stance {name!r} (expected one of: {', '.join(STANCES)})")
    return norm
