"""How many worker processes a suggestion run should use.

Each worker loads the spaCy pipeline (about a second), so workers only pay off with
enough articles to share: one per MIN_ARTICLES_PER_WORKER pending articles, up to the
machine's cores; a small run parses in this process and skips the start-up altogether.
"""

from __future__ import annotations

import os

from desktop.core.store import Store

MIN_ARTICLES_PER_WORKER = 24


def worker_count(store: Store, article_ids: list[int] | None) -> int:
    from desktop.core.learning import active_version
    from desktop.core.nlp.suggester import SUGGESTER_VERSION
    from desktop.core.suggesting import model_key, pending_articles

    key = f"{model_key()[0]} + claims {active_version(store)}"
    pending = len(pending_articles(store, key, SUGGESTER_VERSION, article_ids))
    return plan(pending, os.cpu_count() or 1)


def plan(pending: int, cores: int) -> int:
    return max(1, min(cores, pending // MIN_ARTICLES_PER_WORKER))
