"""Read side of clusters for the Claims view, the CLI and the export: plain dataclasses."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.core import gcpause
from desktop.core.clusters.differences import MemberDifference, member_differences
from desktop.core.clusters.ranking import is_fragment, review_order, suggested_column
from desktop.core.clusters.tables import ClaimCluster, ClusterMember
from desktop.core.models import Annotator, Article, Claim, Label
from desktop.core.nlp.evidence.features import merge
from desktop.core.nlp.evidence.index import span_features
from desktop.core.store import Store


@dataclass(frozen=True)
class Proposal:
    """What the cluster's label proposes for one member: its verdict, or "conflicting"
    when the member differs from the others (it stays visibly apart)."""

    verdict: str
    reasons: list[str]
    differs: bool


@dataclass(frozen=True)
class MemberView:
    id: int
    article_id: int
    article_title: str
    source: str | None
    origin: str
    start: int
    end: int
    text: str
    claim_id: int | None
    verdict: str | None  # this annotator's verdict on the member's claim
    pinned: bool
    score: float
    differences: list[MemberDifference] = field(default_factory=list)
    proposal: Proposal | None = None
    suggested: bool = False  # a suggestion overlaps the member's span

    @property
    def outlet(self) -> str:
        return self.source or self.origin

    @property
    def fragment(self) -> bool:
        return self.claim_id is None and not self.suggested and is_fragment(self.text)

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "origin": self.origin,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "claim_id": self.claim_id,
            "verdict": self.verdict,
            "discrepancies": [d.as_dict() for d in self.differences],
            "proposal": None
            if self.proposal is None
            else {"verdict": self.proposal.verdict, "reasons": self.proposal.reasons},
        }


@dataclass(frozen=True)
class ClusterView:
    id: int
    key: str
    verdict: str | None
    note: str | None
    sources: list[dict]
    manual: bool
    members: list[MemberView]

    @functools.cached_property  # a frozen view: computed once (the list reads it 3 times)
    def title(self) -> str:
        """A claim's text, else a suggested member's, else the first that is no fragment
        (a repeated headline makes a poor title for what the cluster reports); a claim
        made of a fragment (a member labelled here) only when nothing better is there."""
        members = self.members
        readable = [m for m in members if not is_fragment(m.text)]
        first = (
            next((m for m in readable if m.claim_id is not None), None)
            or next((m for m in readable if m.suggested), None)
            or next(iter(readable), None)
            or next((m for m in members if m.claim_id is not None), members[0])
        )
        return " ".join(first.text.split())

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})

    @property
    def labelled(self) -> int:
        return sum(1 for m in self.members if m.verdict is not None)

    @property
    def differing(self) -> list[MemberView]:
        return [m for m in self.members if m.differences]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "key": self.key,
            "verdict": self.verdict,
            "members": [m.as_dict() for m in self.members],
            "discrepancies": [
                {"article_id": m.article_id, "start": m.start, "end": m.end, **d.as_dict()}
                for m in self.members
                for d in m.differences
            ],
        }


def _annotator(s: Session, name: str | None) -> int | None:
    if not name:
        return None
    return s.exec(select(Annotator.id).where(Annotator.name == name)).first()


def cluster_count(store: Store) -> int:
    with store.session() as s:
        return s.exec(select(func.count()).select_from(ClaimCluster)).one()


def list_clusters(
    store: Store,
    annotator: str | None = None,
    *,
    cluster_ids: list[int] | None = None,
    differences: bool = True,
    offset: int = 0,
    limit: int | None = None,
) -> list[ClusterView]:
    """Clusters with their members (and, with `differences`, what each member says
    differently) in review order (ranking.review_order: claims and suggestions first, then
    more outlets; fragment-only clusters left out). Given `cluster_ids`, exactly those,
    largest first."""

    with gcpause.paused(), store.session() as s:
        me = _annotator(s, annotator)
        if cluster_ids is None:
            ids = review_order(s)
            ids = ids[offset:] if limit is None else ids[offset : offset + limit]
            if not ids:
                return []
            found = {c.id: c for c in s.exec(select(ClaimCluster).where(ClaimCluster.id.in_(ids)))}
            clusters = [found[i] for i in ids if i in found]
        else:
            size = func.count(ClusterMember.id)
            stmt = (
                select(ClaimCluster, size)
                .join(ClusterMember, ClusterMember.cluster_id == ClaimCluster.id)
                .where(ClaimCluster.id.in_(cluster_ids))
                .group_by(ClaimCluster.id)
                .order_by(size.desc(), ClaimCluster.id)
                .offset(offset)
            )
            if limit is not None:
                stmt = stmt.limit(limit)
            clusters = [c for c, _ in s.exec(stmt)]
        if not clusters:
            return []
        views = _views(s, clusters, me, differences)
    for v in views:  # titles found here, on the caller's (worker) thread, not the window's
        _ = v.title
    return views


def cluster_view(store: Store, cluster_id: int, annotator: str | None = None) -> ClusterView | None:
    found = list_clusters(store, annotator, cluster_ids=[cluster_id])
    return found[0] if found else None


def _views(s: Session, clusters, me: int | None, differences: bool) -> list[ClusterView]:
    ids = [c.id for c in clusters]
    rows = s.exec(
        select(
            ClusterMember,
            Article.title,
            Article.source,
            Article.origin,
            suggested_column(),
            Article.text,
        )
        .join(Article, Article.id == ClusterMember.article_id)
        .where(ClusterMember.cluster_id.in_(ids))
        .order_by(ClusterMember.article_id, ClusterMember.start)
    ).all()
    claim_ids = [m.claim_id for m, *_ in rows if m.claim_id is not None]
    verdicts: dict[int, str | None] = {}
    if me is not None and claim_ids:
        verdicts = dict(
            s.exec(
                select(Label.claim_id, Label.verdict).where(
                    Label.claim_id.in_(claim_ids), Label.annotator_id == me
                )
            ).all()
        )
    by_cluster: dict[int, list] = defaultdict(list)
    for row in rows:
        by_cluster[row[0].cluster_id].append(row)
    out = []
    for c in clusters:
        members = by_cluster.get(c.id, [])
        diffs = [[] for _ in members]
        if differences and len(members) > 1:
            feats = [merge(span_features(s, m.article_id, m.start, m.end)) for m, *_ in members]
            diffs = member_differences(
                feats, [m.article_id for m, *_ in members], [t for *_, t in members]
            )
        views = []
        for (m, title, source, origin, suggested, text), d in zip(members, diffs, strict=True):
            proposal = _proposal(c, d)
            views.append(
                MemberView(
                    m.id,
                    m.article_id,
                    title or origin,
                    source,
                    origin,
                    m.start,
                    m.end,
                    text[m.start : m.end],
                    m.claim_id,
                    verdicts.get(m.claim_id) if m.claim_id is not None else None,
                    m.pinned,
                    m.score,
                    d,
                    proposal,
                    bool(suggested),
                )
            )
        out.append(ClusterView(c.id, c.key, c.verdict, c.note, list(c.sources), c.manual, views))
    return out


def _proposal(cluster: ClaimCluster, diffs: list[MemberDifference]) -> Proposal | None:
    if cluster.verdict is None:
        return None
    if diffs:
        return Proposal(
            "conflicting" if cluster.verdict != "unsupported" else cluster.verdict,
            [d.message for d in diffs],
            True,
        )
    return Proposal(cluster.verdict, ["as labelled on the cluster"], False)


def clusters_by_claim(session: Session, claim_ids: list[int]) -> dict[int, str]:
    """claim id -> its cluster's key (for the export's "cluster")."""
    out: dict[int, str] = {}
    for i in range(0, len(claim_ids), 900):
        out.update(
            session.exec(
                select(ClusterMember.claim_id, ClaimCluster.key)
                .join(ClaimCluster, ClaimCluster.id == ClusterMember.cluster_id)
                .where(ClusterMember.claim_id.in_(claim_ids[i : i + 900]))
            ).all()
        )
    return out


def claim_cluster_keys(store: Store, claim_ids: list[int]) -> dict[int, str]:
    with store.session() as s:
        return clusters_by_claim(s, claim_ids)


def claims_of(session: Session, cluster_id: int) -> list[Claim]:
    return list(
        session.exec(
            select(Claim)
            .join(ClusterMember, ClusterMember.claim_id == Claim.id)
            .where(ClusterMember.cluster_id == cluster_id)
        )
    )
