"""Suggestions in worker processes: same results as in-process, progress, prompt cancel.

Starting a worker costs seconds (spawn, import spaCy, load the model), so the tests
share one two-worker pool where they can.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
import time
from pathlib import Path

import pytest

from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.runner import SuggestPool, suggest_many
from desktop.core.nlp.suggester import suggest_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def items() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def pool():
    before = children()
    with SuggestPool(n_process=2) as p:
        yield p
    assert_no_children_beyond(before)


def children() -> set[int]:
    return {p.pid for p in mp.active_children()}


def assert_no_children_beyond(before: set[int]) -> None:
    """Every worker started since ``before`` has exited (the shared pool may live on)."""
    deadline = time.monotonic() + 5
    while children() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children() - before == set()


def test_two_workers_match_in_process(pool, items) -> None:
    here = list(suggest_many(items, in_process=True, batch_size=2))
    seen: list[tuple[int, int]] = []
    there = list(pool.map(items, batch_size=2, progress=lambda d, n: seen.append((d, n))))
    assert there == here
    assert [k for k, _ in there] == [k for k, _ in items]
    assert sum(len(s) for _, s in here) > 20
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert not pool.info().degraded


def test_pool_survives_an_abandoned_map(pool, items) -> None:
    first = pool.map(items, batch_size=1)
    key, _ = next(first)
    first.close()  # e.g. the analyst opened another article
    again = list(pool.map(items[:2], batch_size=1))
    assert key == items[0][0]
    assert [k for k, _ in again] == [k for k, _ in items[:2]]


def test_article_streams_pieces_like_in_process(pool, items) -> None:
    text = items[1][1]
    streamed = list(pool.article(text, chunk_words=100))
    assert len(streamed) > 1
    assert streamed == list(suggest_article(load_pipeline()[0], text, chunk_words=100))


def test_cancel_stops_promptly_and_leaves_no_children(items) -> None:
    before = children()
    cancel = threading.Event()
    got = []
    with SuggestPool(n_process=2) as own:
        it = own.map(items * 40, batch_size=4, cancel=cancel)
        got.append(next(it))
        cancel.set()
        started = time.monotonic()
        got.extend(it)
        assert time.monotonic() - started < 2
    assert len(got) == 1
    assert_no_children_beyond(before)


def test_cancel_before_start_yields_nothing(items) -> None:
    cancel = threading.Event()
    cancel.set()
    assert list(suggest_many(items, in_process=True, cancel=cancel)) == []
    assert list(suggest_many(items, n_process=2, cancel=cancel)) == []


def test_in_process_cancel_mid_way(items) -> None:
    cancel = threading.Event()
    got = []
    for item in suggest_many(items, in_process=True, batch_size=1, cancel=cancel):
        got.append(item)
        cancel.set()
    assert len(got) == 1


def test_leaving_suggest_many_early_stops_its_workers(items) -> None:
    before = children()
    it = suggest_many(items * 10, n_process=1, batch_size=1)
    next(it)
    it.close()
    assert_no_children_beyond(before)
