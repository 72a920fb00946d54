"""SQLModel tables. The schema is created and upgraded by Alembic (core/migrations), never
by `create_all`, so every database goes through the same revisions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kw: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kw))


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True, index=True)  # of the normalised text
    title: str | None = None
    source: str | None = Field(default=None, index=True)  # the outlet
    url: str | None = None
    author: str | None = None
    published: str | None = None
    origin: str = Field(index=True)  # the file name it came from
    text: str = Field(sa_column=Column(Text, nullable=False))  # immutable once stored
    words: int = 0  # whitespace-separated words, for the list and the budgets
    imported_at: datetime = _ts(nullable=False)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Annotator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)


class SuggestionRun(SQLModel, table=True):
    __tablename__ = "suggestion_run"
    """Marks an article as processed by a model + suggester version (even with 0 results)."""

    __table_args__ = (UniqueConstraint("article_id", "model", "suggester_version"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    model: str  # name and version, e.g. "core_web_sm 3.8.0"
    suggester_version: str
    computed_at: datetime = _ts(nullable=False)


class Suggestion(SQLModel, table=True):
    __table_args__ = (Index("ix_suggestion_run", "article_id", "model", "suggester_version"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    start: int
    end: int
    score: float
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model: str
    suggester_version: str


class SuggestionFeedback(SQLModel, table=True):
    __tablename__ = "suggestion_feedback"
    """An annotator accepted or rejected the suggestion at these offsets."""

    __table_args__ = (UniqueConstraint("article_id", "start", "end", "annotator_id"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    start: int
    end: int
    annotator_id: int = Field(foreign_key="annotator.id")
    decision: str  # accept | reject
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_at: datetime = _ts(nullable=False)


class Claim(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "start", "end"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    start: int
    end: int  # exclusive
    created_by: int | None = Field(default=None, foreign_key="annotator.id")
    origin: str = "manual"  # suggested | manual | imported
    created_at: datetime = _ts(nullable=False)
    tag: str | None = None  # another tool's span label that is not a verdict (e.g. "EVENT")


class Label(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("claim_id", "annotator_id"),)
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE", index=True)
    annotator_id: int = Field(foreign_key="annotator.id", index=True)
    verdict: str | None = None  # None while the analyst gathers sources
    note: str | None = None
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class SourceLink(SQLModel, table=True):
    __tablename__ = "source_link"
    id: int | None = Field(default=None, primary_key=True)
    label_id: int = Field(foreign_key="label.id", ondelete="CASCADE", index=True)
    kind: str  # url | article
    url: str | None = None
    target_article_id: int | None = Field(
        default=None, foreign_key="article.id", ondelete="CASCADE"
    )
    start: int | None = None
    end: int | None = None
    stance: str = "supports"  # supports | contradicts | context
    title: str | None = None
    note: str | None = None
    position: int = 0  # keeps the analyst's order


class Review(SQLModel, table=True):
    """The adjudicated, final verdict of a claim."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", ondelete="CASCADE", unique=True)
    reviewer_id: int = Field(foreign_key="annotator.id")
    verdict: str
    note: str | None = None
    decided_at: datetime = _ts(nullable=False)


class Event(SQLModel, table=True):
    """Append-only log of every change: who, when, what, before/after snapshots.

    kind is "do" for an action, "undo"/"redo" for a replay of the event `ref`. The undo
    and redo stacks of an annotator are derived by replaying these rows (core/history.py).
    """

    __table_args__ = (Index("ix_event_annotator", "annotator_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts(nullable=False)
    annotator_id: int | None = Field(default=None, foreign_key="annotator.id")
    kind: str = "do"
    ref: int | None = None
    action: str  # e.g. create_claim, set_verdict, add_source
    article_id: int | None = Field(default=None, index=True)
    claim_id: int | None = None
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


def as_utc(dt: datetime) -> datetime:
    """SQLite hands datetimes back naive; every stored time is UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


# -- evidence index (issue 6): sentence features and an inverted index over them ---------------
class EvidenceArticle(SQLModel, table=True):
    """Marks an article as indexed with a features version (even when it has 0 sentences)."""

    __tablename__ = "evidence_article"
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    version: str
    sentences: int = 0
    computed_at: datetime = _ts(nullable=False)


class EvidenceSentence(SQLModel, table=True):
    __tablename__ = "evidence_sentence"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    start: int
    end: int
    features: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EvidenceTerm(SQLModel, table=True):
    """Posting list: normalised term (w: word concept, p: name key, n: number, d: date,
    c: charge) -> sentence. The primary key doubles as the term index."""

    __tablename__ = "evidence_term"
    __table_args__ = (Index("ix_evidence_term_sentence_id", "sentence_id"),)
    term: str = Field(primary_key=True, max_length=80)
    sentence_id: int = Field(
        foreign_key="evidence_sentence.id", ondelete="CASCADE", primary_key=True
    )
    article_id: int


class EvidenceTermStat(SQLModel, table=True):
    """Document frequency of a term (in sentences), for idf weights and for skipping
    terms too common to narrow the search. Row "" holds the number of sentences."""

    __tablename__ = "evidence_term_stat"
    term: str = Field(primary_key=True, max_length=80)
    df: int = 0
