"""Ways through the suggestions that use the model's scores, not the text order.

* ``next_most_likely``: the pending suggestion with the highest score after the current
  one (by score, across the article): an analyst with little time reads the likeliest
  claims first.
* ``teach_order``: articles nobody has claimed anything in, the most uncertain first (the
  most scores near the threshold, where a decision teaches the model most), then the rest
  in id order: for teams that want to train the model fastest.
* ``accept_and_label``: accept a suggestion and give it a verdict in one call (keys 1/2/3
  on a suggestion).
* ``newest_scores``: every article's current suggestion scores, so the threshold setting
  can say how many suggestions a value shows before it is applied.
"""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import func, select

from desktop.core import labelling
from desktop.core.models import Article, Claim, Suggestion, SuggestionRun
from desktop.core.queries import ArticleView, SuggestionView
from desktop.core.store import Store


def pending(view: ArticleView) -> list[SuggestionView]:
    """Suggestions not decided on and not already a claim, likeliest first."""
    claimed = {(c.start, c.end) for c in view.claims}
    left = [s for s in view.suggestions if s.decision is None and (s.start, s.end) not in claimed]
    return sorted(left, key=lambda s: (-s.score, s.start))


def next_most_likely(
    view: ArticleView, current: tuple[int, int] | None = None
) -> SuggestionView | None:
    """The pending suggestion ranked right after ``current`` (start, end) by score; the
    likeliest one when ``current`` is None or not pending; None when none is left."""
    order = pending(view)
    if not order:
        return None
    spans = [(s.start, s.end) for s in order]
    if current in spans:
        i = spans.index(current) + 1
        return order[i] if i < len(order) else None
    return order[0]


def teach_order(store: Store, threshold: float = 0.5, *, unclaimed_only: bool = False) -> list[int]:
    """Article ids, unclaimed and most uncertain first (see the module docstring);
    ``unclaimed_only`` leaves out the articles that already have claims.

    Uncertainty of an article: the sum over its newest suggestions of 1 - |score - t| / t'
    (t the threshold, t' the distance to the far end), so scores at the threshold count
    1 and sure ones near 0.
    """
    with store.session() as s:
        ids = list(s.exec(select(Article.id).order_by(Article.id)).all())
        claimed = set(s.exec(select(Claim.article_id).distinct()).all())
    uncertainty: dict[int, float] = defaultdict(float)
    for article_id, scores in newest_scores(store).items():
        for score in scores:
            span = threshold if score < threshold else 1 - threshold
            uncertainty[article_id] += max(0.0, 1 - abs(score - threshold) / span)
    open_ = sorted((i for i in ids if i not in claimed), key=lambda i: (-uncertainty[i], i))
    return open_ if unclaimed_only else open_ + [i for i in ids if i in claimed]


def newest_scores(store: Store) -> dict[int, list[float]]:
    """Per article, the scores of its newest suggestion run (down to the store floor).

    The newest run is picked in SQL and only (article, score) pairs come back: the
    threshold dialog and the `t` key ask on the UI thread, and on 10,000 articles reading
    every suggestion's model and version to filter them here took 0.43 s.
    """
    newest = (
        select(SuggestionRun.article_id, SuggestionRun.model, SuggestionRun.suggester_version,
               func.row_number().over(partition_by=SuggestionRun.article_id,
                                      order_by=(SuggestionRun.computed_at.desc(),
                                                SuggestionRun.id.desc())).label("rank"))
        .subquery()
    )  # fmt: skip
    stmt = select(Suggestion.article_id, Suggestion.score).join(
        newest,
        (newest.c.article_id == Suggestion.article_id) & (newest.c.rank == 1)
        & (newest.c.model == Suggestion.model)
        & (newest.c.suggester_version == Suggestion.suggester_version),
    )  # fmt: skip
    out: dict[int, list[float]] = defaultdict(list)
    with store.session() as s:
        for article_id, score in s.exec(stmt):
            out[article_id].append(score)
    return dict(out)


def accept_and_label(
    store: Store,
    annotator: str,
    article_id: int,
    start: int,
    end: int,
    verdict: str,
    reasons: list[str] | None = None,
) -> labelling.Change:
    """Accept the suggestion at [start, end) and label the claim ``verdict``: two undo
    steps (accept, then label), both committed before this returns."""
    accepted = labelling.accept_suggestion(store, annotator, article_id, start, end, reasons)
    return labelling.set_verdict(store, annotator, accepted.claim_id, verdict)
