"""What a mutating Desk call changed, so each view decides for itself what to redraw.

Every mutating call on `Desk` returns one `Changes`. It names ids, not objects: views read
what they need again. `focus` says where the change happened (undo and redo go there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.labelling import Change


@dataclass(frozen=True)
class Changes:
    action: str = ""
    articles: frozenset[int] = frozenset()  # articles added or whose claims/labels moved
    claims: frozenset[int] = frozenset()
    labels: bool = False  # someone's verdict, note or sources changed
    suggestions: frozenset[int] = frozenset()  # articles whose suggestions were (re)computed
    reviews: bool = False
    clusters: bool = False
    model: bool = False  # the suggestion model was retrained
    undo: bool = False  # the undo/redo stacks moved
    focus: tuple[int | None, int | None] = (None, None)  # (article, claim) to show
    source_id: int | None = None
    decisions: int = 0  # an import's claims and rejected spans: what learning counts
    summary: str = ""  # one line for the status bar, when there is one
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def article_id(self) -> int | None:
        return self.focus[0]

    @property
    def claim_id(self) -> int | None:
        return self.focus[1]

    @property
    def empty(self) -> bool:
        return not (self.articles or self.claims or self.labels or self.suggestions
                    or self.reviews or self.clusters or self.model or self.undo)


def _ids(*values: int | None) -> frozenset[int]:
    return frozenset(v for v in values if v is not None)


def from_label(change: Change, *, review: bool = False) -> Changes:
    """A labelling or review action of the core (one transaction, one event)."""
    done = change.event_id is not None  # no event: nothing changed (the same span again)
    return Changes(
        action=change.action,
        articles=_ids(change.article_id) if done else frozenset(),
        claims=_ids(change.claim_id) if done else frozenset(),
        labels=done and not review,
        reviews=done and review,
        undo=done,  # reviews are in the reviewer's event log too
        focus=(change.article_id, change.claim_id),
        source_id=change.source_id,
    )


def from_undo(change: Change) -> Changes:
    return Changes(action=change.action, articles=_ids(change.article_id),
                   claims=_ids(change.claim_id), labels=True, reviews=True, undo=True,
                   focus=(change.article_id, change.claim_id))


def imported(added: Iterable[int], labelled: bool, summary: str, decisions: int = 0) -> Changes:
    ids = frozenset(added)
    return Changes(action="import", articles=ids, labels=labelled, reviews=labelled,
                   clusters=bool(ids), decisions=decisions, summary=summary)


def suggested(article_ids: Iterable[int], summary: str = "") -> Changes:
    return Changes(action="suggest", suggestions=frozenset(article_ids), summary=summary)
