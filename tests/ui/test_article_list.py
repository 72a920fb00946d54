"""The article list: lazy pages, filters, progress per annotator."""

from __future__ import annotations

import pytest

from desktop.core import services
from desktop.core.importing import import_records
from desktop.core.records import ArticleRecord
from desktop.ui.models.article_list import PAGE, ArticleListModel
from tests.ui.conftest import ANNOTATOR


@pytest.fixture
def many(store):
    records = [ArticleRecord(text=f"Article number {i} says the port reopened on day {i}.",
                             origin=f"a{i:04}.txt", title=f"Report {i}",
                             source="Wire" if i % 2 else "Daily")
               for i in range(450)]
    report = import_records(store, records)
    assert len(report.added) == 450
    return store


def test_pages_arrive_as_the_view_asks(qtbot, many):
    model = ArticleListModel(many, ANNOTATOR)
    model.reload()
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()


def test_row_of_fetches_until_found(qtbot, many):
    model = ArticleListModel(many, ANNOTATOR)
    model.reload()
    assert model.row_of(430) == 429


def test_filters(qtbot, many):
    model = ArticleListModel(many, ANNOTATOR)
    model.set_filter(search="Report 12", source=None)
    assert [model.row_at(i).title for i in range(model.rowCount())] == [
        "Report 12", *[f"Report {n}" for n in range(120, 130)]]
    model.set_filter(source="Wire")
    model.fetchMore()
    assert model.rowCount() == 225
    claim = services.create_claim(many, ANNOTATOR, 2, 0, 7).claim_id
    services.set_verdict(many, ANNOTATOR, claim, "verified")
    model.set_filter(progress="done")
    assert [model.row_at(i).id for i in range(model.rowCount())] == [2]
    model.set_annotator("someone else")  # progress is per annotator
    assert model.rowCount() == 0


def test_window_list_widget_counts_and_search(open_window, qtbot, many):
    window = open_window()
    assert window.articles.count.text() == "450 articles"
    qtbot.keyClicks(window.articles.search, "Report 44")
    qtbot.waitUntil(lambda: window.articles.model.rowCount() == 11)
    assert window.articles.count.text() == "11 articles"
