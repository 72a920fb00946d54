"""How well suggestions match the claims the team actually labelled (suggester feedback).

A suggestion matches a claim in the same article when their character spans overlap by at
least MIN_OVERLAP of the union (Jaccard), so trimming a word off a suggestion still counts.
Only articles with at least one labelled claim take part: elsewhere nobody has looked yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select

from desktop.core.models import Claim, Label, Suggestion, SuggestionFeedback
from desktop.core.store import Store

MIN_OVERLAP = 0.5


@dataclass
class ReasonStats:
    suggested: int = 0
    matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.suggested if self.suggested else None


@dataclass
class SuggestionQuality:
    articles: int = 0
    suggestions: int = 0
    claims: int = 0
    matched_suggestions: int = 0
    matched_claims: int = 0
    accepted: int = 0
    rejected: int = 0
    per_reason: dict[str, ReasonStats] = field(default_factory=dict)

    @property
    def precision(self) -> float | None:
        return self.matched_suggestions / self.suggestions if self.suggestions else None

    @property
    def recall(self) -> float | None:
        return self.matched_claims / self.claims if self.claims else None

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "suggestions": self.suggestions,
            "claims": self.claims,
            "precision": self.precision,
            "recall": self.recall,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "per_reason": {
                k: {"suggested": v.suggested, "matched": v.matched, "precision": v.precision}
                for k, v in sorted(self.per_reason.items())
            },
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def reason_kind(reason: str) -> str:
    """ "number: 14 years" -> "number"; "quotation" -> "quotation"; "model 0.82: ..." -> "model"."""
    kind = reason.split(":", 1)[0].strip()
    return "model" if kind.startswith("model ") else kind


def suggestion_quality(store: Store, threshold: float) -> SuggestionQuality:
    q = SuggestionQuality()
    with store.session() as s:
        labelled = s.exec(
            select(Claim.article_id, Claim.start, Claim.end)
            .join(Label, Label.claim_id == Claim.id)
            .where(Label.verdict.is_not(None))
            .distinct()
        ).all()
        claims: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for article_id, start, end in labelled:
            claims[article_id].append((start, end))
        suggestions = s.exec(
            select(
                Suggestion.article_id, Suggestion.start, Suggestion.end, Suggestion.reasons
            ).where(Suggestion.article_id.in_(list(claims)), Suggestion.score >= threshold)
        ).all()
        feedback = s.exec(select(SuggestionFeedback.decision)).all()
    q.accepted = sum(1 for d in feedback if d == "accept")
    q.rejected = sum(1 for d in feedback if d == "reject")
    q.articles = len(claims)
    q.claims = sum(len(v) for v in claims.values())
    found_claims: set[tuple[int, int, int]] = set()
    for article_id, start, end, reasons in suggestions:
        q.suggestions += 1
        hits = [c for c in claims[article_id] if _overlap((start, end), c) >= MIN_OVERLAP]
        for c in hits:
            found_claims.add((article_id, *c))
        if hits:
            q.matched_suggestions += 1
        for kind in {reason_kind(r) for r in reasons}:
            stats = q.per_reason.setdefault(kind, ReasonStats())
            stats.suggested += 1
            stats.matched += bool(hits)
    q.matched_claims = len(found_claims)
    return q
