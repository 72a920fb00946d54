"""Undo/redo stacks derived from the append-only event log.

Each "do" event carries before/after snapshots; undoing it restores `before`, redoing
restores `after`. "undo"/"redo" events point at the original with `ref`. Replaying an
annotator's events in order rebuilds both stacks, so undo survives a restart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    ref: int | None
    action: str
    article_id: int | None = None
    claim_id: int | None = None


def stacks(events: Iterable[EventRow]) -> tuple[list[EventRow], list[EventRow]]:
    """Return (undo stack, redo stack), top of stack last."""
    undo: list[EventRow] = []
    redo: list[EventRow] = []
    by_id: dict[int, EventRow] = {}
    for ev in events:
        if ev.kind == "do":
            by_id[ev.id] = ev
            undo.append(ev)
            redo.clear()  # a new action forks history, as in every editor
        elif ev.kind == "undo" and undo and undo[-1].id == ev.ref:
            redo.append(undo.pop())
        elif ev.kind == "redo" and redo and redo[-1].id == ev.ref:
            undo.append(redo.pop())
    return undo, redo
