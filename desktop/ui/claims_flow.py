"""The Claims view in the window: a page beside the labelling page (Ctrl+Shift+C switches),
clusters kept up to date in the background, and the view's edits committed through core.

Clustering never runs on the UI thread: opening the view, and while it is open an import
or a new claim (any change that names articles or claims), queues an update on a worker
(ui/workers.py) that links only what is new (core.clusters.update_clusters: it remembers
what it has linked); large rebuilds run in worker processes.
Edits (label once, apply, split, merge) are single transactions of a few milliseconds,
committed before the view shows them, and each is undone by Ctrl+Z like any label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction

from desktop.core.labelling import LabelError
from desktop.ui import workers
from desktop.ui.commands import WINDOW, Command, register
from desktop.ui.widgets.claims_view import ClaimsView

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

KEY = "Ctrl+Shift+C"
UPDATE_DELAY_MS = 1500  # a burst of new claims is linked in one background run
LIST_LIMIT = 500  # clusters listed (largest first); the rest are a scroll of a CLI away


class ClaimsFlow(QObject):
    message = Signal(str)
    updated = Signal(object)  # ClusterReport, after a background update
    listed = Signal(int)  # clusters shown, after a (re)load

    def __init__(self, store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.annotator = store, annotator
        self.view = ClaimsView()
        self.task: workers.Task | None = None
        self.loading: workers.Task | None = None
        self._again = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(UPDATE_DELAY_MS)
        self.timer.timeout.connect(self.update)
        v = self.view
        v.label_cluster.connect(self._label)
        v.apply_member.connect(self._apply)
        v.split_member.connect(self._split)
        v.merge_clusters.connect(self._merge)

    # -- background -------------------------------------------------------------------------
    def schedule(self) -> None:
        self.timer.start()

    def update(self) -> None:
        """Link what is new in the background, then reload the list."""
        if self.task is not None:
            self._again = True
            return
        store = self.store

        def work(report, cancel):
            # Imported here, on the worker: core.clusters brings spaCy (~1 s of imports).
            from desktop.core import clusters

            return clusters.update_beside_window(
                store, progress=lambda d, t: report(d, t, "clustering"), cancel=cancel
            )

        self.task = workers.start(
            "Clustering claims", work, finished=self._updated, failed=self._failed
        )

    def _updated(self, report) -> None:
        self.task = None
        self.updated.emit(report)
        self.reload()
        if self._again:
            self._again = False
            self.update()

    def _failed(self, message: str) -> None:
        self.task = None
        self.message.emit(message)

    def reload(self) -> None:
        """Read the clusters (with what each member says differently) off the UI thread."""
        if self.loading is not None:
            return
        store, who = self.store, self.annotator

        def work(_report, _cancel):
            from desktop.core import clusters

            return clusters.list_clusters(store, who, limit=LIST_LIMIT)

        self.loading = workers.start(
            "Reading clusters", work, finished=self._loaded, failed=self._failed
        )

    def _loaded(self, views) -> None:
        self.loading = None
        self.view.show_clusters(views)
        self.listed.emit(len(views))

    def stop(self) -> None:
        self.timer.stop()
        for task in (self.task, self.loading):
            if task is not None:
                task.cancel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.stop()  # the window is closing: no update starts after it
        return False

    # -- edits --------------------------------------------------------------------------------
    def _refresh_current(self) -> None:
        """Redraw the open cluster from the database (a few rows), keep the rest."""
        from desktop.core import clusters

        cur = self.view.current_cluster()
        if cur is None:
            return
        fresh = clusters.cluster_view(self.store, cur.id, self.annotator)
        views = [fresh if v.id == cur.id else v for v in self.view.clusters if fresh or v.id != cur.id]
        self.view.show_clusters([v for v in views if v is not None], keep=cur.id)

    def _do(self, fn, *args) -> bool:
        try:
            fn(self.store, self.annotator, *args)
        except (LabelError, ValueError) as exc:
            self.message.emit(str(exc))
            return False
        return True

    def _label(self, cluster_id: int, verdict: str) -> None:
        from desktop.core.clusters import edits

        if self._do(edits.label_cluster, cluster_id, verdict):
            self._refresh_current()
            self.message.emit(f"Proposed {verdict} to every member: a applies it, member by member")

    def _apply(self, member_id: int, verdict: str | None) -> None:
        from desktop.core.clusters import edits

        if self._do(edits.apply_proposal, member_id, verdict):
            self._refresh_current()
            self.view.next_unlabelled()

    def _split(self, member_id: int) -> None:
        from desktop.core.clusters import edits

        if self._do(edits.split_member, member_id):
            self.message.emit("Member split out into a cluster of its own (Ctrl+Z undoes it)")
            self.reload()

    def _merge(self, keep: int, other: int) -> None:
        from desktop.core.clusters import edits

        if self._do(edits.merge_clusters, keep, other):
            self.message.emit("Clusters merged (Ctrl+Z undoes it)")
            self.reload()


def install(window: MainWindow) -> ClaimsFlow:
    """Put the Claims view in the window as a page beside labelling, with its key."""
    flow = ClaimsFlow(window.store, window.annotator, window)
    window.installEventFilter(flow)
    pages = window.team.pages
    pages.addWidget(flow.view)
    labelling = pages.widget(0)

    def toggle() -> None:
        if pages.currentWidget() is flow.view:
            pages.setCurrentWidget(labelling)
            window.focus_text()
        else:
            pages.setCurrentWidget(flow.view)
            flow.view.list.setFocus()
            flow.update()  # link what is new since the view was last open, then list

    def open_member(article_id: int, start: int, end: int) -> None:
        pages.setCurrentWidget(labelling)
        window.open_article(article_id)
        window.focus_text()

    flow.view.back.connect(toggle)
    flow.view.open_member.connect(open_member)
    flow.message.connect(window.show_message)
    flow.action = _add_command(window, toggle)
    ops = getattr(window, "ops", None)
    if ops is not None:
        ops.changed.connect(lambda c: _changed(flow, pages, c))
    return flow


def _changed(flow: ClaimsFlow, pages, changes) -> None:
    """While the view is open, imports and new claims are linked in the background; when
    it is closed they wait (cluster_seen remembers) and are linked as it opens."""
    if pages.currentWidget() is not flow.view:
        return
    if getattr(changes, "articles", None) or getattr(changes, "claims", None):
        flow.schedule()
    elif getattr(changes, "undo", False):
        flow.reload()


COMMAND = Command(
    "claims_view",
    "&Claims across articles",
    (KEY,),
    WINDOW,
    "View",
    None,
    "The same claim in every outlet, grouped: label once, review each",
)
register(COMMAND)  # in the registry before any window is built: menus, sheet, README table


def _add_command(window: MainWindow, handler) -> QAction:
    """The view's key, from the window's command registry (menus, shortcut sheet)."""
    return window.commands.add(COMMAND, handler)
