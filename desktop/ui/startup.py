"""Start-up and heavy-import costs, handled in one place, by the UI thread.

spaCy's first import (~2 s, ~1,000 modules) allocates hundreds of thousands of objects;
full garbage collections during it hold the GIL for 100 ms or more and freeze the window.
PySide's import hook also reads the source of every new module (looking for
`from __feature__ import`), doubling that import. So while the NLP modules load:

- the collector is paused, and afterwards gc.freeze() moves the loaded objects out of
  later passes (they live for the session);
- the plain importlib import replaces PySide's hook (we use no __feature__).

Both are process-wide, so they are switched here only, on the UI thread, before the
loading task starts and after it ends, never from a worker thread. `with_nlp(fn)` runs fn
once the NLP modules are loaded (at once when they already are); the suggestion and
evidence flows start their work through it. `session_started()` freezes what the window's
start-up made.
"""

from __future__ import annotations

import builtins
import gc
import importlib
import threading
from collections.abc import Callable

from desktop.ui import workers

NLP_MODULES = ("desktop.core.nlp.runner", "desktop.core.nlp.evidence")

_loaded = False
_waiting: list[Callable[[], object]] = []
_task: workers.Task | None = None
_hook = None


def _on_ui_thread() -> None:
    assert threading.current_thread() is threading.main_thread(), \
        "process-wide start-up state is changed by the UI thread only"


def session_started() -> None:
    """After the window is up: its start-up objects live for the session."""
    _on_ui_thread()
    gc.freeze()


def nlp_loaded() -> bool:
    return _loaded


def with_nlp(fn: Callable[[], object]) -> None:
    """Run fn (on the UI thread) once spaCy and the NLP modules are imported."""
    global _task, _hook
    _on_ui_thread()
    if _loaded:
        fn()
        return
    _waiting.append(fn)
    if _task is not None:
        return
    _hook = builtins.__import__
    builtins.__import__ = importlib.__import__
    gc.disable()

    def load(_report: workers.Report, _cancel) -> None:
        for name in NLP_MODULES:
            importlib.import_module(name)

    _task = workers.start("Loading spaCy", load, finished=lambda _r: _done(True),
                          failed=lambda _m: _done(False))


def _done(ok: bool) -> None:
    global _loaded, _task, _hook
    _on_ui_thread()
    if _hook is not None:
        builtins.__import__ = _hook
        _hook = None
    gc.freeze()
    gc.enable()
    _loaded, _task = ok, None
    waiting = list(_waiting)
    _waiting.clear()
    for fn in waiting:  # a failed load: each flow's own import reports the error
        fn()
