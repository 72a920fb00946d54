"""Pure span helpers: word-wise boundary moves, snapping, reading order, UTF-16 offsets."""

from __future__ import annotations

from desktop.core.queries import ArticleView, ClaimView, SuggestionView
from desktop.ui.spans import Item, Utf16Map, moved_edge, reading_order, snap_to_words

TEXT = "Putin said the war will end soon, he added."


def test_end_moves_by_words():
    start, end = 0, TEXT.index(" the")  # "Putin said"
    assert moved_edge(TEXT, start, end, "end", +1) == (0, TEXT.index(" war"))
    assert moved_edge(TEXT, start, end, "end", -1) == (0, len("Putin"))
    assert moved_edge(TEXT, 0, len("Putin"), "end", -1) is None  # would empty the span


def test_start_moves_by_words():
    start = TEXT.index("the")
    assert moved_edge(TEXT, start, len(TEXT), "start", -1) == (TEXT.index("said"), len(TEXT))
    assert moved_edge(TEXT, start, len(TEXT), "start", +1) == (TEXT.index("war"), len(TEXT))
    assert moved_edge(TEXT, 0, len(TEXT), "start", -1) is None  # already at the text start


def test_snap_widens_to_whole_words():
    i = TEXT.index("war")
    assert snap_to_words(TEXT, i + 1, i + 2) == (i, i + 3)
    assert snap_to_words(TEXT, 0, len(TEXT)) == (0, len(TEXT))


def test_reading_order_mixes_claims_and_pending_suggestions():
    view = ArticleView(1, "t", None, None, None, None, "o", TEXT,
                       claims=[ClaimView(7, 10, 20, "manual", None, [], None)],
                       suggestions=[SuggestionView(0, 9, 0.9, [], None),
                                    SuggestionView(10, 20, 0.8, [], None),  # already a claim
                                    SuggestionView(21, 30, 0.7, [], "reject")])
    assert reading_order(view) == [Item(0, 9), Item(10, 20, 7)]


def test_utf16_offsets_round_trip():
    text = "a😀b😀c"
    umap = Utf16Map(text)
    for offset in range(len(text) + 1):
        assert umap.from_qt(umap.to_qt(offset)) == offset
    assert umap.to_qt(2) == 3 and umap.to_qt(5) == 7
    plain = Utf16Map("plain")
    assert plain.to_qt(3) == 3 and plain.from_qt(3) == 3
