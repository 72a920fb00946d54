"""Small builders for core tests; they go through the app's own code paths."""

from __future__ import annotations

from desktop.core.importing import import_records
from desktop.core.records import ArticleRecord
from desktop.core.store import Store


def add_articles(store: Store, *texts: str) -> list[int]:
    records = [
        ArticleRecord(text=t, origin=f"doc{i}.txt", title=f"Doc {i}") for i, t in enumerate(texts)
    ]
    report = import_records(store, records)
    assert not report.problems
    return report.added
