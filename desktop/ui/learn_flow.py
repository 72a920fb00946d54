"""Tools → Learn from our decisions, and the same in the background every LEARN_EVERY
decisions: retrain the team's suggestion model (core/learning.py) and say what changed.

Learning parses the decided sentences with spaCy, so it runs in a spawned process
(learning.learn_in_subprocess) waited on from a worker thread: the window never holds
the GIL for it. When a better model replaced the old one, the suggestions of articles
nobody has made a claim in yet are recomputed in the background with it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from desktop.core.changes import Changes
from desktop.ui import workers
from desktop.ui.commands import WINDOW, Command, register

DECISIONS = frozenset({"accept_suggestion", "reject_suggestion", "create_claim", "set_verdict"})
COMMAND = Command(
    "learn", "&Learn from our decisions", (), WINDOW, "Tools", None,
    "Retrain the suggestion model from the team's accepts, rejects and claims",
)  # fmt: skip
register(COMMAND)  # in the registry before any window is built: menus, sheet, README table


class LearnFlow(QObject):
    def __init__(self, window: Any, every: int | None = None) -> None:
        super().__init__(window)
        from desktop.core.learning import LEARN_EVERY

        self.window = window
        self.every = every or LEARN_EVERY
        self.task: workers.Task | None = None
        self.new_decisions = 0
        self.last_report: Any = None
        self.asked = False  # started from the menu: the analyst waits for a report
        self.report_box: QMessageBox | None = None
        window.ops.changed.connect(self._count)

    def start(self, *, background: bool = False) -> bool:
        """Learn now (one run at a time); ``background``: started by the decision count."""
        if self.task is not None:
            return False
        self.new_decisions = 0
        self.asked = not background
        url = self.window.desk.store.url
        if not background:
            self.window.status.set_busy("Learning from your decisions…")

        def run(_report, cancel) -> Any:
            from desktop.core.learning import learn_in_subprocess

            return learn_in_subprocess(url, cancel)

        self.task = workers.start("Learning", run, finished=self._finished, failed=self._failed)
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _count(self, changes: Changes) -> None:
        # An imported Prodigy file of accepts and rejects is the team's decisions too.
        n = 1 if changes.action in DECISIONS else changes.decisions
        if n:
            self.new_decisions += n
            if self.new_decisions >= self.every:
                self.start(background=True)

    def _finished(self, report: Any) -> None:
        self._end()
        if report is None:  # cancelled
            return
        self.last_report = report
        self.window.ops.publish(
            Changes(action="learn", model=report.replaced, summary=report.headline)
        )
        todo: list[int] = []
        if report.replaced:
            from desktop.core.learning import unlabelled_articles

            todo = unlabelled_articles(self.window.desk.store)
            if todo:
                self.window.suggester.start(todo, note=report.headline)
        if self.asked:
            self._show_report(report, len(todo))

    def _show_report(self, report: Any, recomputing: int) -> None:
        """The run in full, in a box that does not block the window (a background run
        only says its headline in the status bar)."""
        lines = report.details()
        if recomputing:
            lines.append(f"Suggestions of {recomputing} articles without claims are being "
                         "recomputed with the new model.")  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Information, "Learn from our decisions",
                          report.headline, QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.setInformativeText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.report_box = box

    def _failed(self, message: str) -> None:
        self._end()
        self.window.show_message(f"Learning failed: {message}")

    def _end(self) -> None:
        self.task = None
        self.window.status.set_busy(None)


def install_learn_flow(window: Any) -> LearnFlow:
    """Add Tools → Learn from our decisions to ``window`` and count its decisions."""
    flow = LearnFlow(window)
    window.commands.add(COMMAND, flow.start)
    return flow
