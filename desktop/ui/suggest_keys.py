"""Keys that follow the model's scores: M jumps to the next most likely claim in the
article (by score, not text order), T opens the next article to teach the model with
(unclaimed, most uncertain first). Keys 1/2/3 on a suggestion (accept and label in one
key) are the verdict commands' own (ui/commands.py)."""

from __future__ import annotations

from typing import Any

from desktop.ui.commands import LABEL, Command, register
from desktop.ui.spans import Item

NEXT_LIKELY = Command(
    "next_likely", "Next most &likely claim", ("M",), LABEL, "Go", None,
    "The pending suggestion with the next highest score in this article",
)  # fmt: skip
TEACH = Command(
    "next_to_teach", "Next article to t&each", ("T",), LABEL, "Go", None,
    "Unclaimed articles whose suggestions the model is least sure about, first",
)  # fmt: skip
register(NEXT_LIKELY)  # in the registry before any window is built (menus, sheet, README)
register(TEACH)


def next_likely(window: Any) -> bool:
    from desktop.core.suggestion_nav import next_most_likely

    article = window.article
    if article.view is None:
        return False
    cur = article.current
    found = next_most_likely(article.view, (cur.start, cur.end) if cur is not None else None)
    if found is None:
        window.show_message("No more suggestions in this article.")
        return False
    item = next((i for i in article.items if (i.start, i.end) == (found.start, found.end)),
                Item(found.start, found.end))  # fmt: skip
    article.select(item)
    return True


def next_to_teach(window: Any) -> int | None:
    from desktop.core.suggestion_nav import teach_order

    order = teach_order(window.desk.store, window.article.threshold, unclaimed_only=True)
    current = window.article.article_id
    after = order[order.index(current) + 1 :] if current in order else order
    target = next(iter(after), None)
    if target is None:
        return None
    if not window.articles.select(target):
        window.open_article(target)
    return target


def install(window: Any) -> None:
    window.commands.add(NEXT_LIKELY, lambda: next_likely(window))
    window.commands.add(TEACH, lambda: next_to_teach(window))
