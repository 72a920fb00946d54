"""The one background mechanism: results and errors on the UI thread, cancel, registry."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from desktop.ui import workers
from tests.ui.conftest import wait_idle


def test_result_progress_and_thread(qtbot):
    seen: dict = {"progress": []}
    ui_thread = QThread.currentThread()

    def work(report, cancel):
        for i in range(3):
            report(i + 1, 3, f"step {i}")
        return threading.current_thread().name

    def finished(result):
        seen["result"] = result
        seen["on_ui_thread"] = QThread.currentThread() is ui_thread

    task = workers.start("demo", work, progress=lambda d, t, label: seen["progress"].append(d),
                         finished=finished)
    assert task in workers.running()
    wait_idle(qtbot)
    assert seen["result"] != threading.main_thread().name and seen["on_ui_thread"]
    assert seen["progress"][-1] == 3  # the last step always gets through the throttle


def test_errors_become_messages(qtbot, capsys):
    messages = []
    workers.start("Broken", lambda report, cancel: 1 / 0, failed=messages.append)
    wait_idle(qtbot)
    assert messages == ["Broken failed: division by zero"]


def test_cancel_is_cooperative(qtbot):
    started = threading.Event()
    results = []

    def work(report, cancel):
        started.set()
        cancel.wait(10)
        return "stopped" if cancel.is_set() else "ran out"

    workers.start("Long", work, finished=results.append)
    started.wait(5)
    workers.cancel_all()
    wait_idle(qtbot)
    assert results == ["stopped"]
