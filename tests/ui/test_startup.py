"""Process-wide start-up state (the garbage collector, the import hook) changes in one
place, on the UI thread, and is put back when spaCy has loaded."""

from __future__ import annotations

import builtins
import gc
import threading

from desktop.ui import startup
from tests.ui.conftest import wait_idle


def test_nlp_loads_once_and_leaves_the_process_as_it_was(qtbot):
    hook = builtins.__import__
    ran: list[int] = []
    startup.with_nlp(lambda: ran.append(1))
    startup.with_nlp(lambda: ran.append(2))  # while loading: queued, one load
    wait_idle(qtbot, timeout=120_000)
    qtbot.waitUntil(lambda: ran == [1, 2], timeout=5000)
    assert startup.nlp_loaded()
    assert gc.isenabled() and builtins.__import__ is hook
    startup.with_nlp(lambda: ran.append(3))  # loaded: at once
    assert ran == [1, 2, 3]


def test_worker_threads_may_not_change_it():
    errors = []

    def worker() -> None:
        for call in (startup.session_started, lambda: startup.with_nlp(lambda: None)):
            try:
                call()
            except AssertionError as exc:
                errors.append(str(exc))

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert len(errors) == 2 and all("UI thread only" in e for e in errors)


def test_opening_the_window_does_not_import_spacy():
    """spaCy (~1.2 s of imports) loads in the background when first needed, never on the way
    to a usable window (budget: 1.5 s on 10,000 articles)."""
    import subprocess
    import sys

    code = ("import sys; import desktop.ui.app, desktop.ui.main_window; "
            "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]", "the window's imports pull in spaCy: " + out.stdout
