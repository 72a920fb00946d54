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
    annotator: str
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


@dataclass
class ImportProblem:
    """A bad input: reported as `file[:line]: reason`, the rest of the batch goes on."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
