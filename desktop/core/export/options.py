"""What an export takes (options) and gives back (counts), and its one error type."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.queries import DEFAULT_THRESHOLD


class ExportError(Exception):
    """An export that can't be done or written; the message is meant for the user."""


@dataclass(frozen=True)
class ExportOptions:
    """Filters shared by every format.

    annotator: only that annotator's labels, and only the claims they labelled.
    reviewed_only: only claims with a review.
    with_suggestions (JSONL only): every article, each with its latest suggestion run.
    suggestion_threshold: the lowest score of an exported suggestion; by default the one
    the window and `suggest` show, so the file holds what the analyst saw, not every
    candidate stored below it.
    per_claim (JSONL only): one claim a line, with the article's meta under `article`.
    chunk_size: articles read per round of queries; memory is bounded by one chunk.
    processes (JSONL only): worker processes for its tokens; None chooses (see
    export.parallel_tokens), 1 keeps them in this process.
    """

    annotator: str | None = None
    reviewed_only: bool = False
    with_suggestions: bool = False
    suggestion_threshold: float = DEFAULT_THRESHOLD
    per_claim: bool = False
    chunk_size: int = 500
    processes: int | None = None


@dataclass
class ExportCounts:
    articles: int = 0
    claims: int = 0
    labels: int = 0
    reviews: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "claims": self.claims,
            "labels": self.labels,
            "reviews": self.reviews,
        }
