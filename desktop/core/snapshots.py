"""Before/after snapshots of what one action touches, and restoring them.

A snapshot is a JSON-able dict with any of these keys:
  "claim_id" + "claim" (row or None) + "label" (this annotator's label with its sources, or None)
  "review" (the claim's review or None; only with "claim_id")
  "feedback_key" [article_id, start, end] + "feedback" (decision or None)
Restoring the `before` of an event undoes it; restoring `after` redoes it. Only the acting
annotator's label is touched, so undo never clobbers a teammate's work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, delete, select

from desktop.core.models import Claim, Label, Review, SourceLink, SuggestionFeedback

_SOURCE_FIELDS = (
    "kind",
    "url",
    "target_article_id",
    "start",
    "end",
    "stance",
    "title",
    "note",
    "position",
)


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def find_label(session: Session, claim_id: int, annotator_id: int) -> Label | None:
    """This annotator's label on the claim, if any."""
    return session.exec(
        select(Label).where(Label.claim_id == claim_id, Label.annotator_id == annotator_id)
    ).first()


def find_feedback(
    session: Session, annotator_id: int, key: tuple[int, int, int]
) -> SuggestionFeedback | None:
    """This annotator's accept/reject of the suggestion at (article_id, start, end)."""
    article_id, start, end = key
    return session.exec(
        select(SuggestionFeedback).where(
            SuggestionFeedback.article_id == article_id,
            SuggestionFeedback.start == start,
            SuggestionFeedback.end == end,
            SuggestionFeedback.annotator_id == annotator_id,
        )
    ).first()


def take(
    session: Session,
    annotator_id: int,
    *,
    claim_id: int | None = None,
    feedback_key: tuple[int, int, int] | None = None,
) -> dict[str, Any]:
    snap: dict[str, Any] = {}
    if claim_id is not None:
        snap["claim_id"] = claim_id
        claim = session.get(Claim, claim_id)
        snap["claim"] = (
            None
            if claim is None
            else {
                "article_id": claim.article_id,
                "start": claim.start,
                "end": claim.end,
                "origin": claim.origin,
                "created_by": claim.created_by,
                "created_at": _iso(claim.created_at),
            }
        )
        label = None
        if claim is not None:
            label = find_label(session, claim_id, annotator_id)
        snap["label"] = (
            None
            if label is None
            else {
                "id": label.id,
                "verdict": label.verdict,
                "note": label.note,
                "created_at": _iso(label.created_at),
                "updated_at": _iso(label.updated_at),
                "sources": [
                    {"id": s.id, **{f: getattr(s, f) for f in _SOURCE_FIELDS}}
                    for s in session.exec(
                        select(SourceLink)
                        .where(SourceLink.label_id == label.id)
                        .order_by(SourceLink.position, SourceLink.id)
                    )
                ],
            }
        )
        review = (
            session.exec(select(Review).where(Review.claim_id == claim_id)).first()
            if claim
            else None
        )
        snap["review"] = (
            None
            if review is None
            else {
                "id": review.id,
                "reviewer_id": review.reviewer_id,
                "verdict": review.verdict,
                "note": review.note,
                "decided_at": _iso(review.decided_at),
            }
        )
    if feedback_key is not None:
        article_id, start, end = feedback_key
        snap["feedback_key"] = list(feedback_key)
        fb = find_feedback(session, annotator_id, (article_id, start, end))
        snap["feedback"] = (
            None
            if fb is None
            else {"decision": fb.decision, "reasons": fb.reasons, "decided_at": _iso(fb.decided_at)}
        )
    return snap


def restore(session: Session, annotator_id: int, snap: dict[str, Any]) -> None:
    if "claim_id" in snap:
        _restore_claim(session, annotator_id, snap["claim_id"], snap)
    if "feedback_key" in snap:
        _restore_feedback(session, annotator_id, tuple(snap["feedback_key"]), snap["feedback"])
    if "cluster_ids" in snap:  # label_cluster, split_cluster_member, merge_clusters (issue 14)
        from desktop.core.clusters import snapshot as cluster_snapshot

        cluster_snapshot.restore(session, snap)
    session.flush()


