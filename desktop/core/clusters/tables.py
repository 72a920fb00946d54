"""Cluster tables (revision 0006). A cluster is one fact reported across articles; its
members are claims, or passages (indexed sentences) no claim covers yet.

`key` is derived from the members' content (the article's sha256 and offsets of the anchor
member), not from row ids, so teammates' databases and their exports name a cluster alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from desktop.core.models import utcnow


def _ts() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class ClaimCluster(SQLModel, table=True):
    __tablename__ = "claim_cluster"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True, index=True)
    # Label once: the verdict, note and sources given on the cluster, proposed to each member.
    verdict: str | None = None
    note: str | None = None
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    proposed_by: int | None = Field(default=None, foreign_key="annotator.id")
    manual: bool = False  # made by a split or a merge: a rebuild keeps it as it is
    built_at: datetime = _ts()


class ClusterMember(SQLModel, table=True):
    __tablename__ = "cluster_member"
    __table_args__ = (
        UniqueConstraint("article_id", "start", "end"),
        Index("ix_cluster_member_cluster", "cluster_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="claim_cluster.id", ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    start: int
    end: int
    claim_id: int | None = Field(default=None, foreign_key="claim.id", ondelete="SET NULL")
    score: float = 0.0  # its best link to another member
    pinned: bool = False  # placed by a split or a merge: a rebuild leaves it where it is


class ClusterSeen(SQLModel, table=True):
    """What the clusterer has linked already: an article's sentences (claim_id 0) or a
    claim. Incremental updates link only what is not here."""

    __tablename__ = "cluster_seen"
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", primary_key=True)
    claim_id: int = Field(default=0, primary_key=True)
