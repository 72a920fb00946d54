"""A small labelled database for the export tests, built with the app's own actions.
(No tests here: a helper module whose name fits the export test files.)"""

from __future__ import annotations

from desktop.core import labelling as L
from desktop.core import review as R
from desktop.core.store import Store
from tests.core.helpers import add_articles

# Non-ASCII, an emoji (outside the BMP) and overlapping claims on purpose.
TEXT_A = (
    "Le président a dit que 1 200 personnes ont été évacuées à Zürich. "
    "Officials 🚨 said the flood killed 35 people, the mayor said 40."
)
TEXT_B = "The Kremlin said the call lasted an hour and a half. Peskov confirmed it on Wednesday."
TEXT_C = "An article nobody labelled, but one a source points to: the call lasted 90 minutes."
TEXT_D = "A plain article with no claims and no links at all."


def span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def build(store: Store) -> dict[str, int]:
    """Claims: a1 (overlaps a2; ana+bob agree, reviewed by cleo), a2 (ana vs bob disagree),
    b1 (ana only, no verdict yet), b2 (bob only). Sources: urls and a span of article C."""
    a, b, c, _d = add_articles(store, TEXT_A, TEXT_B, TEXT_C, TEXT_D)
    a1 = L.create_claim(
        store, "ana", a, *span(TEXT_A, "1 200 personnes ont été évacuées à Zürich")
    ).claim_id
    a2 = L.create_claim(
        store,
        "ana",
        a,
        *span(
            TEXT_A,
            "personnes ont été évacuées à Zürich. Officials 🚨 said the flood killed 35 people",
        ),
    ).claim_id
    b1 = L.create_claim(
        store, "ana", b, *span(TEXT_B, "the call lasted an hour and a half")
    ).claim_id
    b2 = L.create_claim(store, "bob", b, *span(TEXT_B, "Peskov confirmed it on Wednesday")).claim_id
    L.set_verdict(store, "ana", a1, "verified")
    L.set_verdict(store, "bob", a1, "verified")
    L.set_note(store, "ana", a1, "Zürich canton's numbers — «officiel»")
    L.add_source(
        store,
        "ana",
        a1,
        url="https://example.org/zürich?q=1&x=é",
        title="Canton",
        stance="supports",
    )
    L.add_source(
        store,
        "ana",
        a1,
        article_id=c,
        start=TEXT_C.index("the call"),
        end=len(TEXT_C) - 1,
        stance="contradicts",
        note="90 min ≠ 1h30?",
    )
    L.set_verdict(store, "ana", a2, "conflicting")
    L.set_verdict(store, "bob", a2, "unsupported")
    L.add_source(store, "bob", a2, url="https://news.example.com/a", stance="context")
    L.set_note(store, "ana", b1, '=HYPERLINK("http://evil")')  # label without verdict
    L.set_verdict(store, "bob", b2, "verified")
    R.set_review(store, "cleo", a1, "verified", "both agree")
    return {"a": a, "b": b, "c": c, "a1": a1, "a2": a2, "b1": b1, "b2": b2}
