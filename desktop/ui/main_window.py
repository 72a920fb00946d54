"""The annotation window: article list | reader | inspector, menus, status bar.

It wires parts together and turns commands into Labeller calls; the parts own their own
behaviour (reader: display and mouse; inspector: label editing; flows: background work).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QWidget,
)

from desktop.core import changes as ch
from desktop.core import services
from desktop.core.changes import Changes
from desktop.core.desk import Desk
from desktop.ui import theme, window_layout, workers
from desktop.ui.claims_flow import install as install_claims_view
from desktop.ui.commands import CommandSet
from desktop.ui.dialogs.annotator import ask_annotator
from desktop.ui.dialogs.passage import PassageDialog
from desktop.ui.dialogs.shortcuts import ShortcutSheet
from desktop.ui.dialogs.span_picker import SpanPicker
from desktop.ui.export_flow import ExportFlow
from desktop.ui.icons import app_icon
from desktop.ui.import_flow import ImportFlow
from desktop.ui.labeller import Labeller
from desktop.ui.learn_flow import install_learn_flow
from desktop.ui.open_article import OpenArticle
from desktop.ui.ops import Ops
from desktop.ui.settings import UiSettings
from desktop.ui.spans import moved_edge
from desktop.ui.suggest_flow import SuggestFlow
from desktop.ui.suggest_flow import available as suggestions_available
from desktop.ui.suggest_keys import install as install_suggest_keys
from desktop.ui.team_views import TeamViews
from desktop.ui.widgets.article_list import ArticleList
from desktop.ui.widgets.dashboard import DashboardWidget
from desktop.ui.widgets.evidence_panel import EvidencePanel
from desktop.ui.widgets.inspector import Inspector
from desktop.ui.widgets.reader_pane import ReaderPane
from desktop.ui.widgets.review_panel import ReviewPanel
from desktop.ui.widgets.status_bar import StatusBar

NAVIGATE_TO = {"create_claim", "accept_suggestion", "resize_claim", "undo", "redo"}
MESSAGE_MS = 6000


class MainWindow(QMainWindow):
    def __init__(self, store: services.Store, annotator: str, settings: UiSettings | None = None,
                 *, auto_suggest: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.settings = settings or UiSettings()
        self.auto_suggest = self.settings.auto_suggest if auto_suggest is None else auto_suggest
        self.setWindowTitle("Claimdesk")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.desk = Desk(store, annotator)
        self.ops = Ops(self.desk, self)  # every change is announced on ops.changed
        self.labeller = Labeller(self.ops, self)
        self.article = OpenArticle(store, annotator, self)
        self.article.threshold = self.settings.threshold
        self.articles = ArticleList(store, annotator)
        self.pane = ReaderPane()
        self.reader = self.pane.reader
        self.inspector = Inspector(self.labeller, self.article)
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.status.set_identity(annotator, store.location)
        self.imports = ImportFlow(store, self)
        self.exports = ExportFlow(store, self)
        self.suggester = SuggestFlow(store, self.status, self)

        self.layout_ = window_layout.build(
            self, self.articles, self.pane, self.inspector, ReviewPanel(self.ops),
            EvidencePanel(self.labeller), DashboardWidget(store),
        )
        self.split = self.layout_.split

        self.commands = CommandSet(self)
        self.actions = self.commands  # by command id: window.actions["undo"]
        self.commands.install((self.articles, self.pane, self.inspector))
        self.labeller.history.bind(self.actions["undo"], self.actions["redo"])
        self._connect()
        self.team = TeamViews(self, self.layout_)  # review mode, evidence, dashboard
        self.claims = install_claims_view(self)  # Ctrl+Shift+C: claims across articles
        self.learner = install_learn_flow(self)  # Tools → Learn from our decisions
        install_suggest_keys(self)  # M: next most likely claim, T: next article to teach
        self._fit_to_screen(1440, 900)

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = first_size(free.width(), free.height(), width, height)
        self.resize(width, height)

    # -- wiring -------------------------------------------------------------------------------
    def _connect(self) -> None:
        a = self.actions
        handlers = {
            "undo": self.labeller.undo, "redo": self.labeller.redo, "find": self.pane.find_bar.open,
            "import_files": self.import_files, "import_folder": self.import_folder,
            "load_demo": self.load_demo, "switch_annotator": self.switch_annotator, "quit": self.close,
            "create_claim": self.create_claim, "delete_claim": self.delete_claim,
            "accept": self.inspector.accept_current, "reject": self.inspector.reject_current,
            "grow_end": lambda: self.move_edge("end", +1), "shrink_end": lambda: self.move_edge("end", -1),
            "grow_start": lambda: self.move_edge("start", -1),
            "shrink_start": lambda: self.move_edge("start", +1),
            "add_web": self.inspector.focus_url, "link_article": self.link_article,
            "edit_note": self.inspector.focus_note,
            "next_item": lambda: self.article.step(+1), "prev_item": lambda: self.article.step(-1),
            "next_article": lambda: self.articles.step(+1), "prev_article": lambda: self.articles.step(-1),
            "search": self.focus_search, "focus_text": self.focus_text,
            "suggest_all": lambda: self.suggester.start(None), "suggest_article": self.suggest_article,
            "cancel_work": self.cancel_work, "shortcuts": self.show_shortcuts, "about": self.about,
            "threshold": self.ask_threshold, "export": lambda: self.exports.ask(self.annotator, self.article.threshold),
        }
        self.commands.connect(handlers)
        for key, act in a.items():
            kind, _, value = key.partition(":")
            if kind == "verdict":
                act.triggered.connect(lambda _c=False, v=value or None: self.set_verdict(v))
            elif kind == "scheme":
                act.triggered.connect(lambda _c=False, s=value: self.set_scheme(s))
        a["auto_suggest"].setChecked(self.auto_suggest)
        a["auto_suggest"].toggled.connect(self._set_auto_suggest)
        for key in ("suggest_all", "suggest_article", "auto_suggest"):
            a[key].setEnabled(suggestions_available())

        self.articles.article_chosen.connect(self.open_article)
        self.article.opened.connect(self._opened)
        self.article.refreshed.connect(lambda v: self.reader.update_view(v, self.article.current))
        self.article.current_changed.connect(self._current_changed)
        self.reader.item_clicked.connect(self.article.select)
        self.reader.edge_dragged.connect(self.labeller.resize_claim)
        self.reader.selection_made.connect(lambda _has: self._update_actions())
        self.ops.changed.connect(self._changed)
        self.ops.failed.connect(self.show_message)
        self.inspector.link_requested.connect(self._pick_span)
        self.inspector.passage_requested.connect(self._show_passage)
        self.inspector.done_editing.connect(self.focus_text)
        self.pane.empty.load_demo.connect(self.load_demo)
        self.pane.empty.import_files.connect(self.import_files)
        self.pane.empty.set_demo_available(services.demo_corpus_path() is not None)
        self.imports.imported.connect(self._imported)
        self.imports.message.connect(self.show_message)
        self.exports.message.connect(self.show_message)
        self.suggester.message.connect(self.show_message)
        self.suggester.suggested.connect(
            lambda r: self.ops.publish(ch.suggested(getattr(r, "per_article", {}) or {})))
        self.status.cancel_requested.connect(self.cancel_work)
        self.status.annotator_clicked.connect(self.switch_annotator)
        self.status.model_clicked.connect(lambda: self.actions["learn"].trigger())
        self.show_model()
        hints = QApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _s: self.set_scheme(self.settings.scheme, save=False))

    # -- start and stop -------------------------------------------------------------------------
    def start(self) -> None:
        """After show(): restore the layout and the last article; begin background work."""
        geometry = self.settings.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        sizes = self.settings.bytes_value("window/splitter")
        if sizes is not None:
            self.split.restoreState(sizes)
        self._check_scheme(self.settings.scheme)
        last = self.settings.last_article(self.store.location)
        if last is None or not self.articles.select(last):
            first = self.articles.model.row_at(0)
            if first is not None:
                self.articles.select(first.id)
            else:
                self.open_article(None)
        self.reader.setFocus()
        if self.auto_suggest and suggestions_available() and self.articles.model.rowCount():
            QTimer.singleShot(500, self._suggest_if_open)

    def _suggest_if_open(self) -> None:
        if self.isVisible():  # a window closed within the delay starts no work
            self.suggester.start(None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inspector.flush()  # a note being typed is committed before we go
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/splitter", self.split.saveState())
        self.settings.set_last_article(self.store.location, self.article.article_id)
        self.settings.sync()
        self.team.stop()
        workers.cancel_all()
        workers.wait_all(15_000)
        QApplication.processEvents()  # deliver the tasks' last signals
        super().closeEvent(event)

    # -- articles -----------------------------------------------------------------------------
    def open_article(self, article_id: int | None, claim_id: int | None = None) -> None:
        self.article.open(article_id, claim_id)

    def _opened(self, view) -> None:
        self.pane.show_article(view, self.articles.model.rowCount() > 0)
        if view is not None:
            self.reader.show_article(view, self.article.current)
            self.setWindowTitle(f"{view.title} — Claimdesk")
            self.articles.model.update_counts(view.id, *self.article.counts())  # in case others changed it
        else:
            self.setWindowTitle("Claimdesk")
        self._update_actions()

    def _current_changed(self, item) -> None:
        self.reader.set_current(item)
        self._update_actions()

    def _update_actions(self) -> None:
        a = self.actions
        claim, suggestion = self.article.claim(), self.article.suggestion()
        has_text = self.reader.selected_span() is not None
        a["create_claim"].setEnabled(self.article.view is not None and (has_text or suggestion is not None))
        for key in ("delete_claim", "grow_end", "shrink_end", "grow_start", "shrink_start",
                    "add_web", "link_article", "edit_note"):
            a[key].setEnabled(claim is not None)
        for key in a:  # on a suggestion, a verdict accepts it first
            if key.startswith("verdict:"):
                a[key].setEnabled(claim is not None or (suggestion is not None and key != "verdict:"))
        a["accept"].setEnabled(suggestion is not None)
        a["reject"].setEnabled(suggestion is not None)
        a["suggest_article"].setEnabled(suggestions_available() and self.article.view is not None)

    # -- label actions --------------------------------------------------------------------------
    def create_claim(self) -> None:
        view = self.article.view
        span = self.reader.selected_span()
        if view is None:
            return
        if span is None:  # Enter on a suggestion accepts it
            self.inspector.accept_current()
            return
        self.labeller.create_claim(view.id, *span)

    def delete_claim(self) -> None:
        if (claim := self.article.claim()) is not None:
            self.labeller.delete_claim(claim.id)

    def set_verdict(self, verdict: str | None) -> None:
        """1/2/3 on a claim labels it; on a suggestion, accepts it and labels the new claim."""
        claim, suggestion, view = self.article.claim(), self.article.suggestion(), self.article.view
        if claim is not None:
            self.labeller.set_verdict(claim.id, verdict)
        elif suggestion is not None and view is not None and verdict is not None:
            done = self.labeller.accept_suggestion(view.id, suggestion.start, suggestion.end,
                                                   suggestion.reasons)
            if done is not None and done.claim_id is not None:
                self.labeller.set_verdict(done.claim_id, verdict)

    def move_edge(self, edge: str, step: int) -> None:
        claim, view = self.article.claim(), self.article.view
        if claim is None or view is None:
            return
        span = moved_edge(view.text, claim.start, claim.end, edge, step)
        if span is not None:
            self.labeller.resize_claim(claim.id, *span)

    def _changed(self, changes: Changes) -> None:
        """The one change bus: redraw what the change touched, go where undo/redo happened."""
        if changes.action == "import":
            self.articles.reload()
        if changes.suggestions:  # the list (its counts) and the open article if it is one
            self.articles.reload()
            if self.article.article_id in changes.suggestions:
                self.article.refresh()
        go = changes.claim_id is not None and changes.action in NAVIGATE_TO
        if changes.labels or changes.claims or changes.reviews or go:
            target = changes.article_id
            if target is not None and target != self.article.article_id and \
                    changes.action in NAVIGATE_TO:
                self.articles.select(target, emit=False)
                self.open_article(target, changes.claim_id)
            elif target is None or target == self.article.article_id:
                self.article.refresh(changes.claim_id if changes.action in NAVIGATE_TO else None)
            if self.article.view is not None:
                self.articles.model.update_counts(self.article.view.id, *self.article.counts())
        if changes.model or changes.action == "learn" or changes.suggestions:
            self.show_model()  # suggestions use the newest model, perhaps a teammate's
        if changes.summary:
            self.show_message(changes.summary)
        self._update_actions()

    def show_model(self) -> None:
        """Which suggestion model is in use, in the status bar (a learn may change it)."""
        from desktop.core.model_status import model_in_use

        model = model_in_use(self.store)
        self.status.set_model(model.label, model.describe())

    # -- sources --------------------------------------------------------------------------------
    def link_article(self) -> None:
        claim = self.article.claim()
        if claim is not None:
            self._pick_span(claim.id, self.inspector.claim.form.stance.currentData())

    def _pick_span(self, claim_id: int, stance: str) -> None:
        view = self.article.view
        if view is None:
            return
        picker = SpanPicker(self.store, self.annotator, view.id, stance, self)
        self.picker = picker  # tests reach it here; not modal to the app, only the window

        def done() -> None:
            span = picker.selection()
            if picker.article_id is not None and span is not None:
                self.labeller.add_article_source(claim_id, picker.article_id, *span,
                                                 stance=picker.stance.currentData())

        picker.accepted.connect(done)
        picker.finished.connect(lambda _r: (self.activateWindow(), self.focus_text()))
        picker.open()

    def _show_passage(self, src) -> None:
        PassageDialog(self.store, self.annotator, src, self).open()

    # -- import and suggestions ---------------------------------------------------------------------
    def import_files(self) -> None:
        from desktop.core.importers import SUPPORTED_EXTENSIONS

        patterns = " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS))
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", "",
                                                f"Articles and exports ({patterns});;All files (*)")
        if files:
            self.import_paths(files)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([folder])

    def load_demo(self) -> None:
        seeds = services.demo_corpus_path()
        if seeds is None:
            self.show_message("The demo corpus is not installed with this build.")
            return
        self.import_paths([seeds])

    def import_paths(self, paths: list) -> None:
        self.inspector.flush()
        if not self.imports.start(paths):
            self.show_message("An import is already running.")

    def _imported(self, report) -> None:
        labelled = bool(report.claims_added or report.labels_added or report.reviews_added)
        decisions = report.claims_added + report.rejections_added  # learning counts them
        self.ops.publish(ch.imported(report.added, labelled, "", decisions))  # views redraw
        if self.article.view is None and self.articles.model.rowCount():
            first = self.articles.model.row_at(0)
            if first is not None:
                self.articles.select(first.id)
        elif self.article.view is None:
            self.open_article(None)
        if report.added and self.auto_suggest and suggestions_available():
            self.suggester.start(list(report.added))

    def suggest_article(self) -> None:
        if self.article.article_id is not None:
            self.suggester.start([self.article.article_id])

    def _set_auto_suggest(self, on: bool) -> None:
        self.auto_suggest = on
        self.settings.auto_suggest = on

    def cancel_work(self) -> None:
        self.suggester.cancel()
        if self.imports.task is not None:
            self.imports.task.cancel()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- people, looks, help -------------------------------------------------------------------------
    def switch_annotator(self) -> None:
        name = ask_annotator(self.annotator, services.annotator_names(self.store), self, first_time=False)
        if name and name != self.annotator:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        self.inspector.flush()
        self.annotator = name
        self.desk.annotator = name
        self.settings.annotator = name
        self.labeller.set_annotator(name)
        self.article.set_annotator(name)
        self.articles.set_annotator(name)
        self.status.set_identity(name, self.store.location)
        self.team.set_annotator(name)
        self.show_message(f"Labelling as {name}.")

    def set_scheme(self, scheme: str, *, save: bool = True) -> None:
        if save:
            self.settings.scheme = scheme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, scheme)
        self.pane.apply_colors()
        self._check_scheme(scheme)
        self.reader.viewport().update()

    def _check_scheme(self, scheme: str) -> None:
        for s in theme.SCHEMES:
            self.actions[f"scheme:{s}"].setChecked(s == scheme)

    def show_shortcuts(self) -> None:
        self.sheet = ShortcutSheet(self)
        self.sheet.show()

    def ask_threshold(self) -> None:
        from desktop.core.queries import DEFAULT_THRESHOLD
        from desktop.core.suggesting import STORE_FLOOR
        from desktop.core.suggestion_nav import newest_scores
        from desktop.ui.dialogs.threshold import ThresholdDialog

        dialog = ThresholdDialog(self.article.threshold, STORE_FLOOR, DEFAULT_THRESHOLD,
                                 parent=self)  # fmt: skip
        self.threshold_dialog = dialog
        dialog.accepted.connect(lambda: self.set_threshold(dialog.value()))
        dialog.open()  # window-modal, not a nested event loop
        store = self.store  # read off the UI thread: 200,000 scores on 10,000 articles
        workers.start("Counting suggestions", lambda _report, _cancel: newest_scores(store),
                      finished=dialog.set_scores)

    def set_threshold(self, value: float) -> None:
        """Applied on read: no recomputation, the list of suggestions just redraws."""
        self.settings.threshold = value
        self.article.threshold = self.settings.threshold
        self.article.refresh()
        self.show_message(f"Showing suggestions scoring {self.article.threshold:.2f} or more.")

    def about(self) -> None:
        from desktop.ui.dialogs.about import show_about

        self.about_dialog = show_about(self.store.location, self)

    def focus_search(self) -> None:
        self.articles.search.setFocus()  # "/" or Ctrl+K; Ctrl+F finds in the article
        self.articles.search.selectAll()

    def focus_text(self) -> None:
        if self.reader.hasFocus():
            cur = self.reader.textCursor()
            cur.clearSelection()
            self.reader.setTextCursor(cur)
        self.reader.setFocus()

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, MESSAGE_MS)


def first_size(free_w: int, free_h: int, want_w: int = 1440, want_h: int = 900) -> tuple[int, int]:
    """The window's first size: 1440x900, or all of a smaller screen's free area less the
    window manager's frame (on a 1280x800 laptop the window ran off the edge and hid the
    right column)."""
    frame = 40  # title bar and borders
    return min(want_w, free_w), min(want_h, free_h - frame)
