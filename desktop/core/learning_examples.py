"""The team's decisions as training examples for the suggestion model.

Every accept and reject of a suggestion (``SuggestionFeedback``), every claim (made by
hand, accepted, or imported with its labels) and every span a Prodigy file rejected is one
example: the span's text, check-worthy or not, and the claim model version that had scored
it. Decisions made in the window or the CLI are recorded in their own transaction
(``record_decision``, called by ``labelling``), so the example names the model whose
suggestion the analyst saw at that moment, even if the suggestions are later recomputed.
``sync_examples`` brings the table in step with the current state before learning: claims
that arrived by import, decisions changed by undo (an undone decision is no example), all
cheap to repeat since it only writes what changed. Importers add rejected spans as they land.

When decisions on one span disagree, a claim that exists now wins (it is the current
state); otherwise the latest decision does.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from desktop.core.learning_tables import TrainingExample
from desktop.core.models import (
    Article,
    Claim,
    Label,
    Suggestion,
    SuggestionFeedback,
    SuggestionRun,
    utcnow,
)
from desktop.core.store import Store
from desktop.core.upsert import insert_for

Key = tuple[int, int, int]  # article, start, end


@dataclass
class Decision:
    label: int
    kind: str
    annotator_id: int | None
    decided_at: datetime


def current_decisions(s: Session) -> dict[Key, Decision]:
    """What the team has decided per span, from suggestion feedback and existing claims."""
    out: dict[Key, Decision] = {}
    feedback = s.exec(
        select(
            SuggestionFeedback.article_id,
            SuggestionFeedback.start,
            SuggestionFeedback.end,
            SuggestionFeedback.decision,
            SuggestionFeedback.annotator_id,
            SuggestionFeedback.decided_at,
        ).order_by(SuggestionFeedback.decided_at, SuggestionFeedback.id)
    ).all()
    for article_id, start, end, decision, annotator_id, at in feedback:
        if decision in ("accept", "reject"):
            out[article_id, start, end] = Decision(
                int(decision == "accept"), decision, annotator_id, at
            )
    labelled = set(
        s.exec(select(Label.claim_id).where(Label.verdict.is_not(None)).distinct()).all()
    )
    claims = s.exec(
        select(
            Claim.id, Claim.article_id, Claim.start, Claim.end, Claim.origin,
            Claim.created_by, Claim.created_at,
        )
    ).all()  # fmt: skip
    for claim_id, article_id, start, end, origin, created_by, at in claims:
        key = (article_id, start, end)
        prior = out.get(key)
        if prior is not None and prior.label == 1:
            continue  # an accepted suggestion: already a positive example
        kind = "labelled" if claim_id in labelled else ("manual" if origin == "manual" else origin)
        out[key] = Decision(1, kind, created_by, at)
    return out


def sync_examples(store: Store) -> int:
    """Record new and changed decisions as training examples; returns how many changed."""
    with store.write() as s:
        decisions = current_decisions(s)
        rows = s.exec(
            select(
                TrainingExample.id, TrainingExample.article_id, TrainingExample.start,
                TrainingExample.end, TrainingExample.label, TrainingExample.kind,
            ).where(TrainingExample.article_id.is_not(None))
        ).all()  # fmt: skip
        have = {(a, st, en): (label, ex_id) for ex_id, a, st, en, label, _ in rows}
        # a decision recorded as it was made and since undone is no longer the team's
        undone = [
            ex_id for ex_id, a, st, en, _, kind in rows
            if (a, st, en) not in decisions and not kind.startswith("imported")
        ]  # fmt: skip
        if undone:
            s.exec(delete(TrainingExample).where(TrainingExample.id.in_(undone)))
        todo = {k: d for k, d in decisions.items() if have.get(k, (None,))[0] != d.label}
        if not todo:
            return len(undone)
        texts = dict(
            s.exec(
                select(Article.id, Article.text).where(Article.id.in_({k[0] for k in todo}))
            ).all()
        )
        scored = _scores(s, {k: d.decided_at for k, d in todo.items()})
        changed = 0
        for key, d in todo.items():
            article_id, start, end = key
            text = texts.get(article_id, "")[start:end]
            if not text.strip():
                continue
            model, score = scored.get(key, (None, None))
            if key in have:
                row = s.get(TrainingExample, have[key][1])
                row.label, row.kind, row.decided_at = d.label, d.kind, d.decided_at
                row.annotator_id = d.annotator_id
                s.add(row)
            else:
                s.add(
                    TrainingExample(
                        article_id=article_id, start=start, end=end, text=text, label=d.label,
                        kind=d.kind, annotator_id=d.annotator_id, model=model, score=score,
                        decided_at=d.decided_at,
                    )
                )  # fmt: skip
            changed += 1
    return changed + len(undone)


# Built once: a decision is recorded on every label key, and building SQLAlchemy statements
# cost more than running them (~1 ms a decision).
_SPAN_TEXT = select(  # only the span, not a long article's text; both databases count from 1
    func.substr(Article.text, bindparam("from_"), bindparam("length"))
).where(Article.id == bindparam("article"))
_SUGGESTED = (
    select(Suggestion.model, Suggestion.suggester_version, Suggestion.score)
    .join(SuggestionRun, (SuggestionRun.article_id == Suggestion.article_id)
          & (SuggestionRun.model == Suggestion.model)
          & (SuggestionRun.suggester_version == Suggestion.suggester_version))
    .where(Suggestion.article_id == bindparam("article"),
           Suggestion.start == bindparam("start"), Suggestion.end == bindparam("end"))
    .order_by(SuggestionRun.computed_at.desc(), SuggestionRun.id.desc())
    .limit(1)
)  # fmt: skip


@functools.cache
def _upsert(dialect: str):
    """INSERT ... ON CONFLICT DO UPDATE: teammates deciding the same span at once never meet a
    duplicate key, the latest decision wins, and a span no longer suggested keeps the model
    that had suggested it."""
    stmt = insert_for(dialect, TrainingExample)
    table = TrainingExample.__table__
    return stmt.on_conflict_do_update(
        index_elements=["article_id", "start", "end"],
        set_={
            "label": stmt.excluded.label, "kind": stmt.excluded.kind,
            "annotator_id": stmt.excluded.annotator_id, "decided_at": stmt.excluded.decided_at,
            "model": func.coalesce(stmt.excluded.model, table.c.model),
            "score": func.coalesce(stmt.excluded.score, table.c.score),
        },
    )  # fmt: skip


def record_decision(s: Session, key: Key, label: int, kind: str, annotator_id: int) -> None:
    """Record one decision as it is made, in the caller's transaction: the span's text, the
    label, and the newest suggestion of the span (its model and score), if any."""
    article_id, start, end = key
    text = s.execute(
        _SPAN_TEXT, {"from_": start + 1, "length": end - start, "article": article_id}
    ).scalar()  # fmt: skip
    if not text or not text.strip():
        return
    suggested = s.execute(_SUGGESTED, {"article": article_id, "start": start, "end": end}).first()
    model, score = (
        (f"{suggested[0]} / suggester {suggested[1]}", suggested[2]) if suggested else (None, None)
    )
    s.execute(
        _upsert(s.get_bind().dialect.name),
        {"article_id": article_id, "start": start, "end": end, "text": text, "label": label,
         "kind": kind, "annotator_id": annotator_id, "model": model, "score": score,
         "decided_at": utcnow()},
    )  # fmt: skip


def _scores(s: Session, decided: dict[Key, datetime]) -> dict[Key, tuple[str, float]]:
    """The model (and its score) that had suggested each span when it was decided: of the
    runs that suggested it, the newest computed before the decision (else the oldest)."""
    out: dict[Key, tuple[str, float]] = {}
    rows = s.exec(
        select(
            Suggestion.article_id, Suggestion.start, Suggestion.end, Suggestion.model,
            Suggestion.suggester_version, Suggestion.score, SuggestionRun.computed_at,
        )
        .join(SuggestionRun, (SuggestionRun.article_id == Suggestion.article_id)
              & (SuggestionRun.model == Suggestion.model)
              & (SuggestionRun.suggester_version == Suggestion.suggester_version))
        .where(Suggestion.article_id.in_({k[0] for k in decided}))
        .order_by(SuggestionRun.computed_at, SuggestionRun.id)
    ).all()  # fmt: skip
    for article_id, start, end, model, version, score, computed_at in rows:
        key = (article_id, start, end)
        if key not in decided:
            continue
        if key not in out or _before(computed_at, decided[key]):
            out[key] = (f"{model} / suggester {version}", score)
    return out


def _before(a: datetime, b: datetime) -> bool:
    # SQLite hands back naive datetimes (stored as UTC); compare them as UTC.
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a <= b


def store_imported_decisions(conn: Connection, groups: list) -> dict[int, int]:
    """Importer hook: Prodigy answers become training examples in the file's order, the
    accepted spans positive (they are claims too), the rejected ones negative (no claims).

    In order because learning judges models on blocks of consecutive decisions and on the
    newest ones; left to ``sync_examples``, a file's accepts would follow all its rejects.
    Other formats' claims are recorded by ``sync_examples`` (an import of 100,000 claims
    should not pay for them twice). ``groups`` are the import chunk's articles in file
    order, each with ``article_id`` and ``record``. A span already decided keeps its
    decision; one both accepted and rejected (the same text answered twice) is a claim, as
    ``current_decisions`` has it. Returns how many rejected spans were added per article.
    """
    t = TrainingExample.__table__
    rows = []
    for g in groups:
        rec = g.record
        if g.article_id is None or not rec.answered:
            continue
        have = set() if g.created else {  # a new article has no decisions yet
            (st, en)
            for st, en in conn.execute(
                select(t.c.start, t.c.end).where(t.c.article_id == g.article_id)
            ).all()
        }
        spans = {(c.start, c.end): (1, "imported") for c in rec.claims}
        for span in rec.rejected:
            spans.setdefault(span, (0, "imported reject"))
        for (start, end), (label, kind) in sorted(spans.items()):
            text = rec.text[start:end]
            if (start, end) in have or not text.strip():
                continue
            rows.append(
                {"article_id": g.article_id, "start": start, "end": end, "text": text,
                 "label": label, "kind": kind, "decided_at": utcnow()}
            )  # fmt: skip
    if rows:
        conn.execute(insert(t), rows)
    return Counter(r["article_id"] for r in rows if r["label"] == 0)


def examples(store: Store) -> list[TrainingExample]:
    """All training examples, first recorded first. By when recorded, not by the decision's
    date: a model learns from the first N, and decisions imported with old dates (a
    teammate's export merged later) are new to it all the same."""
    with store.session() as s:
        return list(s.exec(select(TrainingExample).order_by(TrainingExample.id)).all())
