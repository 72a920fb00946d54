"""Tables of the team's suggestion model: its training examples and its stored versions.

Kept apart from ``models.py`` because only learning reads and writes them (revisions 0005,
0007).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from desktop.core.models import _ts


class TrainingExample(SQLModel, table=True):
    """One decision about one span: check-worthy (label 1) or not (0).

    ``text`` is the span's text as it was decided on, so the example still trains after
    the article is gone or the text is normalised; ``model`` is the claim model version
    that had scored it (None: it was never suggested). The latest decision on a span wins.
    """

    __tablename__ = "training_example"
    __table_args__ = (UniqueConstraint("article_id", "start", "end"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int | None = Field(
        default=None, foreign_key="article.id", ondelete="SET NULL", index=True
    )
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    label: int  # 1 check-worthy, 0 not
    kind: str  # accept | reject | manual | labelled | imported accept | imported reject
    annotator_id: int | None = Field(default=None, foreign_key="annotator.id")
    model: str | None = None
    score: float | None = None
    decided_at: datetime = _ts(nullable=False, index=True)


class ClaimModelVersion(SQLModel, table=True):
    """A team model: weights (``ClaimModel.to_bytes``), what it was trained on, how it did."""

    __tablename__ = "claim_model"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(unique=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    examples: int
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    active: bool = False
    created_at: datetime = _ts(nullable=False)


class ExampleFeatures(SQLModel, table=True):
    """A decided sentence's scorer inputs, kept so ``learn`` parses each sentence once: with
    5,000 decisions, parsing them again took 15 of a run's 19 s, every 50 decisions.

    Keyed by the text's sha256 and ``featurizer`` (the spaCy model, hash size and feature
    code it was made with: ``learning_features.featurizer_key``), so any change there
    simply misses and parses again. ``slots``: int32 little-endian, the first ``n_grams``
    of them hashed word slots.
    """

    __tablename__ = "example_features"
    text_sha: str = Field(primary_key=True)
    featurizer: str = Field(primary_key=True)
    slots: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    n_grams: int
