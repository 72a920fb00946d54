"""find_evidence: sentences of other articles that report the claim's fact, with what differs."""

from __future__ import annotations

import re
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
    near_name_keys,
    sentence_before,
    sentences_around,
    span_features,
)
from desktop.core.nlp.evidence.match import score
from desktop.core.nlp.evidence.names import given_keys
from desktop.core.store import Store

MIN_SCORE = 0.40  # below this a sentence shares words, not a fact (tuned on the demo corpus)
CANDIDATES = 200
PER_ARTICLE = 2
CONTEXT_MIN_EXTRA = 2  # a sentence adds context when it has this many keys beyond the claim
CONTEXT_WEIGHT = 0.8  # how much a match of the claim's sentence counts for the claim itself
CONTEXT_CLAIM_SHARE = 0.3  # share (idf) of the claim's own keys a context match must have
FALLBACK_SCORE = 0.30  # nothing above MIN_SCORE: accept this much when a name or figure is shared
FALLBACK_TOP = 2
RELATED_SCORE = 0.15  # still nothing: reports sharing a name or the event words, as context
RELATED_TOP = 2


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
    proposed_stance: str = "supports"  # supports | contradicts | context (a related report)
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


@dataclass(frozen=True)
class Query:
    """What is searched: the claim's own words, and for a claim that is part of a sentence
    the whole sentence around it (its context: the quote an attribution introduces, the
    event a "said at a meeting" clause belongs to)."""

    claim: SentenceFeatures
    context: SentenceFeatures | None = None

    def keys(self) -> set[str]:
        return self.claim.index_keys()

    def context_keys(self) -> set[str]:
        return set() if self.context is None else self.context.index_keys()


_PRONOUN_START = re.compile(r"\s*[\"“‘']?(he|she|they|it|his|her|their|its|this|that)\b", re.I)


def build_query(session, article_id: int, start: int, end: int, text: str) -> Query:
    """The claim's features and, when the claim is part of a sentence or opens with a
    pronoun, the context that says what it is about."""
    whole = sentences_around(session, article_id, start, end)
    before = None
    if starts_with_pronoun(text[start:end]):
        first = min((f.start for f in whole), default=start)
        before = sentence_before(session, article_id, first)
    return query_from(whole, before, start, end)


def starts_with_pronoun(claim_text: str) -> bool:
    return bool(_PRONOUN_START.match(claim_text))


def query_from(
    whole: list[SentenceFeatures], before: SentenceFeatures | None, start: int, end: int
) -> Query:
    """The query of the claim [start, end) from its sentences (`whole`, unclipped) and the
    sentence before it (given only for a claim opening with a pronoun: "He also ruled out
    ...", where who "he" is sits in the sentence before)."""
    claim = merge(f.clip(start, end) for f in whole)
    context_parts = ([before] if before is not None else []) + list(whole)
    context = merge(context_parts) if context_parts else None
    if context is not None and len(context.index_keys() - claim.index_keys()) < CONTEXT_MIN_EXTRA:
        context = None  # the claim is (nearly) its whole sentence: no context to add
    return Query(claim, context)


def score_query(query: Query, feats: SentenceFeatures, idf, keys=None, ctx_keys=None):
    """(score, MatchScore) of one candidate sentence for the query."""
    keys = query.keys() if keys is None else keys
    ms = score(query.claim, feats, idf, keys)
    total = ms.score
    if query.context is not None and _shares_claim(keys, feats, idf):
        ctx_keys = query.context_keys() if ctx_keys is None else ctx_keys
        in_context = score(query.context, feats, idf, ctx_keys).score
        total = max(total, CONTEXT_WEIGHT * in_context + (1 - CONTEXT_WEIGHT) * total)
    return round(total, 4), ms


def speaker_keys(query: Query) -> set[str]:
    """Name keys of the claim's speakers ("Dmitry Peskov told journalists")."""
    return {"p:" + k for p in query.claim.people if p.speaker for k in (p.key, *given_keys(p.text))}


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
        query = build_query(s, article_id, start, end, claim_text)
    if not query.keys():
        # A span the index skipped (a headline, a short line): compute its features now.
        query = Query(adhoc_features(nlp or default_nlp(), claim_text, start, end))
    with store.session() as s:
        scored, idf = score_candidates(s, query, article_id)
        chosen = best_matches(scored, top, min_score, per_article, speaker_keys(query))
        return _matches(s, query.claim, claim_text, idf, chosen)


