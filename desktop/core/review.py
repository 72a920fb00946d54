"""Review (adjudication): the queue of claims teammates labelled, and settling them.

A review is the claim's final verdict. Setting or clearing one is an undoable action
(an Event with the "review" snapshot key, like every labelling action). Nobody reviews
their own label alone: a reviewer needs at least one verdict by someone else on the
claim, so a single analyst can't rubber-stamp their own work as "reviewed".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.core import annotators, snapshots
from desktop.core.labelling import Change, LabelError, record_change
from desktop.core.models import Annotator, Article, Claim, Label, Review, as_utc, utcnow
from desktop.core.queries import LabelView, source_views
from desktop.core.store import Store
from desktop.core.verdicts import check_verdict

CLAIM_LABEL = "CLAIM"  # span label of a claim without a final verdict


def final_verdict(review_verdict: str | None, label_verdicts: Iterable[str | None]) -> str | None:
    """The claim's final verdict: the review's if reviewed; else the verdict every
    annotator who gave one agrees on (labels still without a verdict don't count);
    else None (no verdict yet, or annotators disagree and nobody has reviewed)."""
    if review_verdict:
        return review_verdict
    given = {v for v in label_verdicts if v}
    return given.pop() if len(given) == 1 else None


def span_label(verdict: str | None) -> str:
    """Label of a claim span in exports: the final verdict in capitals, or CLAIM."""
    return verdict.upper() if verdict else CLAIM_LABEL


# -- the queue ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    claim_id: int
    article_id: int
    article_title: str
    start: int
    end: int
    text: str
    labels: list[LabelView]  # every annotator's label, by name
    review: dict | None  # {reviewer, verdict, note, decided_at} or None

    @property
    def verdicts(self) -> dict[str, str]:
        return {lb.annotator: lb.verdict for lb in self.labels if lb.verdict}

    @property
    def disagreement(self) -> bool:
        return len(set(self.verdicts.values())) > 1

    @property
    def final(self) -> str | None:
        return final_verdict(
            self.review["verdict"] if self.review else None, self.verdicts.values()
        )


def review_queue(store: Store, *, pending_only: bool = False) -> list[ReviewItem]:
    """Claims with verdicts from two or more annotators: disagreements first, then by
    article and offsets. pending_only leaves out claims already reviewed.
    Four queries whatever the queue length (the claim set is a subquery, not an IN list)."""
    with store.session() as s:
        ids = (
            select(Label.claim_id)
            .where(Label.verdict.is_not(None))
            .group_by(Label.claim_id)
            .having(func.count(Label.id) >= 2)
        )
        if pending_only:
            ids = ids.where(Label.claim_id.not_in(select(Review.claim_id)))
        ids = ids.subquery()
        claims = s.exec(
            select(
                Claim.id,
                Claim.article_id,
                Claim.start,
                Claim.end,
                Article.title,
                Article.origin,
                func.substr(Article.text, Claim.start + 1, Claim.end - Claim.start),
            )
            .join(ids, ids.c.claim_id == Claim.id)
            .join(Article, Article.id == Claim.article_id)
        ).all()
        labels = _labels(s, ids)
        reviews = {
            cid: {
                "reviewer": name,
                "verdict": v,
                "note": note,
                "decided_at": as_utc(at).isoformat(),
            }
            for cid, name, v, note, at in s.exec(
                select(
                    Review.claim_id, Annotator.name, Review.verdict, Review.note, Review.decided_at
                )
                .join(Annotator, Annotator.id == Review.reviewer_id)
                .join(ids, ids.c.claim_id == Review.claim_id)
            )
        }
    items = [
        ReviewItem(
            cid, aid, title or origin, start, end, text, labels.get(cid, []), reviews.get(cid)
        )
        for cid, aid, start, end, title, origin, text in claims
    ]
    items.sort(key=lambda it: (not it.disagreement, it.article_id, it.start, it.end))
    return items


def _labels(s: Session, ids) -> dict[int, list[LabelView]]:
    rows = s.exec(
        select(
            Label.id,
            Label.claim_id,
            Annotator.name,
            Label.verdict,
            Label.note,
            Label.created_at,
            Label.updated_at,
        )
        .join(Annotator, Annotator.id == Label.annotator_id)
        .join(ids, ids.c.claim_id == Label.claim_id)
        .order_by(Label.claim_id, Annotator.name)
    ).all()
    sources = source_views(s, [row[0] for row in rows])
    out: dict[int, list[LabelView]] = {}
    for lid, cid, name, verdict, note, created, updated in rows:
        out.setdefault(cid, []).append(
            LabelView(
                name,
                verdict,
                note,
                as_utc(created).isoformat(),
                as_utc(updated).isoformat(),
                sources.get(lid, []),
            )
        )
    return out


# -- actions -----------------------------------------------------------------------


def _claim(s: Session, claim_id: int) -> Claim:
    claim = snapshots.lock_claim(s, claim_id, share=True)  # not deleted under the review
    if claim is None:
        raise LabelError(f"claim #{claim_id} no longer exists")
    return claim


def _check_not_alone(s: Session, reviewer_id: int, reviewer: str, claim_id: int) -> None:
    others = s.exec(
        select(Label.id).where(
            Label.claim_id == claim_id,
            Label.verdict.is_not(None),
            Label.annotator_id != reviewer_id,
        )
    ).first()
    if others is not None:
        return
    own = s.exec(
        select(Label.id).where(Label.claim_id == claim_id, Label.annotator_id == reviewer_id)
    ).first()
    if own is not None:
        raise LabelError(
            f"{reviewer} can't review claim #{claim_id}: the only label on it is "
            "their own (nobody reviews their own label alone)"
        )
    raise LabelError(f"claim #{claim_id} has no verdict from anyone to review yet")


def set_review(
    store: Store, reviewer: str, claim_id: int, verdict: str, note: str | None = None
) -> Change:
    """Settle the claim's final verdict (replacing an earlier review); undoable."""
    try:
        value = check_verdict(verdict)
    except ValueError as exc:
        raise LabelError(str(exc)) from exc
    text = (note or "").strip() or None
    with store.write() as s:
        who = annotators.get_or_create(s, reviewer)
        claim = _claim(s, claim_id)
        _check_not_alone(s, who.id, who.name, claim_id)

        def mutate() -> None:
            row = s.exec(select(Review).where(Review.claim_id == claim_id)).first()
            if row is None:
                row = Review(claim_id=claim_id, reviewer_id=who.id, verdict=value)
                s.add(row)
            row.reviewer_id, row.verdict, row.note, row.decided_at = who.id, value, text, utcnow()

        ev, _ = record_change(
            s, who.id, "set_review", claim_id=claim_id, article_id=claim.article_id, mutate=mutate
        )
        return Change("set_review", claim.article_id, claim_id, ev.id)


def clear_review(store: Store, reviewer: str, claim_id: int) -> Change:
    """Remove the claim's review (by whoever made it); undoable. No-op without one."""
    with store.write() as s:
        who = annotators.get_or_create(s, reviewer)
        claim = _claim(s, claim_id)
        row = s.exec(select(Review).where(Review.claim_id == claim_id)).first()
        if row is None:
            return Change("clear_review", claim.article_id, claim_id)
        ev, _ = record_change(
            s,
            who.id,
            "clear_review",
            claim_id=claim_id,
            article_id=claim.article_id,
            mutate=lambda: s.delete(row),
        )
        return Change("clear_review", claim.article_id, claim_id, ev.id)


def take_verdict(
    store: Store, reviewer: str, claim_id: int, annotator: str, note: str | None = None
) -> Change:
    """Settle the claim with one annotator's verdict ("take A's")."""
    with store.session() as s:
        verdict = s.exec(
            select(Label.verdict)
            .join(Annotator, Annotator.id == Label.annotator_id)
            .where(Label.claim_id == claim_id, Annotator.name == annotator)
        ).first()
    if not verdict:
        raise LabelError(f"{annotator} has no verdict on claim #{claim_id}")
    return set_review(store, reviewer, claim_id, verdict, note)
