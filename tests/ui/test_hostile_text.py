"""Hostile text in every widget (issue 10, item 3).

Markup, entities, 100,000-character lines, bidi overrides and NUL characters come in
through the real importers (.txt, .html, .jsonl, .csv) into a real SQLite file, then the
window shows every article, claim, suggestion, source, note, teammate, review and
evidence card. Each widget must show the text literally: a QLabel left on Qt's AutoText
renders `<img src='/dev/zero'>` as an image and reads /dev/zero until memory runs out
(seen: a hung window at 14 GB). A thread timeout turns such a hang into a failure.
"""

from __future__ import annotations

import json
import time
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.core import services
from desktop.core.suggesting import save
from desktop.ui.dialogs.import_report import ImportReportDialog
from desktop.ui.dialogs.passage import PassageDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import ANNOTATOR, wait_idle

pytestmark = pytest.mark.timeout(300, method="thread")

IMG = "<img src='/dev/zero'>"
MARKUP = "<b>bold</b> <script>alert(1)</script> <a href='file:///etc/passwd'>x</a> <h1>big</h1>"
ENTITIES = "&amp; &lt;img src='/dev/zero'&gt; &#60;i&#62;"
RTL = "\u202eevil\u202c \u2067isolate\u2069"
NUL = "nul\x00here"
LONG = "W" * 100_000
TEAMMATE = "<img src='/dev/zero'> &amp; \u202eBob"
FRAGMENTS = (IMG, "<script>alert(1)</script>", "&lt;img", "\u202eevil")

# Tags our own rich texts use; anything else in a rendered text came from the data.
OUR_TAGS = {"b", "i", "br", "span", "p", "qt", "a", "table", "tr", "td", "small", "u"}

SENTENCE = ("The minister said on Monday that 42 people were hurt in Paris {0} and that "
            "police arrested 7 men, according to a statement.")


def _body(marker: str, *, nul: bool = False) -> str:
    """NUL only where the format can carry it (a JSON escape): in a .txt or .csv it makes
    the file binary, which the importers refuse."""
    parts = (marker, IMG, MARKUP, ENTITIES, RTL) + ((NUL,) if nul else ())
    return "\n\n".join(SENTENCE.format(x) for x in parts)


def _write_corpus(folder) -> None:
    """One file per importer, every field hostile, and an empty file with a hostile name."""
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        f"Title {IMG} {MARKUP}\n\n{_body('txt')}\n\n{LONG}\n\nThe end {IMG}.\n", encoding="utf-8")
    html_title = "&lt;img src='/dev/zero'&gt; entity title &amp;amp; more"
    html_body = "".join(f"<p>{SENTENCE.format('&lt;img src=&#39;/dev/zero&#39;&gt; html')} "
                        f"&lt;b&gt;{n}&lt;/b&gt; &#x202E;rtl</p>" for n in range(4))
    (folder / "hostile.html").write_text(
        f"<html><head><title>{html_title}</title></head><body><article><h1>{html_title}</h1>"
        f"{html_body}</article></body></html>", encoding="utf-8")
    with open(folder / "hostile.csv", "w", encoding="utf-8", newline="") as f:
        import csv

        w = csv.writer(f)
        w.writerow(["title", "source", "text"])
        w.writerow([f"CSV {IMG}", f"Outlet {MARKUP}", _body("csv")])
    text = _body("jsonl", nul=True)
    first = SENTENCE.format("jsonl")
    second_at = text.index(SENTENCE.format(IMG))
    claims = [
        {"start": 0, "end": len(first), "labels": [
            {"annotator": ANNOTATOR, "verdict": "conflicting", "note": f"My note {IMG} {MARKUP} {RTL}",
             "sources": [{"url": "https://example.org/a?q=<img>", "stance": "supports",
                          "title": f"Source {IMG} {ENTITIES}", "note": f"why {IMG}"}]},
            {"annotator": TEAMMATE, "verdict": "verified", "note": f"Teammate {IMG} {MARKUP}",
             "sources": [{"url": "https://example.org/b", "stance": "contradicts",
                          "title": f"Their source {IMG}"}]},
        ]},
        {"start": second_at, "end": second_at + len(SENTENCE.format(IMG)), "labels": [
            {"annotator": ANNOTATOR, "verdict": "verified"},
            {"annotator": TEAMMATE, "verdict": "unsupported", "note": IMG},
        ], "review": {"reviewer": f"Rev {IMG}", "verdict": "unsupported",
                      "note": f"Review note {IMG} {MARKUP}"}},
    ]
    record = {"text": text, "title": f"JSONL {IMG} {ENTITIES}", "source": f"Outlet {IMG}",
              "author": f"Author {MARKUP}", "url": "https://example.org/jsonl", "claims": claims}
    (folder / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / f"{IMG.replace('/', '_')}.txt").write_text("")  # an import problem naming it