def score_candidates(s, query: Query, article_id: int, limit: int = CANDIDATES):
    """(score, sentence id, article id, features, MatchScore) of the sentences of other
    articles that share the rarest terms with the claim (or its context), best first."""
    keys, ctx_keys = query.keys(), query.context_keys()
    if not keys:
        return [], None
    idf = idf_for(s, keys | ctx_keys)
    near = near_name_keys(s, keys, idf) - keys
    if near:  # a misspelt name retrieves the reports that spell it right
        idf = idf_for(s, keys | ctx_keys | near)
    ranked = dict(candidates(s, keys | near, idf, article_id, limit))
    if ctx_keys:
        for sid, w in candidates(s, ctx_keys, idf, article_id, limit // 2):
            ranked.setdefault(sid, w)
    if not ranked:
        return [], idf
    rows = s.exec(
        select(EvidenceSentence.id, EvidenceSentence.article_id, EvidenceSentence.features).where(
            EvidenceSentence.id.in_(list(ranked))
        )
    ).all()
    out = []
    for sid, aid, data in rows:
        feats = SentenceFeatures.from_json(data)
        total, ms = score_query(query, feats, idf, keys, ctx_keys)
        out.append((total, sid, aid, feats, ms))
    out.sort(key=lambda r: (-r[0], r[1]))
    return out, idf


def _shares_claim(keys: set[str], cand: SentenceFeatures, idf) -> bool:
    """The candidate names a good part of the claim itself, not only of its context."""
    shared = keys & cand.index_keys()
    return sum(idf(k) for k in shared) >= CONTEXT_CLAIM_SHARE * sum(idf(k) for k in keys)


def best_matches(
    scored, top: int, min_score: float, per_article: int, speakers: set[str] = frozenset()
) -> list[tuple]:
    """The best `top` above `min_score`: first the best sentence of each article (a reader
    wants the other outlets before a second sentence of one), then seconds, up to
    `per_article`. When nothing reaches `min_score`, the best candidates that share a
    name or a figure with the claim and reach FALLBACK_SCORE are returned instead; failing
    those, reports that share a name or two of the claim's event words come back as
    related context (`related`), so a claim other articles report never comes back empty.
    Rows are (score, sentence id, article id, features, MatchScore, related)."""
    chosen = _pick(scored, top, min_score, per_article)
    if not chosen:
        strong = [r for r in scored if r[0] >= FALLBACK_SCORE and _strong_shared(r[4], speakers)]
        chosen = _pick(strong, min(top, FALLBACK_TOP), FALLBACK_SCORE, per_article)
    if chosen:
        return [(*r, False) for r in chosen]
    related = [r for r in scored if r[0] >= RELATED_SCORE and _related(r[4])]
    return [(*r, True) for r in _pick(related, min(top, RELATED_TOP), RELATED_SCORE, 1)]


def _strong_shared(ms, speakers: set[str]) -> bool:
    """Three shared keys (a name spelt otherwise counts), one of them a figure or a name
    that is not only the speaker's; or the speaker's name and three words of what they
    said ("Hesgeth said the bulk of the aid must come from Europe": about a statement)."""
    shared = (*ms.shared, *ms.near)
    strong = [k for k in shared if k[:2] == "n:" or (k[:2] == "p:" and k not in speakers)]
    if not strong and any(k[:2] == "p:" for k in shared):
        # Only the speaker is named (perhaps misspelt): what they said must be shared too.
        return sum(k[:2] != "p:" for k in shared) >= 3
    return bool(strong) and len(shared) >= 3


def _related(ms) -> bool:
    """Shares a name (any spelling) or a figure and a word, or three of the event words."""
    shared = (*ms.shared, *ms.near)
    named = any(k[:2] in ("p:", "n:") for k in shared)
    return len(shared) >= (2 if named else 3)


def _pick(scored, top: int, min_score: float, per_article: int) -> list[tuple]:
    seen, per, chosen, rest = set(), {}, [], []
    for row in scored:
        if row[0] < min_score:
            break
        # Repeated lines (a photo caption twice) are one piece of evidence.
        same = (row[2], tuple(sorted(row[3].index_keys())))
        if same in seen:
            continue
        seen.add(same)
        n = per.get(row[2], 0)
        per[row[2]] = n + 1
        if n == 0:
            chosen.append(row)
        elif n < per_article:
            rest.append(row)
    return (chosen + rest)[:top]


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
    for sc, _sid, aid, feats, ms, related in chosen:
        title, origin, source, text = meta[aid]
        # A related report is context, not the same fact: nothing in it contradicts the claim.
        found = [] if related else find_discrepancies(
            claim,
            feats,
            claim_text=claim_text,
            match_text=text,
            match_context=article_features(s, aid) if titled else None,
            other_people=ms.other_people,
        )
        stance = "context" if related else "contradicts" if found else "supports"
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
                stance,
                sorted((*ms.shared, *ms.near), key=lambda k: -idf(k))[:8],
            )
        )
    return out


def index_size(store: Store) -> int:
    with store.session() as s:
        return s.exec(select(func.count()).select_from(EvidenceSentence)).one()
