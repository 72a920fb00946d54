"""The full JSONL export on every core: batches of articles are tokenized and written by
forked worker processes, each batch in its turn, so the file is the serial one.

Tokens are two thirds of the export (~3.3 s of ~5 s for 10,000 articles of 600 words)
and depend on nothing but each text: a text's tokens are the same whatever a FastTokens
cache holds. The export's first PARALLEL_FROM articles are done here, which teaches the
cache the common words; then the workers are forked, each with a copy of that cache. This
process goes on reading the database and making each line but its tokens and spans
(jsonl.line_job); a worker makes a batch's lines and writes them to the file (the open
file is shared by the fork) once every earlier batch is written. Nothing big comes back:
piping the token JSON (450 MB) to this process cost more CPU than the workers saved.

When: only from a single-threaded process (the CLI, a script). os.fork in a process
with other threads may copy a lock one of them holds, and forking the window's large
process stalls its thread (core/spawned.py), so an export the window runs stays serial.
And only past PARALLEL_FROM articles: below, forking costs more than it saves.

Memory: at most IN_FLIGHT batches per worker are out at once, whatever the corpus size.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import IO, Any

from desktop.core.export.tokens import FastTokens

PARALLEL_FROM = 1_000  # articles (~16 batches of 64)
IN_FLIGHT = 3  # batches per worker: enough to keep each busy while another writes
MAX_WORKERS = 4

Make = Callable[[FastTokens, list[Any]], list[bytes]]  # a batch's lines, with a cache


def workers_for(processes: int | None) -> int:
    """How many worker processes an export may use (1: all in this process). None
    chooses: the cores this process may run on, when forking is safe here (and then
    only the idle ones: see _idle_cores)."""
    if processes is not None:
        return max(1, processes)
    if not sys.platform.startswith("linux"):  # fork is unsafe on macOS, absent on Windows
        return 1
    # the window's exports run on Qt pool threads (which threading may not list), and a
    # program may have other threads of its own
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def _idle_ticks() -> int | None:
    """The machine's idle CPU time so far, in clock ticks (/proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()
        return int(fields[4]) + int(fields[5])  # idle, iowait
    except (OSError, ValueError, IndexError):
        return None


def _idle_cores(since_ticks: int | None, since: float) -> float:
    """Cores nobody used since then (all of them if that can't be read). On a shared
    machine the cores busy with other work would only slow the workers down: with one
    other busy process on two cores, forking made the export up to 50 % slower."""
    now = _idle_ticks()
    seconds = time.monotonic() - since
    if now is None or since_ticks is None or seconds <= 0:
        return float(MAX_WORKERS)
    return (now - since_ticks) / os.sysconf("SC_CLK_TCK") / seconds


def write_in_order(
    f: IO[bytes], batches: Iterable[list[Any]], make: Make, processes: int | None = None
) -> None:
    """Write the lines make(cache, batch) for each batch to `f`, in order."""
    batches = iter(batches)
    workers = workers_for(processes)
    tokens = FastTokens()  # one cache of tokenized pieces for the whole file
    seen, idle_at, since = 0, _idle_ticks(), time.monotonic()
    for batch in batches:
        f.writelines(make(tokens, batch))
        seen += len(batch)
        if workers > 1 and seen >= PARALLEL_FROM:
            if processes is None:  # the cores idle while those articles were made, and ours
                usable = min(workers, int(1 + _idle_cores(idle_at, since) + 0.25))
                if os.getloadavg()[0] > usable - 0.5:  # busy this last minute (ours is ~1)
                    usable = 1
                if usable < 2:  # try again after as many articles
                    seen, idle_at, since = 0, _idle_ticks(), time.monotonic()
                    continue
                workers = usable
            # The workers start with this cache (a copy each): the first articles taught
            # it the common words, which they need not learn again.
            f.flush()  # the workers write after what this process wrote
            _in_workers(f.fileno(), batches, make, workers, tokens)
            return


# -- in the workers -------------------------------------------------------------------------
class Aborted(Exception):
    """Another batch failed: this worker stops waiting for its turn."""


_fd = -1
_make: Make | None = None
_tokens: FastTokens | None = None
_turn: Any = None  # the number of the batch whose turn it is to be written
_abort: Any = None  # set when the export failed: nobody waits for a turn that won't come
_turn_changed: Any = None


def _in_workers(
    fd: int, batches: Iterator[list[Any]], make: Make, workers: int, tokens: FastTokens
) -> None:
    ctx = multiprocessing.get_context("fork")
    turn, abort = ctx.Value("q", 0, lock=False), ctx.Value("b", 0, lock=False)
    changed = ctx.Condition()
    # A worker that dies (the OOM killer) breaks the pool: the others are stopped and
    # result() raises BrokenProcessPool, where multiprocessing.Pool would wait forever.
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start,
                               initargs=(fd, make, tokens, turn, abort, changed))  # fmt: skip
    try:
        pending: deque = deque()
        for n, batch in enumerate(batches):
            pending.append(pool.submit(_write_batch, n, batch))
            if len(pending) >= workers * IN_FLIGHT:
                pending.popleft().result()  # raises what the worker raised
        while pending:
            pending.popleft().result()
    except BaseException:
        abort.value = 1
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # reaped: their CPU counts as ours


def _start(fd: int, make: Make, tokens: FastTokens, turn: Any, abort: Any, changed: Any) -> None:
    global _fd, _make, _tokens, _turn, _abort, _turn_changed
    _fd, _make, _tokens, _turn, _abort, _turn_changed = fd, make, tokens, turn, abort, changed


def _write_batch(n: int, batch: list[Any]) -> None:
    assert _make is not None and _tokens is not None
    lines = _make(_tokens, batch)
    with _turn_changed:
        while _turn.value != n:  # batches are taken in order: the earlier ones are being made
            if _abort.value:
                raise Aborted
            _turn_changed.wait(0.1)
    _write_all(_fd, lines)
    with _turn_changed:
        _turn.value = n + 1
        _turn_changed.notify_all()


def _write_all(fd: int, lines: list[bytes]) -> None:
    # one os.write a line: os.writev of a batch's lines cost 5x the system time here
    for line in lines:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
