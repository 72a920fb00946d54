"""Before/after snapshots of clusters for the event log, and restoring them (undo/redo).

A snapshot names the clusters an edit touches ("cluster_ids") and holds the rows of those
that exist ("clusters", each with its members). Restoring puts exactly those clusters back:
rows missing from the snapshot are deleted, the others rewritten with their members.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, delete, select

from desktop.core.clusters.tables import ClaimCluster, ClusterMember

_MEMBER = ("id", "article_id", "start", "end", "claim_id", "score", "pinned")


def take(session: Session, cluster_ids: list[int]) -> dict[str, Any]:
    rows = []
    for cid in sorted(set(cluster_ids)):
        c = session.get(ClaimCluster, cid)
        if c is None:
            continue
        members = session.exec(
            select(ClusterMember).where(ClusterMember.cluster_id == cid).order_by(ClusterMember.id)
        ).all()
        rows.append(
            {
                "id": c.id,
                "key": c.key,
                "verdict": c.verdict,
                "note": c.note,
                "sources": list(c.sources),
                "proposed_by": c.proposed_by,
                "manual": c.manual,
                "built_at": c.built_at.isoformat(),
                "members": [{f: getattr(m, f) for f in _MEMBER} for m in members],
            }
        )
    return {"cluster_ids": sorted(set(cluster_ids)), "clusters": rows}


def restore(session: Session, snap: dict[str, Any]) -> None:
    ids = snap["cluster_ids"]
    wanted = {row["id"]: row for row in snap["clusters"]}
    spans = [(m["article_id"], m["start"], m["end"]) for r in wanted.values() for m in r["members"]]
    session.exec(delete(ClusterMember).where(ClusterMember.cluster_id.in_(ids)))
    for aid, start, end in spans:  # a member that moved on to another cluster since
        session.exec(
            delete(ClusterMember).where(
                ClusterMember.article_id == aid,
                ClusterMember.start == start,
                ClusterMember.end == end,
            )
        )
    for cid in ids:
        c = session.get(ClaimCluster, cid)
        row = wanted.get(cid)
        if row is None:
            if c is not None:
                session.delete(c)
            continue
        if c is None:
            c = ClaimCluster(id=cid, key=row["key"])
            session.add(c)
        c.key, c.verdict, c.note = row["key"], row["verdict"], row["note"]
        c.sources, c.proposed_by, c.manual = list(row["sources"]), row["proposed_by"], row["manual"]
        c.built_at = datetime.fromisoformat(row["built_at"])
    session.flush()
    for row in wanted.values():
        for m in row["members"]:
            session.add(ClusterMember(cluster_id=row["id"], **m))
    session.flush()
