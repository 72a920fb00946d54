"""The article on screen and the item (claim or suggestion) the analyst is on.

One source of truth for the reader, the inspector and the j/k navigation, re-read from
the core after every change so what is shown is what is committed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.core import services
from desktop.core.queries import ArticleView, ClaimView, SuggestionView
from desktop.ui.spans import Item, reading_order


class OpenArticle(QObject):
    opened = Signal(object)  # ArticleView | None: a different article (or none)
    refreshed = Signal(object)  # ArticleView: same article, new claims/labels/suggestions
    current_changed = Signal(object)  # Item | None
    leaving = Signal()  # before the current item or article changes: save what is typed

    def __init__(
        self, store: services.Store, annotator: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.threshold = services.DEFAULT_THRESHOLD  # lowest suggestion score shown
        self.view: ArticleView | None = None
        self.current: Item | None = None
        self.items: list[Item] = []

    @property
    def article_id(self) -> int | None:
        return self.view.id if self.view else None

    def open(self, article_id: int | None, claim_id: int | None = None) -> None:
        self.leaving.emit()
        view = (
            services.article_view(self.store, article_id, self.annotator, self.threshold)
            if article_id
            else None
        )
        self.view, self.current = view, None
        self.items = reading_order(view) if view else []
        if claim_id is not None:
            self.current = self._claim_item(claim_id)
        self.opened.emit(view)
        self.current_changed.emit(self.current)

    def refresh(self, claim_id: int | None = None) -> None:
        """Re-read after a change; stay on claim_id if given and present, else on the same
        item, else on the next item after where we were (rejecting moves you along)."""
        if self.view is None:
            return
        before = self.current
        view = services.article_view(self.store, self.view.id, self.annotator, self.threshold)
        if view is None:  # the article is gone (cannot happen today: articles are immutable)
            self.open(None)
            return
        self.view = view
        self.items = reading_order(view)
        current = self._claim_item(claim_id) if claim_id is not None else None
        if current is None and before is not None:
            current = self._same(before) or self._after(before.start)
        self.current = current
        self.refreshed.emit(view)
        self.current_changed.emit(current)

    def select(self, item: Item | None) -> None:
        if item != self.current:
            self.leaving.emit()
            self.current = item
            self.current_changed.emit(item)

    def step(self, delta: int) -> None:
        """j/k: the next or previous claim or pending suggestion in text order."""
        if not self.items:
            return
        if self.current is None or self.current not in self.items:
            target = 0 if delta > 0 else len(self.items) - 1
            if self.current is not None:  # the item went away: continue from its place
                after = self._after(self.current.start)
                target = self.items.index(after) if after else len(self.items) - 1
                if delta < 0:
                    target = max(0, target - 1)
        else:
            target = min(max(self.items.index(self.current) + delta, 0), len(self.items) - 1)
        self.select(self.items[target])

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.open(self.article_id)

    # -- lookups ---------------------------------------------------------------------------
    def claim(self) -> ClaimView | None:
        if self.view is None or self.current is None or self.current.claim_id is None:
            return None
        return next((c for c in self.view.claims if c.id == self.current.claim_id), None)

    def suggestion(self) -> SuggestionView | None:
        if self.view is None or self.current is None or self.current.is_claim:
            return None
        return next(
            (
                s
                for s in self.view.suggestions
                if (s.start, s.end) == (self.current.start, self.current.end)
            ),
            None,
        )

    def counts(self) -> tuple[int, int]:
        """(claims, labelled by me) of the open article, for the list's progress."""
        if self.view is None:
            return 0, 0
        return len(self.view.claims), sum(1 for c in self.view.claims if c.verdict)

    def _claim_item(self, claim_id: int) -> Item | None:
        return next((i for i in self.items if i.claim_id == claim_id), None)

    def _same(self, item: Item) -> Item | None:
        if item.claim_id is not None:
            return self._claim_item(item.claim_id)
        return next(
            (
                i
                for i in self.items
                if not i.is_claim and (i.start, i.end) == (item.start, item.end)
            ),
            None,
        )

    def _after(self, offset: int) -> Item | None:
        return next((i for i in self.items if i.start >= offset), None)
