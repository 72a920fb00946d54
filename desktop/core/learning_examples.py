"""The team's decisions as training examples for the suggestion model.

Every accept and reject of a suggestion (``SuggestionFeedback``), every claim (made by
hand, accepted, or imported with its labels) and every span a Prodigy file rejected is one
example: the span's text, check-worthy or not, and the claim model version that had scored
it. ``sync_examples`` brings the ``training_example`` table up to date with the first two
(cheap to repeat: it only writes what changed); importers add rejected spans as they land.

When decisions on one span disagree, a claim that exists now wins (it is the current
state); otherwise the latest decision does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
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
        have = {
            (a, st, en): (label, ex_id)
            for ex_id, a, st, en, label in s.exec(
                select(
                    TrainingExample.id, TrainingExample.article_id, TrainingExample.start,
                    TrainingExample.end, TrainingExample.label,
                ).where(TrainingExample.article_id.is_not(None))
            ).all()
        }  # fmt: skip
        todo = {k: d for k, d in decisions.items() if have.get(k, (None,))[0] != d.label}
        if not todo:
            return 0
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
    return changed


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


def store_rejected_spans(conn: Connection, groups: list) -> None:
    """Importer hook: spans a Prodigy file rejected become negative examples (no claims).

    ``groups`` are the import chunk's articles, each with ``article_id`` and ``record``.
    A span already decided keeps its decision.
    """
    rows = []
    for g in groups:
        rejected = getattr(g.record, "rejected", None)
        if not rejected or g.article_id is None:
            continue
        t = TrainingExample.__table__
        have = {
            (st, en)
            for st, en in conn.execute(
                select(t.c.start, t.c.end).where(t.c.article_id == g.article_id)
            ).all()
        }
        for start, end in dict.fromkeys(rejected):
            text = g.record.text[start:end]
            if (start, end) in have or not text.strip():
                continue
            rows.append(
                {"article_id": g.article_id, "start": start, "end": end, "text": text,
                 "label": 0, "kind": "imported reject", "decided_at": utcnow()}
            )  # fmt: skip
    if rows:
        conn.execute(insert(TrainingExample), rows)


def examples(store: Store) -> list[TrainingExample]:
    """All training examples, oldest decision first."""
    with store.session() as s:
        return list(
            s.exec(
                select(TrainingExample).order_by(TrainingExample.decided_at, TrainingExample.id)
            ).all()
        )
