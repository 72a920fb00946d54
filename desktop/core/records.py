"""Plain records exchanged between importers, services and exporters (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SourceRecord:
    """A source behind a label: a web address, or a span of another article (by sha256)."""

    stance: str = "supports"
    url: str | None = None
    article_sha256: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    title: str | None = None
    note: str | None = None


@dataclass
class LabelRecord:
    annotator: str | None  # None: the file names nobody; the importing user (--annotator)
    verdict: str | None  # None: the analyst is still gathering sources
    note: str | None = None
    created_at: str | None = None  # ISO 8601
    updated_at: str | None = None
    sources: list[SourceRecord] = field(default_factory=list)


@dataclass
class ReviewRecord:
    reviewer: str
    verdict: str
    note: str | None = None
    decided_at: str | None = None


@dataclass
class ClaimRecord:
    """A claim span [start, end) into the article text; labels may be empty."""

    start: int
    end: int
    labels: list[LabelRecord] = field(default_factory=list)
    review: ReviewRecord | None = None
    tag: str | None = None  # another tool's span label that is not a verdict (kept, not lost)
    cluster: str | None = None  # the cross-article cluster key a Claimdesk export gave it


@dataclass
class SuggestionRecord:
    """A span a model proposed (Label Studio predictions): stored as a suggestion run."""

    start: int
    end: int
    score: float = 1.0
    model: str = "imported"
    reasons: list[str] = field(default_factory=list)


@dataclass
class ArticleRecord:
    """One article as read from a file, before it is stored."""

    text: str
    origin: str  # the file name it came from
    line: int | None = None  # line (JSONL/CSV) or None for whole-file formats
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    claims: list[ClaimRecord] = field(default_factory=list)
    # Spans a Prodigy binary annotation rejected ("answer": "reject"): not claims, but
    # negative training examples for the suggestion model (see learning_examples).
    rejected: list[tuple[int, int]] = field(default_factory=list)
    # A Prodigy answer (accept or reject) on its spans or its text: the team's decisions,
    # recorded as training examples by the import itself, in the file's order
    # (learning_examples). Not a Claimdesk export's "claims": those are recorded later,
    # as any claim, so a large merge writes them once.
    answered: bool = False
    suggestions: list[SuggestionRecord] = field(default_factory=list)
    file: str = ""  # the path as given, for the per-file summary ("" -> origin)
    format: str = ""  # what the content was detected as, e.g. "Label Studio JSON"
    item: str = ""  # where in a whole-file format, e.g. "task 3 (id 17)"; lines use `line`
    notes: list[str] = field(default_factory=list)  # what was not imported, and why


@dataclass
class ImportProblem:
    """A bad input: reported as `file[:line]: reason`, the rest of the batch goes on."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
