"""Labelling actions. Each is one transaction that also appends an Event with before/after
snapshots, so it is durable when the call returns and undoable even after a restart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from desktop.core import annotators, history, snapshots
from desktop.core.learning_examples import record_decision
from desktop.core.models import Article, Claim, Event, Label, SourceLink, SuggestionFeedback, utcnow
from desktop.core.store import Store
from desktop.core.upsert import insert_or_ignore
from desktop.core.urls import UnsafeURL, safe_url
from desktop.core.verdicts import check_stance, check_verdict


class LabelError(ValueError):
    """An action that can't be done as asked; the message is for the user."""


@dataclass(frozen=True)
class Change:
    """What an action changed, so the UI knows what to redraw."""

    action: str
    article_id: int | None
    claim_id: int | None
    event_id: int | None = None
    source_id: int | None = None


def record_change(
    session: Session,
    annotator_id: int,
    action: str,
    *,
    claim_id: int | None = None,
    feedback_key: tuple[int, int, int] | None = None,
    article_id: int | None = None,
    mutate: Callable[[], Any],
) -> tuple[Event, Any]:
    before = snapshots.take(session, annotator_id, claim_id=claim_id, feedback_key=feedback_key)
    result = mutate()
    session.flush()
    if claim_id is None and isinstance(result, Claim):
        claim_id = result.id
        before = {
            "claim_id": claim_id,
            "claim": None,
            "label": None,
            "review": None,
            **{k: v for k, v in before.items() if k.startswith("feedback")},
        }
    after = snapshots.take(session, annotator_id, claim_id=claim_id, feedback_key=feedback_key)
    ev = Event(
        annotator_id=annotator_id,
        action=action,
        article_id=article_id,
        claim_id=claim_id,
        before=before,
        after=after,
    )
    session.add(ev)
    session.flush()
    return ev, result


def _claim(session: Session, claim_id: int) -> Claim:
    claim = snapshots.lock_claim(session, claim_id, share=True)  # not deleted under us
    if claim is None:
        raise LabelError(f"claim #{claim_id} no longer exists")
    return claim


def _check_span(session: Session, article_id: int, start: int, end: int) -> tuple[int, int]:
    article = session.get(Article, article_id)
    if article is None:
        raise LabelError(f"article #{article_id} does not exist")
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(
        article.text
    ):
        raise LabelError(f"span {start}-{end} is outside the text (length {len(article.text)})")
    text = article.text
    while start < end and text[start].isspace():  # selections often grab a space
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise LabelError("the selection holds only white space")
    return start, end


def _own_label(
    session: Session, claim_id: int, annotator_id: int, create: bool = True
) -> Label | None:
    label = snapshots.find_label(session, claim_id, annotator_id)
    if label is None and create:
        label = Label(claim_id=claim_id, annotator_id=annotator_id)
        session.add(label)
        session.flush()
    return label


def _find_claim(session: Session, article_id: int, start: int, end: int) -> Claim | None:
    return session.exec(
        select(Claim).where(Claim.article_id == article_id, Claim.start == start, Claim.end == end)
    ).first()


class _ClaimExists(Exception):
    """A teammate created the same span between our check and our insert."""


def _insert_claim(s: Session, article_id: int, start: int, end: int, origin: str, who: int) -> Claim:
    new_id = insert_or_ignore(
        s, Claim,
        {"article_id": article_id, "start": start, "end": end, "origin": origin,
         "created_by": who, "created_at": utcnow()},
        ["article_id", "start", "end"],
    )
    if new_id is None:
        raise _ClaimExists
    return s.get(Claim, new_id)


def create_claim(
    store: Store, annotator: str, article_id: int, start: int, end: int, origin: str = "manual"
) -> Change:
    try:
        with store.write() as s:
            who = annotators.get_or_create(s, annotator)
            start, end = _check_span(s, article_id, start, end)
            if existing := _find_claim(s, article_id, start, end):
                return Change("create_claim", article_id, existing.id)
            ev, claim = record_change(
                s, who.id, "create_claim", article_id=article_id,
                mutate=lambda: _insert_claim(s, article_id, start, end, origin, who.id),
            )
            record_decision(s, (article_id, start, end), 1, origin, who.id)
            return Change("create_claim", article_id, claim.id, ev.id)
    except _ClaimExists:  # same span, same claim: theirs is ours too (nothing to undo)
        with store.session() as s:
            return Change("create_claim", article_id, _find_claim(s, article_id, start, end).id)


def accept_suggestion(
    store: Store,
    annotator: str,
    article_id: int,
    start: int,
    end: int,
    reasons: list[str] | None = None,
) -> Change:
    """Turn a suggestion into a claim and remember the acceptance (suggester feedback)."""
    try:
        return _accept(store, annotator, article_id, start, end, reasons)
    except _ClaimExists:  # a teammate made the same claim a moment ago: accept theirs
        return _accept(store, annotator, article_id, start, end, reasons)


