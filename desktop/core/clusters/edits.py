"""Changing clusters: label once, apply a member's proposal, split a member out, merge two.

Each edit is one transaction that appends an Event with before/after snapshots, like the
labelling actions, so it is durable when the call returns and undone by the same
Ctrl+Z (labelling.undo replays the snapshot; see snapshots.restore).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from desktop.core import annotators
from desktop.core.clusters import snapshot
from desktop.core.clusters.tables import ClaimCluster, ClusterMember
from desktop.core.clusters.views import _proposal, _views
from desktop.core.labelling import Change, LabelError, check_url, record_change
from desktop.core.models import Claim, Event, Label, SourceLink, utcnow
from desktop.core.snapshots import find_label
from desktop.core.store import Store
from desktop.core.verdicts import check_stance, check_verdict


def _cluster(s: Session, cluster_id: int) -> ClaimCluster:
    c = s.get(ClaimCluster, cluster_id)
    if c is None:
        raise LabelError(f"cluster #{cluster_id} no longer exists")
    return c


def _member(s: Session, member_id: int) -> ClusterMember:
    m = s.get(ClusterMember, member_id)
    if m is None:
        raise LabelError(f"cluster member #{member_id} no longer exists")
    return m


def _record(
    s: Session, who: int, action: str, cluster_ids: list[int], mutate: Callable[[], Any]
) -> tuple[Event, Any]:
    before = snapshot.take(s, cluster_ids)
    result = mutate()
    s.flush()
    touched = sorted(set(cluster_ids) | set(result if isinstance(result, list) else []))
    before["cluster_ids"] = touched
    ev = Event(annotator_id=who, action=action, before=before, after=snapshot.take(s, touched))
    s.add(ev)
    s.flush()
    return ev, result


def _pin(s: Session, cluster: ClaimCluster) -> None:
    """A cluster an analyst shaped is kept by rebuilds, members and all."""
    cluster.manual = True
    for m in s.exec(select(ClusterMember).where(ClusterMember.cluster_id == cluster.id)):
        m.pinned = True


def _check_sources(sources: list[dict] | None) -> list[dict]:
    out = []
    for src in sources or []:
        stance = check_stance(src.get("stance", "supports"))
        if src.get("url") is not None:
            out.append({"kind": "url", "url": check_url(src["url"]), "stance": stance,
                        "title": src.get("title"), "note": src.get("note")})
        elif src.get("article_id") is not None:
            out.append({"kind": "article", "article_id": int(src["article_id"]),
                        "start": int(src["start"]), "end": int(src["end"]), "stance": stance,
                        "title": src.get("title"), "note": src.get("note")})
        else:
            raise LabelError("a source is either a web address or a span of another article")
    return out


def label_cluster(
    store: Store,
    annotator: str,
    cluster_id: int,
    verdict: str | None,
    *,
    note: str | None = None,
    sources: list[dict] | None = None,
) -> Change:
    """Label once: the verdict (and sources) proposed to every member of the cluster."""
    value = None if verdict is None else check_verdict(verdict)
    checked = _check_sources(sources)
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        cluster = _cluster(s, cluster_id)

        def mutate() -> None:
            cluster.verdict, cluster.proposed_by = value, who.id
            if note is not None:
                cluster.note = note.strip() or None
            if sources is not None:
                cluster.sources = checked

        ev, _ = _record(s, who.id, "label_cluster", [cluster_id], mutate)
        return Change("label_cluster", None, None, ev.id)


def apply_proposal(
    store: Store, annotator: str, member_id: int, verdict: str | None = None
) -> Change:
    """The member's proposal (or `verdict`, when the analyst changes it) becomes this
    annotator's label on the member's claim; a passage becomes a claim first. One event:
    one undo takes it all back."""
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        member = _member(s, member_id)
        cluster = _cluster(s, member.cluster_id)
        if verdict is None:
            view = _views(s, [cluster], who.id, True)[0]
            mine = next(m for m in view.members if m.id == member_id)
            proposal = mine.proposal or _proposal(cluster, [])
            if proposal is None:
                raise LabelError("the cluster has no verdict to propose yet")
            verdict = proposal.verdict
        value = check_verdict(verdict)
        claim = s.get(Claim, member.claim_id) if member.claim_id is not None else None

        def mutate() -> Claim:
            target = claim
            if target is None:
                target = Claim(
                    article_id=member.article_id,
                    start=member.start,
                    end=member.end,
                    origin="manual",
                    created_by=who.id,
                )
                s.add(target)
                s.flush()
                member.claim_id = target.id
            label = find_label(s, target.id, who.id)
            if label is None:
                label = Label(claim_id=target.id, annotator_id=who.id)
                s.add(label)
                s.flush()
            label.verdict, label.updated_at = value, utcnow()
            if cluster.note and not label.note:
                label.note = cluster.note
            _add_sources(s, label, target.article_id, cluster.sources)
            return target

        ev, target = record_change(
            s,
            who.id,
            "apply_cluster_proposal",
            claim_id=claim.id if claim is not None else None,
            article_id=member.article_id,
            mutate=mutate,
        )
        return Change("apply_cluster_proposal", member.article_id, target.id, ev.id)


def _add_sources(s: Session, label: Label, own_article: int, sources: list[dict]) -> None:
    have = {
        (x.kind, x.url, x.target_article_id, x.start, x.end)
        for x in s.exec(select(SourceLink).where(SourceLink.label_id == label.id))
    }
    position = len(have)
    for src in sources:
        if src["kind"] == "article" and src["article_id"] == own_article:
            continue  # a claim is not its own source
        key = (src["kind"], src.get("url"), src.get("article_id"), src.get("start"), src.get("end"))
        if key in have:
            continue
        have.add(key)
        s.add(
            SourceLink(
                label_id=label.id,
                kind=src["kind"],
                url=src.get("url"),
                target_article_id=src.get("article_id"),
                start=src.get("start"),
                end=src.get("end"),
                stance=src["stance"],
                title=src.get("title"),
                note=src.get("note"),
                position=position,
            )
        )
        position += 1


def split_member(store: Store, annotator: str, member_id: int) -> Change:
    """Take a member out of its cluster into a cluster of its own (it reports another fact)."""
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        member = _member(s, member_id)
        cluster = _cluster(s, member.cluster_id)

        def mutate() -> list[int]:
            from desktop.core.clusters.build import _shas, cluster_key

            sha = _shas(s, [member.article_id])[member.article_id]
            key = cluster_key(sha, member.start, member.end)
            if s.exec(select(ClaimCluster.id).where(ClaimCluster.key == key)).first():
                key = cluster_key(sha + ":split", member.start, member.end)
            alone = ClaimCluster(key=key, manual=True)
            s.add(alone)
            s.flush()
            member.cluster_id, member.pinned = alone.id, True
            _pin(s, cluster)
            return [alone.id]

        ev, _ = _record(s, who.id, "split_cluster_member", [cluster.id], mutate)
        return Change("split_cluster_member", member.article_id, member.claim_id, ev.id)


def merge_clusters(store: Store, annotator: str, keep_id: int, other_id: int) -> Change:
    """Two clusters report one fact: `other_id`'s members join `keep_id`."""
    if keep_id == other_id:
        raise LabelError("a cluster can't be merged with itself")
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        keep, other = _cluster(s, keep_id), _cluster(s, other_id)

        def mutate() -> None:
            for m in s.exec(select(ClusterMember).where(ClusterMember.cluster_id == other.id)):
                m.cluster_id = keep.id
            if keep.verdict is None and other.verdict is not None:
                keep.verdict, keep.note = other.verdict, other.note
                keep.sources, keep.proposed_by = list(other.sources), other.proposed_by
            s.flush()
            s.delete(other)
            _pin(s, keep)

        ev, _ = _record(s, who.id, "merge_clusters", [keep_id, other_id], mutate)
        return Change("merge_clusters", None, None, ev.id)
