"""Suggest use-case: compute claim suggestions for articles and cache them in the store.

Suggestions are keyed by the article (whose text, and so sha256, never changes), the model
name and version (the spaCy pipeline and the claim model: the shipped one or the team's
newest, see learning.py), and the suggester version: they are computed once, and again only when
one of those changes. Everything scoring at least STORE_FLOOR is stored; the threshold the
analyst sees is applied when reading, so moving it needs no recomputation.
spaCy runs in worker processes (core/nlp/runner.py); this module only talks to the store.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, insert
from sqlmodel import select

from desktop.core.models import Article, Suggestion, SuggestionRun
from desktop.core.store import Store

STORE_FLOOR = 0.3
CHUNK = 64  # articles read from the store at a time (bounded memory)
SAVE_BATCH = 16  # articles stored per transaction
SAVE_SECONDS = 0.5  # ... or fewer, so progress and results keep arriving


@dataclass
class SuggestReport:
    done: int = 0
    skipped: int = 0  # already computed with this model and suggester version
    suggestions: int = 0
    model: str = ""
    degraded_message: str | None = None
    cancelled: bool = False
    per_article: dict[int, int] = field(default_factory=dict)


def model_key(model: str | None = None) -> tuple[str, bool]:
    """(name and version of the pipeline workers will load, degraded?) without loading it."""
    from spacy.util import get_model_meta, get_package_path  # spaCy import is lazy

    from desktop.core.nlp.pipeline import DEFAULT_MODELS

    for candidate in ((model,) if model else ()) + DEFAULT_MODELS:
        try:
            if importlib.util.find_spec(candidate) is None:
                continue
            meta = get_model_meta(get_package_path(candidate))
        except (ImportError, OSError, ValueError):
            continue
        return (
            f"{meta.get('lang', 'xx')}_{meta.get('name', candidate)} {meta.get('version', '')}",
            False,
        )
    return "blank_en_rules", True


def pending_articles(
    store: Store, model: str, version: str, article_ids: list[int] | None
) -> list[int]:
    with store.session() as s:
        done = select(SuggestionRun.article_id).where(
            SuggestionRun.model == model, SuggestionRun.suggester_version == version
        )
        stmt = select(Article.id).where(Article.id.not_in(done)).order_by(Article.id)
        if article_ids is not None:
            stmt = stmt.where(Article.id.in_(article_ids))
        return list(s.exec(stmt).all())


def _texts(store: Store, ids: list[int]) -> Iterator[tuple[int, str]]:
    for i in range(0, len(ids), CHUNK):
        with store.session() as s:
            rows = s.exec(
                select(Article.id, Article.text)
                .where(Article.id.in_(ids[i : i + CHUNK]))
                .order_by(Article.id)
            ).all()
        yield from rows


def save(
    store: Store,
    article_id: int,
    model: str,
    version: str,
    found: Iterable,
    features: list | None = None,
) -> int:
    """Replace this article's suggestions for (model, version) in one transaction, with its
    evidence-index features when they came from the same parse."""
    return save_many(store, model, version, [(article_id, list(found), features)])[0]


def save_many(
    store: Store, model: str, version: str, items: list[tuple[int, list, list | None]]
) -> list[int]:
    """``save`` for several articles in one transaction (a commit per article cost about
    as much as scoring it); returns the number of suggestions stored per article."""
    ids = [article_id for article_id, _, _ in items]
    rows = [
        {
            "article_id": article_id,
            "start": g.start,
            "end": g.end,
            "score": g.score,
            "reasons": list(g.reasons),
            "model": model,
            "suggester_version": version,
        }
        for article_id, found, _ in items
        for g in found
    ]
    with store.write() as s:
        s.exec(
            delete(Suggestion).where(
                Suggestion.article_id.in_(ids),
                Suggestion.model == model,
                Suggestion.suggester_version == version,
            )
        )
        s.exec(
            delete(SuggestionRun).where(
                SuggestionRun.article_id.in_(ids),
                SuggestionRun.model == model,
                SuggestionRun.suggester_version == version,
            )
        )
        if rows:
            s.connection().execute(insert(Suggestion), rows)
        for article_id in ids:
            s.add(SuggestionRun(article_id=article_id, model=model, suggester_version=version))
        for article_id, _, features in items:
            if features is not None:
                from desktop.core.nlp.evidence import store_features

                store_features(s, article_id, features)
    return [len(found) for _, found, _ in items]


def compute_suggestions(
    store: Store,
    article_ids: list[int] | None = None,
    *,
    n_process: int = 1,
    model: str | None = None,
    in_process: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    nice: bool = True,
) -> SuggestReport:
    """Compute and store suggestions for the articles that lack them (all when ids is None)."""
    from desktop.core.learning import active_bytes
    from desktop.core.nlp.evidence import missing_from_index
    from desktop.core.nlp.pipeline import DEGRADED_MESSAGE
    from desktop.core.nlp.runner import suggest_many
    from desktop.core.nlp.suggester import SUGGESTER_VERSION

    key, degraded = model_key(model)
    claim_version, claim_model = active_bytes(store)
    key = f"{key} + claims {claim_version}"
    report = SuggestReport(model=key, degraded_message=DEGRADED_MESSAGE if degraded else None)
    todo = pending_articles(store, key, SUGGESTER_VERSION, article_ids)
    if article_ids is not None:
        report.skipped = len(set(article_ids)) - len(todo)
    if not todo:
        return report
    total = len(todo)
    unindexed = set(missing_from_index(store, todo))  # the same parse feeds the evidence index
    results = suggest_many(
        _texts(store, todo),
        n_process=n_process,
        model=model,
        threshold=STORE_FLOOR,
        in_process=in_process,
        cancel=cancel,
        with_features=True,
        claim_model=claim_model,
        nice=nice,
    )
    pending: list[tuple[int, list, list | None]] = []
    flushed_at = time.monotonic()

    def flush() -> None:
        nonlocal flushed_at
        for (article_id, _, _), n in zip(
            pending, save_many(store, key, SUGGESTER_VERSION, pending), strict=True
        ):
            report.done += 1
            report.suggestions += n
            report.per_article[article_id] = n
        pending.clear()
        flushed_at = time.monotonic()
        if progress is not None:
            progress(report.done, total)

    for article_id, analysis in results:
        features = analysis.features if article_id in unindexed else None
        pending.append((article_id, analysis.suggestions, features))
        # A few articles per commit, and at least one commit every SAVE_SECONDS.
        if len(pending) >= SAVE_BATCH or time.monotonic() - flushed_at >= SAVE_SECONDS:
            flush()
        if cancel is not None and cancel.is_set():
            break
    if pending and not (cancel is not None and cancel.is_set()):
        flush()
    report.cancelled = bool(cancel is not None and cancel.is_set() and report.done < total)
    return report


def shown_count(store: Store, article_ids: list[int] | None, threshold: float) -> tuple[int, int]:
    """(suggestions at or above ``threshold``, articles) from each article's newest run,
    in two queries: a summary line needs no article views."""
    from sqlmodel import func

    with store.session() as s:
        stmt = select(
            SuggestionRun.article_id, SuggestionRun.model, SuggestionRun.suggester_version
        ).order_by(SuggestionRun.computed_at, SuggestionRun.id)
        if article_ids is not None:
            stmt = stmt.where(SuggestionRun.article_id.in_(article_ids))
        newest = {a: (m, v) for a, m, v in s.exec(stmt).all()}
        counts = s.exec(
            select(
                Suggestion.article_id, Suggestion.model, Suggestion.suggester_version, func.count()
            )
            .where(Suggestion.score >= threshold)
            .group_by(Suggestion.article_id, Suggestion.model, Suggestion.suggester_version)
        ).all()
    total = sum(n for a, m, v, n in counts if newest.get(a) == (m, v))
    articles = len(article_ids) if article_ids is not None else len(newest)
    return total, articles
