"""The collector pause is shared: an export and a cluster rebuild on two worker threads
overlap, and the collector is back on only when the last of them ends (each toggling it
alone left it off for good, or on in the middle of the other's work)."""

from __future__ import annotations

import gc
import threading

from desktop.core import gcpause


def test_overlapping_pauses_on_two_threads_restore_the_collector_once():
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def export_like() -> None:
        with gcpause.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def rebuild_like() -> None:
        first_in.wait(5)
        with gcpause.paused():
            second_in.set()
            first_out.wait(5)
            seen["during"] = gc.isenabled()  # the export ended; this one still runs

    threads = [threading.Thread(target=export_like), threading.Thread(target=rebuild_like)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"during": False}
    assert gc.isenabled()


def test_a_pause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with gcpause.paused(), gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with gcpause.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
