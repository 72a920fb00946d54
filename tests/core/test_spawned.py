"""Long jobs in a spawned process (core/spawned.py): result, progress, errors, cancel; and
the Claims view's rebuild of a big corpus going there, so its forked workers never come
from the window's process."""

from __future__ import annotations

import time

import pytest

from desktop.core import clusters, spawned
from desktop.core.clusters import build, engine
from desktop.core.importing import import_paths
from desktop.core.nlp.evidence.index import ensure_index
from desktop.core.spawned import SpawnedJobError, run_spawned
from desktop.core.store import open_store
from tests.fixtures.demo_facts import evidence_nlp


def count_to(n: int, *, progress, cancel) -> int:
    for i in range(1, n + 1):
        progress(i, n)
    return n * (n + 1) // 2


def fail(message: str, *, progress, cancel) -> None:
    raise ValueError(message)


def until_cancelled(*, progress, cancel) -> str:
    progress(0, 1)
    while not cancel():
        time.sleep(0.01)
    return "stopped, with what was committed kept"


def deaf(*, progress, cancel) -> None:
    progress(0, 1)
    time.sleep(60)


def test_the_result_and_every_progress_step_come_back() -> None:
    seen = []
    assert run_spawned(count_to, 5, progress=lambda d, t: seen.append((d, t))) == 15
    assert seen == [(i, 5) for i in range(1, 6)]


def test_an_error_in_the_job_is_raised_with_its_message() -> None:
    with pytest.raises(SpawnedJobError, match="the index is gone"):
        run_spawned(fail, "the index is gone")


def test_cancel_reaches_the_job_which_stops_itself() -> None:
    started = []
    t0 = time.perf_counter()
    out = run_spawned(until_cancelled, progress=lambda d, t: started.append(d),
                      cancel=lambda: bool(started))  # fmt: skip
    assert out is None and started
    assert time.perf_counter() - t0 < 30


def test_a_job_that_ignores_cancel_is_stopped_after_the_grace() -> None:
    started = []
    t0 = time.perf_counter()
    out = run_spawned(deaf, progress=lambda d, t: started.append(d),
                      cancel=lambda: bool(started), grace_seconds=0.3)  # fmt: skip
    assert out is None and time.perf_counter() - t0 < 30


@pytest.fixture
def indexed(tmp_path, seeds_dir):
    store = open_store(str(tmp_path / "demo.db"))
    import_paths(store, [seeds_dir])
    ensure_index(store, nlp=evidence_nlp())
    yield store
    store.close()


def test_a_big_rebuild_runs_in_a_spawned_process(indexed, monkeypatch) -> None:
    calls = []
    real = spawned.run_spawned
    monkeypatch.setattr(spawned, "run_spawned", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)  # the demo counts as big here
    assert build.needs_rebuild(indexed)
    report = clusters.update_beside_window(indexed)
    assert calls and report.rebuilt and report.clusters > 0
    assert not build.needs_rebuild(indexed)  # committed by the other process
    assert clusters.list_clusters(indexed, differences=False)


def test_a_small_corpus_is_clustered_in_this_process(indexed, monkeypatch) -> None:
    monkeypatch.setattr(spawned, "run_spawned", lambda *a, **k: pytest.fail("spawned"))
    report = clusters.update_beside_window(indexed)
    assert report.rebuilt and report.clusters > 0
