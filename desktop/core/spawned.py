"""Run a long job in a freshly spawned process, with progress and cancel, from a thread.

Why a process rather than the worker thread itself: anything the job does with the GIL held
stalls the window's thread. Parsing holds it for long stretches, and ``os.fork`` holds it
while the kernel copies the page tables of a large process: forking the clustering
workers from the window's process froze it for 140-200 ms at 1,000-10,000 articles. A
spawned process starts small and forks its own workers from there.

``fn`` must be importable (a module-level function) and is called in the child as
``fn(*args, progress=..., cancel=...)``; its result and exceptions must pickle.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

POLL_SECONDS = 0.1


class SpawnedJobError(RuntimeError):
    """The job raised in its process; the message is the exception's."""


def run_spawned(
    fn: Callable[..., Any],
    *args: Any,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    grace_seconds: float = 5.0,
) -> Any:
    """``fn(*args)`` in a spawned process; its result, or None when ``cancel`` said stop.

    A cancel is first passed to the job (it stops at its next check and keeps what it
    committed); after ``grace_seconds`` the process is terminated (its open transaction
    is rolled back by the database).
    """
    ctx = mp.get_context("spawn")
    messages = ctx.SimpleQueue()
    stop = ctx.Event()
    # not a daemon: the job forks workers of its own (the finally below stops it with us)
    proc = ctx.Process(target=_child, args=(fn, args, messages, stop))
    proc.start()
    waited_after_cancel = 0.0
    try:
        while True:
            proc.join(POLL_SECONDS)
            while not messages.empty():
                kind, *payload = messages.get()
                if kind == "progress" and progress is not None:
                    progress(*payload)
                elif kind == "done":
                    return None if stop.is_set() else payload[0]
                elif kind == "error":
                    raise SpawnedJobError(payload[0])
            if not proc.is_alive() and messages.empty():
                raise SpawnedJobError(f"the job's process ended unexpectedly (exit code {proc.exitcode})")
            if cancel is not None and cancel():
                stop.set()
                waited_after_cancel += POLL_SECONDS
                if waited_after_cancel >= grace_seconds:
                    return None
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(5)
        messages.close()


def _child(fn, args, messages, stop) -> None:
    def progress(done: int, total: int) -> None:
        messages.put(("progress", done, total))

    try:
        result = fn(*args, progress=progress, cancel=stop.is_set)
    except BaseException as exc:  # reported to the parent, which raises it there
        messages.put(("error", str(exc) or type(exc).__name__))
        return
    messages.put(("done", result))
