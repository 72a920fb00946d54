"""An article's own URL as read by the importers, under the one URL rule (core.urls)."""

from __future__ import annotations

from desktop.core.importers.decode import BadInput
from desktop.core.urls import UnsafeURL, safe_url


def article_url(value: str | None) -> str | None:
    """A URL the file states outright: refused with the record, saying why."""
    if value is None or not value.strip():
        return None
    try:
        return safe_url(value)
    except UnsafeURL as exc:
        raise BadInput(f"article url refused: {exc}") from None


def derived_url(value: str | None) -> str | None:
    """A URL guessed from a page (canonical link, og:url): an unsafe one is just dropped,
    since the article text itself is fine."""
    try:
        return article_url(value)
    except BadInput:
        return None
