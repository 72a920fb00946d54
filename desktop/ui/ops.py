"""One runner for Desk calls and one signal for what they changed.

Every mutating call the window makes goes through `Ops`: it runs a `Desk` call, turns a
refusal (`DeskError`) into a message, and broadcasts the returned `Changes` on
`changed`. Views connect to that one signal and decide for themselves what to redraw;
nobody wires "X changed, so redraw Y" by hand.

`run()` runs the call on a worker thread (ui/workers.py) and broadcasts when it is done:
imports, exports, suggestions, learning. `now()` is for single-row label and review
commits (a few milliseconds, committed before the key's effect is shown, in the order the
keys were pressed); a thread hop would only reorder fast keystrokes. `publish()` lets a
flow that runs its own task (with a progress dialog) broadcast its Changes the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.changes import Changes
from desktop.core.desk import Desk, UndoState
from desktop.core.errors import DeskError
from desktop.ui import workers


class Ops(QObject):
    changed = Signal(object)  # Changes, after every successful mutating call
    failed = Signal(str)  # a refusal, in words for people

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_ms = 0.0  # duration of the last now() call (the bench reads it)

    def now(self, call: Callable[[Desk], Changes]) -> Changes | None:
        t0 = time.perf_counter()
        try:
            changes = call(self.desk)
        except DeskError as exc:
            self.failed.emit(_sentence(str(exc)))
            return None
        self.last_ms = (time.perf_counter() - t0) * 1000
        self.publish(changes)
        return changes

    def run(self, name: str, call: Callable[..., Changes], *,
            progress: Callable[[int, int, str], Any] | None = None,
            done: Callable[[Changes], Any] | None = None) -> workers.Task:
        """call(desk, report, cancel) on a worker; its Changes are broadcast on the UI thread."""
        desk = self.desk

        def finished(changes: Changes) -> None:
            self.publish(changes)
            if done is not None:
                done(changes)

        return workers.start(name, lambda report, cancel: call(desk, report, cancel),
                             progress=progress, finished=finished,
                             failed=lambda m: self.failed.emit(m))

    def publish(self, changes: Changes) -> None:
        """Broadcast, also when nothing changed but there is somewhere to go (the same span
        made a claim again: the window still moves to that claim)."""
        if not changes.empty or changes.summary or changes.claim_id is not None:
            self.changed.emit(changes)

    def undo_state(self) -> UndoState:
        try:
            return self.desk.undo_state()
        except DeskError:
            return UndoState(None, None)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