def lock_claim(session: Session, claim_id: int, *, share: bool = False) -> Claim | None:
    """The claim, row-locked until the transaction ends; SQLite's BEGIN IMMEDIATE already
    serialises writers, so this matters on PostgreSQL.

    To delete (share=False): SELECT ... FOR UPDATE. A teammate's label insert needs a
    key-share lock on this row (its foreign key), so while we hold it no label can appear
    on the claim, and one committed a moment before is seen by our next query.
    To add a label, source or review to it (share=True): FOR KEY SHARE, so the claim can't
    be deleted under us and the insert never meets a raw foreign-key error."""
    stmt = select(Claim).where(Claim.id == claim_id)
    stmt = stmt.with_for_update(read=True, key_share=True) if share else stmt.with_for_update()
    return session.exec(stmt.execution_options(populate_existing=True)).first()


def remove_claim_unless_shared(session: Session, annotator_id: int, claim_id: int) -> bool:
    """Delete the claim, or, when anyone else has labelled or reviewed it, only our own
    label: check and delete are one atomic step under the claim's row lock, so a teammate's
    label committed a moment before is never cascaded away. True if the claim went."""
    claim = lock_claim(session, claim_id)
    if claim is None:
        return False
    others = session.exec(
        select(Label.id).where(Label.claim_id == claim_id, Label.annotator_id != annotator_id)
    ).first()
    reviewed_by_other = session.exec(
        select(Review.id).where(Review.claim_id == claim_id, Review.reviewer_id != annotator_id)
    ).first()
    if others is not None or reviewed_by_other is not None:
        if (own := find_label(session, claim_id, annotator_id)) is not None:
            session.delete(own)
        return False
    session.delete(claim)
    return True


def _restore_claim(
    session: Session, annotator_id: int, claim_id: int, snap: dict[str, Any]
) -> None:
    row = snap["claim"]
    if row is None:
        remove_claim_unless_shared(session, annotator_id, claim_id)
        return
    claim = session.get(Claim, claim_id)
    own = None if claim is None else find_label(session, claim_id, annotator_id)
    if claim is None:
        claim = Claim(
            id=claim_id,
            article_id=row["article_id"],
            start=row["start"],
            end=row["end"],
            origin=row["origin"],
            created_by=row["created_by"],
            created_at=_dt(row["created_at"]),
        )
        session.add(claim)
    else:
        claim.start, claim.end = row["start"], row["end"]
    session.flush()
    _restore_label(session, annotator_id, claim_id, own, snap.get("label"))
    if "review" in snap:
        _restore_review(session, claim_id, snap["review"])


def _restore_label(
    session: Session,
    annotator_id: int,
    claim_id: int,
    own: Label | None,
    data: dict[str, Any] | None,
) -> None:
    if data is None:
        if own is not None:
            session.delete(own)
        return
    if own is None:
        own = Label(id=data["id"], claim_id=claim_id, annotator_id=annotator_id)
        session.add(own)
    own.verdict, own.note = data["verdict"], data["note"]
    own.created_at, own.updated_at = _dt(data["created_at"]), _dt(data["updated_at"])
    session.flush()
    session.exec(delete(SourceLink).where(SourceLink.label_id == own.id))
    for src in data["sources"]:
        session.add(
            SourceLink(id=src["id"], label_id=own.id, **{f: src[f] for f in _SOURCE_FIELDS})
        )


def _restore_review(session: Session, claim_id: int, data: dict[str, Any] | None) -> None:
    review = session.exec(select(Review).where(Review.claim_id == claim_id)).first()
    if data is None:
        if review is not None:
            session.delete(review)
        return
    if review is None:
        review = Review(
            id=data["id"],
            claim_id=claim_id,
            reviewer_id=data["reviewer_id"],
            verdict=data["verdict"],
        )
        session.add(review)
    review.reviewer_id, review.verdict, review.note = (
        data["reviewer_id"],
        data["verdict"],
        data["note"],
    )
    review.decided_at = _dt(data["decided_at"])


def _restore_feedback(
    session: Session, annotator_id: int, key: tuple, data: dict[str, Any] | None
) -> None:
    article_id, start, end = key
    fb = find_feedback(session, annotator_id, (article_id, start, end))
    if data is None:
        if fb is not None:
            session.delete(fb)
        return
    if fb is None:
        fb = SuggestionFeedback(
            article_id=article_id,
            start=start,
            end=end,
            annotator_id=annotator_id,
            decision=data["decision"],
        )
        session.add(fb)
    fb.decision, fb.reasons, fb.decided_at = (
        data["decision"],
        data["reasons"],
        _dt(data["decided_at"]),
    )
