"""Tools → Learn from our decisions, and the background run after enough decisions."""

from __future__ import annotations

import re

from desktop.core import labelling, queries
from desktop.core.changes import Changes
from tests.ui.conftest import ARTIFACTS, load_demo, wait_idle

FIGURE = re.compile(r"\d")


def decide(store) -> int:
    """A statistics desk: accept suggestions stating a figure, reject the others."""
    n = 0
    for art in queries.list_articles(store):
        view = queries.article_view(store, art.id, None, threshold=0.3)
        for g in view.suggestions:
            fn = labelling.accept_suggestion if FIGURE.search(view.text[g.start : g.end]) else (
                labelling.reject_suggestion)  # fmt: skip
            fn(store, "ana", art.id, g.start, g.end, g.reasons)
            n += 1
    return n


def test_learn_from_the_tools_menu_reports_what_changed(qtbot, open_window) -> None:
    window = open_window()
    load_demo(qtbot, window)
    window.suggester.start(None)
    wait_idle(qtbot)
    assert decide(window.store) >= 30
    assert window.status.model.text() == "Model: shipped"
    assert "shipped model" in window.status.model.toolTip()
    action = window.actions["learn"]
    tools = window.commands.menus["Tools"]
    assert action in tools.actions()
    shown: list[str] = []
    window.ops.changed.connect(lambda c: shown.append(c.summary) if c.action == "learn" else None)
    action.trigger()
    wait_idle(qtbot, 120_000)
    report = window.learner.last_report
    assert report is not None and report.examples >= 30
    assert shown == [report.headline]
    assert len(report.headline) < 100  # fits the status bar of a 1280-pixel screen
    box = window.learner.report_box  # asked from the menu: the whole run in a report
    assert box is not None and box.isVisible() and box.text() == report.headline
    assert f"{report.examples} decisions" in box.informativeText()
    assert f"Model in use: {report.version}" in box.informativeText()
    box.accept()
    assert ("precision" in report.message) == report.replaced or "kept" in report.message
    if report.replaced:  # the status bar names the model in use from now on
        assert window.status.model.text() == f"Model: {report.version}"
        assert f"learnt from {report.examples:,} of the team's decisions" in (
            window.status.model.toolTip())
        assert "average precision" in window.status.model.toolTip()
    window.statusBar().grab().save(str(ARTIFACTS / "status_model.png"))


def test_what_learning_changed_outlasts_the_recompute_it_starts(qtbot, open_window, tmp_path) -> None:
    """A replaced model recomputes the articles nobody has claimed in; the message that says
    the recompute is done still says what learning changed (before, the recompute's "Suggested
    claims for 1 article." replaced the learn headline within seconds)."""
    window = open_window()
    load_demo(qtbot, window)
    window.suggester.start(None)
    wait_idle(qtbot)
    decide(window.store)
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Exports grew 7% in March, the ministry said. Everyone was happy.\n")
    window.import_paths([fresh])
    wait_idle(qtbot, 120_000)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.learner.start(background=True)
    wait_idle(qtbot, 120_000)
    report = window.learner.last_report
    assert report is not None and report.replaced, report.message
    assert messages[-1] == f"{report.headline}. Suggested claims for 1 article."
    assert window.suggester.note == ""  # said once


def test_enough_new_decisions_start_learning_in_the_background(qtbot, open_window) -> None:
    window = open_window()
    flow = window.learner
    flow.every = 3
    for _ in range(2):
        window.ops.publish(Changes(action="accept_suggestion", articles=frozenset({1})))
    assert flow.task is None
    window.ops.publish(Changes(action="reject_suggestion", articles=frozenset({1})))
    assert flow.task is not None  # the third decision started a run
    wait_idle(qtbot, 120_000)
    assert flow.task is None and flow.last_report is not None
    assert "at least 30" in flow.last_report.message  # an empty database: says why not
    assert flow.report_box is None  # nobody asked: the status bar says it, no box pops up


def test_an_imported_file_of_decisions_counts_toward_learning(qtbot, open_window, tmp_path) -> None:
    """300 Prodigy accepts and rejects dropped on the window are 300 decisions: enough to
    start the background run, and the status bar says what the file brought."""
    import json

    window = open_window()
    flow = window.learner
    flow.every = 40
    lines = [json.dumps({"text": f"Officials said {i} % of the budget went to roads in {1990 + i}."
                         if i % 4 == 0 else f"We hope day {i} of the talks brings calm to all.",
                         "label": "CLAIM", "answer": "accept" if i % 4 == 0 else "reject"})
             for i in range(60)]  # fmt: skip
    path = tmp_path / "decisions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.import_paths([path])
    qtbot.waitUntil(lambda: flow.task is not None or flow.last_report is not None, timeout=60_000)
    wait_idle(qtbot, 120_000)
    assert flow.last_report is not None and flow.last_report.examples == 60
    assert flow.last_report.positives == 15
    assert any("15 claims and 0 labels, 45 rejected spans to learn from" in m for m in messages)


def test_m_walks_suggestions_by_score_and_t_opens_the_article_to_teach(qtbot, open_window) -> None:
    from PySide6.QtCore import Qt

    from desktop.core.suggestion_nav import pending, teach_order

    window = open_window()
    load_demo(qtbot, window)
    window.suggester.start(None)
    wait_idle(qtbot)
    order = teach_order(window.store, window.article.threshold, unclaimed_only=True)
    current = window.article.article_id
    expected = order[order.index(current) + 1] if current in order else order[0]
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: window.article.article_id == expected)
    order = pending(window.article.view)
    assert len(order) >= 2
    qtbot.keyClick(window.reader, Qt.Key.Key_M)
    assert (window.article.current.start, window.article.current.end) == (order[0].start, order[0].end)
    qtbot.keyClick(window.reader, Qt.Key.Key_M)
    assert (window.article.current.start, window.article.current.end) == (order[1].start, order[1].end)
