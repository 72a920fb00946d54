"""Read-side queries for the UI and the CLI: plain dataclasses out, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from desktop.core.models import (
    Annotator,
    Article,
    Claim,
    Label,
    Review,
    SourceLink,
    Suggestion,
    SuggestionFeedback,
    SuggestionRun,
    as_utc,
)
from desktop.core.store import Store
from desktop.core.urls import display_url

PROGRESS = ("unlabelled", "in progress", "done")


@dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str
    source: str | None
    origin: str
    words: int
    claims: int
    labelled: int  # claims that carry this annotator's verdict

    @property
    def progress(self) -> str:
        if self.labelled == 0:
            return "unlabelled"
        return "done" if self.labelled >= self.claims else "in progress"


@dataclass(frozen=True)
class SourceView:
    id: int
    kind: str
    url: str | None
    article_id: int | None
    start: int | None
    end: int | None
    stance: str
    title: str | None
    note: str | None
    article_title: str | None = None
    text: str | None = None  # the linked span's text

    @property
    def shown_url(self) -> str:
        """The web address as shown to people: a non-ASCII host with its punycode."""
        return display_url(self.url) if self.url else ""


@dataclass(frozen=True)
class LabelView:
    annotator: str
    verdict: str | None
    note: str | None
    created_at: str
    updated_at: str
    sources: list[SourceView] = field(default_factory=list)


@dataclass(frozen=True)
class ClaimView:
    id: int
    start: int
    end: int
    origin: str
    mine: LabelView | None  # the current annotator's label
    others: list[LabelView]  # teammates' labels (shown in review mode only)
    review: dict[str, Any] | None

    @property
    def verdict(self) -> str | None:
        return self.mine.verdict if self.mine else None


@dataclass(frozen=True)
class SuggestionView:
    start: int
    end: int
    score: float
    reasons: list[str]
    decision: str | None  # accept | reject | None, by this annotator


@dataclass(frozen=True)
class ArticleView:
    id: int
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    origin: str
    text: str
    claims: list[ClaimView]
    suggestions: list[SuggestionView]


def _annotator_id(s: Session, name: str | None) -> int | None:
    if not name:
        return None
    return s.exec(select(Annotator.id).where(Annotator.name == name)).first()


def _filtered(stmt, search: str | None, source: str | None):
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(
            or_(Article.title.ilike(like), Article.origin.ilike(like), Article.source.ilike(like))
        )
    if source:
        stmt = stmt.where(Article.source == source)
    return stmt


def list_articles(
    store: Store,
    *,
    annotator: str | None = None,
    search: str | None = None,
    source: str | None = None,
    progress: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[ArticleRow]:
    """One query: articles with claim counts and this annotator's labelled counts."""
    with store.session() as s:
        aid = _annotator_id(s, annotator) or -1
        claims = (
            select(
                Claim.article_id,
                func.count(Claim.id).label("n"),
                func.sum(case((Label.verdict.is_not(None), 1), else_=0)).label("done"),
            )
            .join(Label, and_(Label.claim_id == Claim.id, Label.annotator_id == aid), isouter=True)
            .group_by(Claim.article_id)
            .subquery()
        )
        n = func.coalesce(claims.c.n, 0)
        done = func.coalesce(claims.c.done, 0)
        stmt = select(
            Article.id, Article.title, Article.source, Article.origin, Article.words, n, done
        ).join(claims, claims.c.article_id == Article.id, isouter=True)
        stmt = _filtered(stmt, search, source)
        if progress == "unlabelled":
            stmt = stmt.where(done == 0)
        elif progress == "in progress":
            stmt = stmt.where(done > 0, done < n)
        elif progress == "done":
            stmt = stmt.where(done > 0, done >= n)
        stmt = stmt.order_by(Article.id).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [ArticleRow(r[0], r[1] or r[3], r[2], r[3], r[4], r[5], r[6]) for r in s.exec(stmt)]


def count_articles(store: Store, *, search: str | None = None, source: str | None = None) -> int:
    with store.session() as s:
        return s.exec(_filtered(select(func.count(Article.id)), search, source)).one()


def outlets(store: Store) -> list[str]:
    with store.session() as s:
        rows = s.exec(select(Article.source).where(Article.source.is_not(None)).distinct()).all()
        return sorted(r for r in rows if r)


def find_article(store: Store, ref: str | int) -> int | None:
    """ARTICLE on the command line: the numeric id or the file name it was imported from."""
    with store.session() as s:
        text = str(ref).strip()
        # "²" is a digit to str.isdigit() but not to int(); ids fit in a 63-bit integer
        digits = text.isascii() and text.isdigit() and len(text) <= 18
        if digits and s.get(Article, int(text)) is not None:
            return int(text)
        hit = s.exec(select(Article.id).where(Article.origin == text).order_by(Article.id)).first()
        if hit is None:
            hit = s.exec(
                select(Article.id).where(Article.origin.like(f"%/{text}")).order_by(Article.id)
            ).first()
        return hit


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:

        def n(model) -> int:
            return s.exec(select(func.count()).select_from(model)).one()

        return {
            "articles": n(Article),
            "claims": n(Claim),
            "labels": n(Label),
            "sources": n(SourceLink),
            "reviews": n(Review),
            "annotators": n(Annotator),
            "suggestions": n(Suggestion),
        }