def _accept(
    store: Store, annotator: str, article_id: int, start: int, end: int, reasons: list[str] | None
) -> Change:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        start, end = _check_span(s, article_id, start, end)
        existing = _find_claim(s, article_id, start, end)
        key = (article_id, start, end)

        def mutate() -> Claim:
            _set_feedback(s, who.id, key, "accept", reasons or [])
            if existing is not None:
                return existing
            return _insert_claim(s, article_id, start, end, "suggested", who.id)

        ev, claim = record_change(
            s,
            who.id,
            "accept_suggestion",
            article_id=article_id,
            claim_id=existing.id if existing else None,
            feedback_key=key,
            mutate=mutate,
        )
        record_decision(s, key, 1, "accept", who.id)
        return Change("accept_suggestion", article_id, claim.id, ev.id)


def reject_suggestion(
    store: Store,
    annotator: str,
    article_id: int,
    start: int,
    end: int,
    reasons: list[str] | None = None,
) -> Change:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        key = (article_id, start, end)
        ev, _ = record_change(
            s,
            who.id,
            "reject_suggestion",
            article_id=article_id,
            feedback_key=key,
            mutate=lambda: _set_feedback(s, who.id, key, "reject", reasons or []),
        )
        if _find_claim(s, *key) is None:  # a claim that exists outweighs the rejection
            record_decision(s, key, 0, "reject", who.id)
        return Change("reject_suggestion", article_id, None, ev.id)


def _set_feedback(
    s: Session, annotator_id: int, key: tuple[int, int, int], decision: str, reasons: list[str]
) -> None:
    article_id, start, end = key
    fb = snapshots.find_feedback(s, annotator_id, key)
    if fb is None:
        fb = SuggestionFeedback(
            article_id=article_id,
            start=start,
            end=end,
            annotator_id=annotator_id,
            decision=decision,
        )
        s.add(fb)
    fb.decision, fb.reasons, fb.decided_at = decision, reasons, utcnow()


def delete_claim(store: Store, annotator: str, claim_id: int) -> Change:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        claim = snapshots.lock_claim(s, claim_id)
        if claim is None:
            raise LabelError(f"claim #{claim_id} no longer exists")

        def mutate() -> None:  # never deletes a teammate's work: then drops only our label
            snapshots.remove_claim_unless_shared(s, who.id, claim_id)

        ev, _ = record_change(
            s, who.id, "delete_claim", claim_id=claim_id, article_id=claim.article_id, mutate=mutate
        )
        return Change("delete_claim", claim.article_id, claim_id, ev.id)


def resize_claim(store: Store, annotator: str, claim_id: int, start: int, end: int) -> Change:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        claim = _claim(s, claim_id)
        start, end = _check_span(s, claim.article_id, start, end)
        if (start, end) == (claim.start, claim.end):
            return Change("resize_claim", claim.article_id, claim_id)
        clash = _find_claim(s, claim.article_id, start, end)
        if clash is not None:
            raise LabelError(f"another claim already spans {start}-{end}")

        def mutate() -> None:
            claim.start, claim.end = start, end

        ev, _ = record_change(
            s, who.id, "resize_claim", claim_id=claim_id, article_id=claim.article_id, mutate=mutate
        )
        return Change("resize_claim", claim.article_id, claim_id, ev.id)


def _label_action(
    store: Store, annotator: str, claim_id: int, action: str, edit: Callable[[Session, Label], Any]
) -> Change:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        claim = _claim(s, claim_id)

        def mutate() -> Any:
            label = _own_label(s, claim_id, who.id)
            out = edit(s, label)
            label.updated_at = utcnow()
            return out

        ev, out = record_change(
            s, who.id, action, claim_id=claim_id, article_id=claim.article_id, mutate=mutate
        )
        return Change(
            action, claim.article_id, claim_id, ev.id, out if isinstance(out, int) else None
        )


def set_verdict(store: Store, annotator: str, claim_id: int, verdict: str | None) -> Change:
    value = None if verdict is None else check_verdict(verdict)

    def edit(s: Session, label: Label) -> None:
        label.verdict = value
        if value is not None:
            claim = s.get(Claim, claim_id)
            record_decision(s, (claim.article_id, claim.start, claim.end), 1, "labelled",
                            label.annotator_id)  # fmt: skip

    return _label_action(store, annotator, claim_id, "set_verdict", edit)


def set_note(store: Store, annotator: str, claim_id: int, note: str | None) -> Change:
    def edit(_s: Session, label: Label) -> None:
        label.note = (note or "").strip() or None

    return _label_action(store, annotator, claim_id, "set_note", edit)


