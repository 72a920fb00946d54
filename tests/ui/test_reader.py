"""The reader: marks, clicks, overlapping claims, dragging an edge, speed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt

from desktop.core import services
from desktop.core.importing import import_records
from desktop.core.records import ArticleRecord
from desktop.ui.spans import Item
from desktop.ui.widgets.reader import Reader
from tests.ui.conftest import ANNOTATOR, load_demo


def _center(reader: Reader, start: int, end: int) -> QPoint:
    return reader.span_rects(start, end)[0].center().toPoint()


@pytest.fixture
def window(open_window, qtbot):
    w = open_window()
    load_demo(qtbot, w)
    return w


def test_click_selects_the_claim_and_cycles_through_overlaps(window, qtbot):
    text = window.article.view.text
    outer_start = text.index("Trump")
    outer = services.create_claim(window.store, ANNOTATOR, 1, outer_start, outer_start + 60).claim_id
    inner = services.create_claim(window.store, ANNOTATOR, 1, outer_start, outer_start + 20).claim_id
    window.article.refresh()
    vp = window.reader.viewport()
    point = _center(window.reader, outer_start + 2, outer_start + 5)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=point)
    assert window.article.claim().id == inner  # the shortest first
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=point)
    assert window.article.claim().id == outer  # clicking again: the one beneath
    far = _center(window.reader, outer_start + 40, outer_start + 42)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=far)
    assert window.article.claim().id == outer
    assert window.reader.extraSelections()  # marks are painted


def test_drag_the_end_of_a_claim(window, qtbot):
    text = window.article.view.text
    start = text.index("Trump")
    claim = services.create_claim(window.store, ANNOTATOR, 1, start, start + 10).claim_id
    window.article.open(1, claim)
    vp = window.reader.viewport()
    edge = window.reader.span_rects(start, start + 10)[-1]
    grab = QPoint(int(edge.right()), int(edge.center().y()))
    target = _center(window.reader, start + 25, start + 26)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(vp, target)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    stored = next(c for c in services.article_view(window.store, 1, ANNOTATOR).claims if c.id == claim)
    assert stored.start == start and stored.end > start + 20
    assert not text[stored.end - 1].isspace() and (stored.end == len(text) or text[stored.end].isspace())


def test_tooltip_text_of_a_suggestion(qtbot):
    from desktop.core.queries import ArticleView, SuggestionView

    reader = Reader()
    qtbot.addWidget(reader)
    view = ArticleView(1, "t", None, None, None, None, "o", "Putin said the war will end.",
                       claims=[], suggestions=[SuggestionView(0, 27, 0.81, ["prediction: will"], None)])
    reader.show_article(view)
    tip = reader._tooltip_at(3)
    assert "0.81" in tip and "prediction: will" in tip


def test_opening_a_long_article_with_many_claims_is_quick(qtbot, store):
    words = " ".join(f"word{i}" for i in range(5000))
    text = "\n\n".join(words[i:i + 600] for i in range(0, len(words), 600))
    [aid] = import_records(store, [ArticleRecord(text=text, origin="long.txt")]).added
    step = len(text) // 100
    for i in range(100):
        services.create_claim(store, ANNOTATOR, aid, i * step, i * step + step // 2)
    view = services.article_view(store, aid, ANNOTATOR)
    reader = Reader()
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    best = min(_timed(lambda: reader.show_article(view, Item(view.claims[50].start, view.claims[50].end,
                                                             view.claims[50].id))) for _ in range(3))
    assert best < 0.25, f"opening took {best * 1000:.0f} ms"  # the bench holds it to 100 ms


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t
