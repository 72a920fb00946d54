"""Claim tags (another tool's non-verdict span labels) for a batch of exported articles.

The shared export reader stays as the JSONL contract defines it; the formats that carry
tags (Label Studio, doccano) look them up a batch of articles at a time (one query each).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select

from desktop.core.export.reader import ArticleExport
from desktop.core.models import Claim
from desktop.core.store import Store

BATCH = 500
TagMap = dict[tuple[int, int, int], str]  # (article id, start, end) -> tag


def with_tags(store: Store, articles: Iterable[ArticleExport]) -> Iterator[tuple[ArticleExport, TagMap]]:
    batch: list[ArticleExport] = []
    for art in articles:
        batch.append(art)
        if len(batch) >= BATCH:
            yield from _flush(store, batch)
            batch = []
    yield from _flush(store, batch)


def _flush(store: Store, batch: list[ArticleExport]) -> Iterator[tuple[ArticleExport, TagMap]]:
    if not batch:
        return
    with store.session() as s:
        rows = s.connection().execute(
            select(Claim.article_id, Claim.start, Claim.end, Claim.tag).where(
                Claim.article_id.in_([a.id for a in batch]), Claim.tag.is_not(None)
            )
        ).all()
    tags: TagMap = {(a, st, e): t for a, st, e, t in rows}
    for art in batch:
        yield art, tags