def check_url(url: str) -> str:
    try:
        return safe_url(url)
    except UnsafeURL as exc:
        raise LabelError(str(exc)) from None


def add_source(
    store: Store,
    annotator: str,
    claim_id: int,
    *,
    url: str | None = None,
    article_id: int | None = None,
    start: int | None = None,
    end: int | None = None,
    stance: str = "supports",
    title: str | None = None,
    note: str | None = None,
) -> Change:
    """Add a web address or a span of another article as a source of this annotator's label."""
    stance = _stance(stance)
    if (url is None) == (article_id is None):
        raise LabelError("a source is either a web address or a span of another article")
    if url is not None:
        url = check_url(url)

    def edit(s: Session, label: Label) -> int:
        nonlocal start, end
        kind = "url"
        if article_id is not None:
            claim = _claim(s, label.claim_id)
            if article_id == claim.article_id:
                raise LabelError("a source must be another article, not the claim's own")
            start, end = _check_span(
                s, article_id, start if start is not None else -1, end if end is not None else -1
            )
            kind = "article"
        count = len(s.exec(select(SourceLink.id).where(SourceLink.label_id == label.id)).all())
        link = SourceLink(
            label_id=label.id,
            kind=kind,
            url=url,
            target_article_id=article_id,
            start=start if kind == "article" else None,
            end=end if kind == "article" else None,
            stance=stance,
            title=(title or "").strip() or None,
            note=(note or "").strip() or None,
            position=count,
        )
        s.add(link)
        s.flush()
        return link.id

    return _label_action(store, annotator, claim_id, "add_source", edit)


def _stance(stance: str) -> str:
    try:
        return check_stance(stance)
    except ValueError as exc:
        raise LabelError(str(exc)) from exc


def _source_claim(store: Store, source_id: int) -> int:
    """The claim a source belongs to, or a clear error when it is gone."""
    with store.session() as s:
        link = s.get(SourceLink, source_id)
        label = s.get(Label, link.label_id) if link else None
    if link is None or label is None:
        raise LabelError(f"source #{source_id} no longer exists")
    return label.claim_id


def update_source(
    store: Store,
    annotator: str,
    source_id: int,
    *,
    stance: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> Change:
    claim_id = _source_claim(store, source_id)
    if stance is not None:
        stance = _stance(stance)

    def edit(s: Session, own: Label) -> int:
        row = s.get(SourceLink, source_id)
        if row is None or row.label_id != own.id:
            raise LabelError("you can only change the sources of your own label")
        if stance is not None:
            row.stance = stance
        if title is not None:
            row.title = title.strip() or None
        if note is not None:
            row.note = note.strip() or None
        return source_id

    return _label_action(store, annotator, claim_id, "update_source", edit)


def remove_source(store: Store, annotator: str, source_id: int) -> Change:
    claim_id = _source_claim(store, source_id)

    def edit(s: Session, own: Label) -> None:
        row = s.get(SourceLink, source_id)
        if row is None or row.label_id != own.id:
            raise LabelError("you can only remove the sources of your own label")
        s.delete(row)

    return _label_action(store, annotator, claim_id, "remove_source", edit)


# -- undo / redo -----------------------------------------------------------------

HISTORY_WINDOW = 2000  # events replayed to rebuild the stacks; older ones are history only


def _history_rows(s: Session, annotator_id: int) -> list[history.EventRow]:
    rows = s.exec(
        select(Event.id, Event.kind, Event.ref, Event.action, Event.article_id, Event.claim_id)
        .where(Event.annotator_id == annotator_id)
        .order_by(Event.id.desc())
        .limit(HISTORY_WINDOW)
    ).all()
    return [history.EventRow(*r) for r in reversed(rows)]


def stacks(store: Store, annotator: str) -> tuple[list[history.EventRow], list[history.EventRow]]:
    with store.session() as s:
        who = annotators.get_or_create(s, annotator)
        s.commit()
        return history.stacks(_history_rows(s, who.id))


def _replay(store: Store, annotator: str, kind: str) -> Change | None:
    with store.write() as s:
        who = annotators.get_or_create(s, annotator)
        undo, redo = history.stacks(_history_rows(s, who.id))
        stack = undo if kind == "undo" else redo
        if not stack:
            return None
        target = s.get(Event, stack[-1].id)
        snapshots.restore(s, who.id, target.before if kind == "undo" else target.after)
        ev = Event(
            annotator_id=who.id,
            kind=kind,
            ref=target.id,
            action=target.action,
            article_id=target.article_id,
            claim_id=target.claim_id,
        )
        s.add(ev)
        s.flush()
        return Change(kind, target.article_id, target.claim_id, ev.id)


def undo(store: Store, annotator: str) -> Change | None:
    return _replay(store, annotator, "undo")


def redo(store: Store, annotator: str) -> Change | None:
    return _replay(store, annotator, "redo")