class _Shown(HTMLParser):
    """What a rich text shows, and which tags it uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "br":
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def shown(text: str, fmt: Qt.TextFormat, where: str) -> str:
    """The text as the widget renders it; fails when data markup would be rendered."""
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(text))
    if fmt == Qt.TextFormat.MarkdownText:
        pytest.fail(f"{where}: markdown label")
    if not rich:
        return text
    parser = _Shown()
    parser.feed(text)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in OUR_TAGS, f"{where}: data markup <{tag}> would be rendered: {text[:300]!r}"
        if tag == "a":
            assert attrs.get("href", "").startswith(("http://", "https://")), f"{where}: {attrs}"
    return "".join(parser.parts)


def check_widgets(*roots: QWidget) -> str:
    """Every label, tool tip and item tool tip under the roots: rendered safely. Returns
    all the text they show, for the literal checks."""
    seen: list[str] = []
    for root in roots:
        for w in [root, *root.findChildren(QWidget)]:
            where = f"{type(w).__name__}#{w.objectName() or '?'} in {type(root).__name__}"
            if isinstance(w, QLabel):
                seen.append(shown(w.text(), w.textFormat(), where))
            elif isinstance(w, QLineEdit | QPlainTextEdit):  # plain by nature
                seen.append(w.text() if isinstance(w, QLineEdit) else w.toPlainText())
            if w.toolTip():
                seen.append(shown(w.toolTip(), Qt.TextFormat.AutoText, where + " tooltip"))
            if isinstance(w, QAbstractItemView) and w.model() is not None:
                model = w.model()
                for row in range(min(model.rowCount(), 50)):
                    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
                    if tip:
                        seen.append(shown(str(tip), Qt.TextFormat.AutoText, where + " item tooltip"))
    return "\n".join(seen)


def _render(qtbot, *widgets: QWidget) -> None:
    """Lay out and paint now: the hang happened here. Each paint must be quick."""
    for w in widgets:
        t0 = time.perf_counter()
        w.grab()
        QApplication.processEvents()
        assert time.perf_counter() - t0 < 10, f"painting {type(w).__name__} took too long"


@pytest.fixture
def hostile_db(tmp_path, db_path):
    folder = tmp_path / "hostile"
    _write_corpus(folder)
    store = services.open_store(str(db_path))
    report = services.import_paths(store, [folder])
    names = sorted(p.file.rsplit("/", 1)[-1] for p in report.problems)
    assert names == [f"{IMG.replace('/', '_')}.txt"], [str(p) for p in report.problems]
    assert len(report.added) == 4
    for article_id in report.added:  # suggestions over the hostile sentences, reasons too
        text = services.article_view(store, article_id, ANNOTATOR).text
        found, at = [], 0
        while (start := text.find("The minister said", at)) >= 0:
            end = text.index("statement.", start) + len("statement.")
            found.append(SimpleNamespace(start=start, end=end, score=0.9,
                                         reasons=[f"quotes {IMG}", f"names {MARKUP}"]))
            at = end
        save(store, article_id, "hostile-test", "1", found)
        if (at := text.find(LONG)) >= 0:  # a claim over the 100,000-character line
            services.create_claim(store, ANNOTATOR, article_id, at, at + len(LONG))
    store.close()
    return folder


def _walk_items(qtbot, window: MainWindow) -> str:
    """Every claim and suggestion of the open article, shown and painted."""
    seen = []
    view = window.article.view
    assert view is not None
    for _ in range(len(view.claims) + len(view.suggestions) + 1):
        window.article.step(+1)
        wait_idle(qtbot, timeout=120_000)  # the evidence search of the claim
        _render(qtbot, window)
        seen.append(check_widgets(window))
        item = window.article.current
        if item is not None:
            tip = window.reader.tooltip_html(item.start)
            if tip:
                seen.append(shown(tip, Qt.TextFormat.AutoText, "reader tooltip"))
    return "\n".join(seen)


def test_hostile_text_is_shown_literally_everywhere(hostile_db, open_window, qtbot):
    window = open_window()
    window.resize(1280, 800)
    seen: list[str] = []
    rows = window.articles.model.rowCount()
    assert rows == 4
    for row in range(rows):
        article = window.articles.model.row_at(row)
        window.articles.select(article.id)
        view = window.article.view
        assert view is not None and view.id == article.id
        _render(qtbot, window)
        seen.append(check_widgets(window))
        # the literal checks: what the core stored is exactly what is shown
        assert window.pane.heading.text() == view.title
        assert window.pane.heading.textFormat() == Qt.TextFormat.PlainText
        assert window.reader.toPlainText().replace("\u2029", "\n") == view.text.replace("\u2029", "\n")
        assert view.title in window.windowTitle()
        seen.append(_walk_items(qtbot, window))

    jsonl = next(window.articles.model.row_at(r) for r in range(rows)
                 if window.articles.model.row_at(r).title.startswith("JSONL"))
    window.articles.select(jsonl.id)
    view = window.article.view
    claim = view.claims[0]
    window.open_article(view.id, claim.id)
    wait_idle(qtbot, timeout=120_000)
    page = window.inspector.claim
    assert page.quote.text() == " ".join(view.text[claim.start:claim.end].split())
    assert page.quote.textFormat() == Qt.TextFormat.PlainText
    assert claim.mine.note and IMG in claim.mine.note
    assert page.note.toPlainText() == claim.mine.note
    heads = [row._head_text for row in page.sources.rows]
    assert any(IMG in h for h in heads), heads

    # a passage of another article as a source: its quote and title in the source list
    other = next(window.articles.model.row_at(r) for r in range(rows)
                 if window.articles.model.row_at(r).id != view.id)
    other_view = services.article_view(window.store, other.id, ANNOTATOR)
    at = other_view.text.index(IMG)
    window.labeller.add_article_source(claim.id, other.id, at - 20, at + len(IMG) + 20, stance="context")
    _render(qtbot, window)
    seen.append(check_widgets(window))
    passage_src = next(s for s in window.article.claim().mine.sources if s.kind == "article")
    passage = PassageDialog(window.store, ANNOTATOR, passage_src, window)
    qtbot.addWidget(passage)
    passage.show()
    _render(qtbot, passage)
    seen.append(check_widgets(passage))

    # teammates' labels (review mode in the inspector), the review queue, the dashboard
    window.inspector.set_review_mode(True)
    _render(qtbot, window)
    seen.append(check_widgets(window))
    window.inspector.set_review_mode(False)
    window.team.set_review_mode(True)
    review = window.team.review
    wait_idle(qtbot, timeout=60_000)
    assert review.model.rowCount() >= 2
    for _ in range(review.model.rowCount()):
        _render(qtbot, window)
        seen.append(check_widgets(window))
        review.step(+1)
    window.team.set_review_mode(False)
    window.actions["dashboard"].setChecked(True)
    wait_idle(qtbot, timeout=60_000)
    _render(qtbot, window)
    seen.append(check_widgets(window))

    # the span picker, on a hostile article with a hostile passage selected
    window.open_article(view.id, claim.id)
    window.link_article()
    picker = window.picker
    picker.select_span(other.id, at - 5, at + len(IMG) + 5)
    _render(qtbot, picker)
    seen.append(check_widgets(picker))
    picker.reject()

    # a problem report naming a hostile file, and the status bar
    report = services.import_paths(window.store, [hostile_db])
    dialog = ImportReportDialog(report, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _render(qtbot, dialog)
    seen.append(check_widgets(dialog))
    window.show_message(f"Imported {IMG} {MARKUP}")
    _render(qtbot, window.status)
    seen.append(check_widgets(window.status))
    assert window.status.currentMessage() == f"Imported {IMG} {MARKUP}"

    everything = "\n".join(seen)
    for fragment in (*FRAGMENTS, TEAMMATE, f"Review note {IMG}"):
        assert fragment in everything, f"{fragment!r} is not shown literally anywhere"


def test_tooltips_and_message_boxes_escape_data(qtbot):
    from desktop.ui.safe_text import message_box, tooltip

    tip = tooltip(f"{IMG}\n{MARKUP}")
    assert shown(tip, Qt.TextFormat.AutoText, "tooltip").split() == f"{IMG}\n{MARKUP}".split()
    box = message_box(None, "Claimdesk", f"Could not open {IMG}")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == f"Could not open {IMG}"
    check_widgets(box)