def source_views(s: Session, label_ids: list[int]) -> dict[int, list[SourceView]]:
    """Sources per label id, with the linked span's text cut in SQL (never whole articles)."""
    out: dict[int, list[SourceView]] = {}
    target = Article.__table__.alias("target")
    span = func.substr(target.c.text, SourceLink.start + 1, SourceLink.end - SourceLink.start)
    for i in range(0, len(label_ids), 900):  # under every backend's bound-parameter limit
        rows = s.exec(
            select(SourceLink, target.c.title, span)
            .join(target, target.c.id == SourceLink.target_article_id, isouter=True)
            .where(SourceLink.label_id.in_(label_ids[i : i + 900]))
            .order_by(SourceLink.position, SourceLink.id)
        ).all()
        for link, title, text in rows:
            out.setdefault(link.label_id, []).append(
                SourceView(
                    link.id,
                    link.kind,
                    link.url,
                    link.target_article_id,
                    link.start,
                    link.end,
                    link.stance,
                    link.title,
                    link.note,
                    title,
                    text if link.kind == "article" else None,
                )
            )
    return out


def claim_views(s: Session, article_id: int, annotator_id: int | None) -> list[ClaimView]:
    claims = s.exec(
        select(Claim).where(Claim.article_id == article_id).order_by(Claim.start, Claim.end)
    ).all()
    if not claims:
        return []
    ids = [c.id for c in claims]
    labels = s.exec(
        select(Label, Annotator.name)
        .join(Annotator, Annotator.id == Label.annotator_id)
        .where(Label.claim_id.in_(ids))
    ).all()
    sources = source_views(s, [lb.id for lb, _ in labels])
    reviews = {
        r.claim_id: (r, name)
        for r, name in s.exec(
            select(Review, Annotator.name)
            .join(Annotator, Annotator.id == Review.reviewer_id)
            .where(Review.claim_id.in_(ids))
        ).all()
    }
    by_claim: dict[int, list[tuple[Label, str]]] = {}
    for lb, name in labels:
        by_claim.setdefault(lb.claim_id, []).append((lb, name))
    views = []
    for c in claims:
        mine, others = None, []
        for lb, name in sorted(by_claim.get(c.id, []), key=lambda p: p[1]):
            view = LabelView(
                name,
                lb.verdict,
                lb.note,
                as_utc(lb.created_at).isoformat(),
                as_utc(lb.updated_at).isoformat(),
                sources.get(lb.id, []),
            )
            if lb.annotator_id == annotator_id:
                mine = view
            else:
                others.append(view)
        review = None
        if c.id in reviews:
            r, name = reviews[c.id]
            review = {
                "reviewer": name,
                "verdict": r.verdict,
                "note": r.note,
                "decided_at": as_utc(r.decided_at).isoformat(),
            }
        views.append(ClaimView(c.id, c.start, c.end, c.origin, mine, others, review))
    return views


DEFAULT_THRESHOLD = (
    0.5  # same as nlp.suggester.DEFAULT_THRESHOLD (a test checks), without importing spaCy
)


def suggestion_views(
    s: Session, article_id: int, annotator_id: int | None, threshold: float = DEFAULT_THRESHOLD
) -> list[SuggestionView]:
    """The article's suggestions from its latest run (or the given model/version)."""
    run = s.exec(
        select(SuggestionRun)
        .where(SuggestionRun.article_id == article_id)
        .order_by(SuggestionRun.computed_at.desc(), SuggestionRun.id.desc())
    ).first()
    if run is None:
        return []
    rows = s.exec(
        select(Suggestion)
        .where(
            Suggestion.article_id == article_id,
            Suggestion.model == run.model,
            Suggestion.suggester_version == run.suggester_version,
            Suggestion.score >= threshold,
        )
        .order_by(Suggestion.start)
    ).all()
    decisions = {}
    if annotator_id is not None:
        decisions = {
            (f.start, f.end): f.decision
            for f in s.exec(
                select(SuggestionFeedback).where(
                    SuggestionFeedback.article_id == article_id,
                    SuggestionFeedback.annotator_id == annotator_id,
                )
            )
        }
    return [
        SuggestionView(r.start, r.end, r.score, list(r.reasons), decisions.get((r.start, r.end)))
        for r in rows
    ]


def article_view(
    store: Store, article_id: int, annotator: str | None, threshold: float = DEFAULT_THRESHOLD
) -> ArticleView | None:
    with store.session() as s:
        a = s.get(Article, article_id)
        if a is None:
            return None
        aid = _annotator_id(s, annotator)
        return ArticleView(
            a.id,
            a.title or a.origin,
            a.source,
            a.url,
            a.author,
            a.published,
            a.origin,
            a.text,
            claim_views(s, article_id, aid),
            suggestion_views(s, article_id, aid, threshold),
        )


def annotator_names(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(s.exec(select(Annotator.name)).all())
