"""find_evidence: sentences of other articles that report the claim's fact, with what differs."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import select

from desktop.core.models import Article, EvidenceSentence
from desktop.core.nlp.evidence.discrepancy import Discrepancy, find_discrepancies
from desktop.core.nlp.evidence.features import SentenceFeatures, merge, sentence_features
from desktop.core.nlp.evidence.index import (
    article_features,
    candidates,
    default_nlp,
    ensure_index,
    idf_for,
    missing_from_index,
    span_features,
)
from desktop.core.nlp.evidence.match import score
from desktop.core.store import Store

MIN_SCORE = 0.40  # below this a sentence shares words, not a fact (tuned on the demo corpus)
CANDIDATES = 200
PER_ARTICLE = 2


class EvidenceError(ValueError):
    """A claim that can't be searched as asked; the message is for the user."""


@dataclass(frozen=True)
class EvidenceMatch:
    article_id: int
    article_title: str
    source: str | None
    start: int  # offsets in that article's text, end exclusive
    end: int
    text: str
    score: float
    discrepancies: list[Discrepancy] = field(default_factory=list)
    proposed_stance: str = "supports"  # supports | contradicts
    shared: list[str] = field(default_factory=list)  # index keys both sides share (why)

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "article_title": self.article_title,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": self.score,
            "proposed_stance": self.proposed_stance,
            "discrepancies": [d.as_dict() for d in self.discrepancies],
            "shared": self.shared,
        }


def adhoc_features(nlp, text: str, start: int, end: int) -> SentenceFeatures:
    """Features of text[start:end] on its own, with offsets into the whole text."""
    doc = nlp(text[start:end])
    return merge(sentence_features(sent, {}).shifted(start) for sent in doc.sents)


def claim_features(store: Store, article_id: int, start: int, end: int) -> SentenceFeatures:
    with store.session() as s:
        return merge(span_features(s, article_id, start, end))


def find_evidence(
    store: Store,
    article_id: int,
    start: int,
    end: int,
    top: int = 5,
    *,
    nlp=None,
    min_score: float = MIN_SCORE,
    per_article: int = PER_ARTICLE,
) -> list[EvidenceMatch]:
    """Best sentences of other articles reporting the fact in [start, end) of the article.

    The claim's own article is indexed on the fly when needed (spaCy, ~0.5 s); other
    articles are searched only when indexed (see `ensure_index`, `missing_from_index`).
    """
    with store.session() as s:
        article = s.get(Article, article_id)
        if article is None:
            raise EvidenceError(f"article #{article_id} does not exist")
        if not 0 <= start < end <= len(article.text):
            raise EvidenceError(
                f"span {start}-{end} is outside the text (length {len(article.text)})"
            )
        claim_text = article.text
    if missing_from_index(store, [article_id]):
        ensure_index(store, [article_id], nlp=nlp)
    with store.session() as s:
        claim = merge(span_features(s, article_id, start, end))
    if not claim.index_keys():
        # A span the index skipped (a headline, a short line): compute its features now.
        claim = adhoc_features(nlp or default_nlp(), claim_text, start, end)
    with store.session() as s:
        keys = claim.index_keys()
        if not keys:
            return []
        idf = idf_for(s, keys)
        ranked = candidates(s, keys, idf, article_id, CANDIDATES)
        if not ranked:
            return []
        rows = s.exec(
            select(
                EvidenceSentence.id, EvidenceSentence.article_id, EvidenceSentence.features
            ).where(EvidenceSentence.id.in_([sid for sid, _ in ranked]))
        ).all()
        chosen = _best(claim, keys, idf, rows, top, min_score, per_article)
        return _matches(s, claim, claim_text, idf, chosen)


def _best(claim, keys, idf, rows, top: int, min_score: float, per_article: int) -> list[tuple]:
    """Score the candidates; keep the best `top`, at most `per_article` from one article."""
    scored = []
    for sid, aid, data in rows:
        feats = SentenceFeatures.from_json(data)
        ms = score(claim, feats, idf, keys)
        if ms.score >= min_score:
            scored.append((ms.score, sid, aid, feats, ms))
    scored.sort(key=lambda r: (-r[0], r[1]))
    chosen, per, seen = [], {}, set()
    for row in scored:
        # Repeated lines (a photo caption twice) are one piece of evidence.
        same = (row[2], tuple(sorted(row[3].index_keys())))
        if per.get(row[2], 0) >= per_article or same in seen:
            continue
        seen.add(same)
        per[row[2]] = per.get(row[2], 0) + 1
        chosen.append(row)
        if len(chosen) >= top:
            break
    return chosen


def _matches(s, claim: SentenceFeatures, claim_text: str, idf, chosen) -> list[EvidenceMatch]:
    if not chosen:
        return []
    meta = {
        r[0]: r[1:]
        for r in s.exec(
            select(Article.id, Article.title, Article.origin, Article.source, Article.text).where(
                Article.id.in_({r[2] for r in chosen})
            )
        ).all()
    }
    titled = any(p.title for p in claim.people)
    out = []
    for sc, _sid, aid, feats, ms in chosen:
        title, origin, source, text = meta[aid]
        found = find_discrepancies(
            claim,
            feats,
            claim_text=claim_text,
            match_text=text,
            match_context=article_features(s, aid) if titled else None,
            other_people=ms.other_people,
        )
        out.append(
            EvidenceMatch(
                aid,
                title or origin,
                source,
                feats.start,
                feats.end,
                text[feats.start : feats.end],
                sc,
                found,
                "contradicts" if found else "supports",
                sorted(ms.shared, key=lambda k: -idf(k))[:8],
            )
        )
    return out


def index_size(store: Store) -> int:
    with store.session() as s:
        return s.exec(select(func.count()).select_from(EvidenceSentence)).one()
