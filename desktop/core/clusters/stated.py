"""Cluster membership stated by an imported Claimdesk export (each claim's `cluster` key).

Keys come from content (see build.cluster_key), so two databases of one corpus name an
automatic cluster alike; a split or a merge makes a cluster the other database does not
have. Importing a teammate's export puts each claim it states in the cluster of that key
(created when missing), pinned, so rebuilds keep it: the teammate's split or merge
survives the merge of the databases, and both name the cluster alike.

One rule decides between the file and this database: a claim an analyst placed here (a
pinned member: split, merged or imported before) stays where it is, unless the file
states the same cluster; the file wins over automatic clusters. Importing each other's
exports therefore leaves both databases agreeing on every claim either placed by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from desktop.core.clusters.tables import ClaimCluster, ClusterMember, ClusterSeen
from desktop.core.models import Article, Claim
from desktop.core.store import Store


@dataclass
class StatedReport:
    placed: int = 0  # claims put in (or confirmed in) the cluster the file states
    kept: list[str] = field(default_factory=list)  # placed here by hand otherwise: kept, why
    missing: int = 0  # stated claims that did not land in the database (a refused record)


def keep_stated(store: Store, stated: list[tuple[str, int, int, str]]) -> StatedReport:
    """Put each (article sha256, start, end) claim in the cluster `key`, in one transaction."""
    report = StatedReport()
    if not stated:
        return report
    by_key: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for sha, start, end, key in stated:
        by_key[key].append((sha, start, end))
    with store.write() as s:
        ids = _article_ids(s, {sha for sha, *_ in stated})
        # Placed by hand before this import (what the file may not move); read first, as
        # the clusters this import touches are pinned only once every claim is placed.
        by_hand = set(s.exec(
            select(ClusterMember.id)
            .join(ClaimCluster, ClaimCluster.id == ClusterMember.cluster_id)
            .where(ClusterMember.pinned, ClaimCluster.manual)
        ).all())
        touched = []
        for key in sorted(by_key):
            cluster = None
            for sha, start, end in by_key[key]:
                claim_id = _claim_id(s, ids.get(sha), start, end)
                if claim_id is None:
                    report.missing += 1
                    continue
                cluster = cluster or _cluster(s, key)
                if _place(s, cluster, ids[sha], start, end, claim_id, by_hand, report):
                    report.placed += 1
            if cluster is not None:
                touched.append(cluster)
        for cluster in touched:
            if s.get(ClaimCluster, cluster.id) is not None:  # not emptied by a later line
                _pin_all(s, cluster)
    return report


def _article_ids(s: Session, shas: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    shas_list = sorted(shas)
    for i in range(0, len(shas_list), 900):
        part = shas_list[i : i + 900]
        out.update((sha, a) for a, sha in s.exec(
            select(Article.id, Article.sha256).where(Article.sha256.in_(part))))
    return out


def _claim_id(s: Session, article_id: int | None, start: int, end: int) -> int | None:
    if article_id is None:
        return None
    return s.exec(select(Claim.id).where(
        Claim.article_id == article_id, Claim.start == start, Claim.end == end)).first()


def _cluster(s: Session, key: str) -> ClaimCluster:
    cluster = s.exec(select(ClaimCluster).where(ClaimCluster.key == key)).first()
    if cluster is None:
        cluster = ClaimCluster(key=key, manual=True)
        s.add(cluster)
        s.flush()
    return cluster


def _place(s: Session, cluster: ClaimCluster, article_id: int, start: int, end: int,
           claim_id: int, by_hand: set[int], report: StatedReport) -> bool:
    member = s.exec(select(ClusterMember).where(
        ClusterMember.article_id == article_id,
        ClusterMember.start == start,
        ClusterMember.end == end,
    )).first()
    if member is None:
        s.add(ClusterMember(cluster_id=cluster.id, article_id=article_id, start=start, end=end,
                            claim_id=claim_id, pinned=True))
    elif member.cluster_id != cluster.id and member.id in by_hand:
        here = s.get(ClaimCluster, member.cluster_id)
        report.kept.append(
            f"claim #{claim_id}: placed in cluster {here.key if here else '?'} here; "
            f"the file's cluster {cluster.key} was not applied")
        return False
    else:
        left = member.cluster_id
        member.cluster_id, member.claim_id, member.pinned = cluster.id, claim_id, True
        s.flush()
        if left != cluster.id and not s.exec(
            select(ClusterMember.id).where(ClusterMember.cluster_id == left)).first():
            s.delete(s.get(ClaimCluster, left))  # its only member moved: nothing left of it
    s.merge(ClusterSeen(article_id=article_id, claim_id=claim_id))  # nothing left to link
    s.flush()
    return True


def _pin_all(s: Session, cluster: ClaimCluster) -> None:
    """A cluster a file states is kept by rebuilds, members and all (as a split or merge)."""
    cluster.manual = True
    for m in s.exec(select(ClusterMember).where(ClusterMember.cluster_id == cluster.id)):
        m.pinned = True
