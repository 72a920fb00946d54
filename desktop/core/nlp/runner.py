"""Run the suggester over many texts in worker processes, with progress and cancel.

spaCy holds the GIL while it parses, so a UI that parsed in a thread would freeze;
parsing happens in worker processes instead. Workers are started with "spawn"
(forking a process that runs Qt is unsafe), each loads the pipeline once in its
initializer, and results come back per batch, in input order, tagged with their keys.
A cancel terminates the workers at once: a batch in flight is thrown away.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Protocol, TypeVar

from desktop.core.nlp.boilerplate import line_kinds
from desktop.core.nlp.pipeline import PipelineInfo, load_pipeline
from desktop.core.nlp.suggester import (
    CHUNK_WORDS,
    DEFAULT_THRESHOLD,
    Suggestion,
    article_chunks,
    suggest_doc,
    suggest_piece,
    suggest_texts,
)

K = TypeVar("K")
WORKER_NICENESS = 10


@dataclass
class Analysis:
    """What one parse of an article yields: suggestions and evidence-index features."""

    suggestions: list[Suggestion]
    features: list[Any]


Progress = Callable[[int, int], None]

# Texts per task sent to a worker: small enough for smooth progress and prompt results,
# large enough that inter-process overhead stays negligible next to parsing.
DEFAULT_TASK_SIZE = 8
_POLL_SECONDS = 0.05  # how often a wait checks the cancel flag


class CancelFlag(Protocol):
    def is_set(self) -> bool: ...


# --- worker side -------------------------------------------------------------------

_worker_nlp: Any = None
_worker_info: PipelineInfo | None = None


def _init_worker(
    model: str | None, allow_trained: bool, claim_model: bytes | None = None, nice: bool = True
) -> None:
    global _worker_nlp, _worker_info
    if nice:
        try:  # background work: let the UI process have the CPU first
            os.nice(WORKER_NICENESS)
        except (AttributeError, OSError):
            pass
    _worker_nlp, _worker_info = load_pipeline(model, allow_trained=allow_trained)
    _use_claim_model(_worker_nlp, claim_model)


def _use_claim_model(nlp: Any, claim_model: bytes | None) -> None:
    """Score with a team's model (its bytes) instead of the shipped one."""
    from desktop.core.nlp.claim_component import use_model
    from desktop.core.nlp.scorer import ClaimModel

    if claim_model is not None:
        use_model(nlp, ClaimModel.from_bytes(claim_model))


def _worker_pipeline_info() -> PipelineInfo | None:
    return _worker_info


def _run_task(
    batch: Sequence[tuple[Any, str]], threshold: float, with_features: bool = False
) -> list[tuple[Any, Any]]:
    return _analyse(_worker_nlp, batch, threshold, with_features)


def _analyse(
    nlp: Any, batch: Sequence[tuple[Any, str]], threshold: float, with_features: bool
) -> list[tuple[Any, Any]]:
    """(key, suggestions), or (key, Analysis) with evidence features, per item."""
    texts = [text for _, text in batch]
    if not with_features:
        results = suggest_texts(nlp, texts, batch_size=len(texts), threshold=threshold)
        return [(key, found) for (key, _), found in zip(batch, results, strict=True)]
    # One parse serves both the suggester and the evidence index (parsing is ~90 % of both).
    from desktop.core.nlp.evidence import extract_features

    docs = nlp.pipe(texts, batch_size=len(texts))
    return [
        (key, Analysis(suggest_doc(doc, threshold), extract_features(doc)))
        for (key, _), doc in zip(batch, docs, strict=True)
    ]


def _run_piece(
    offset: int, piece: str, lines: list[tuple[int, int, str | None]], threshold: float
) -> list[Suggestion]:
    return suggest_piece(_worker_nlp(piece), threshold, lines, offset)


# --- parent side -------------------------------------------------------------------


class SuggestPool:
    """A pool of worker processes with the pipeline loaded; reuse it to skip start-up.

    ``map`` may be called repeatedly, and its iterator may be dropped early (the pool
    stays usable). A cancel or an error terminates the workers at once; make a new pool
    afterwards. Use as a context manager, or call ``close()``/``terminate()``.
    """

    def __init__(
        self,
        n_process: int = 1,
        model: str | None = None,
        *,
        allow_trained: bool = True,
        start_method: str = "spawn",
        claim_model: bytes | None = None,
        nice: bool = True,
    ) -> None:
        if n_process < 1:
            raise ValueError("n_process must be at least 1")
        self.n_process = n_process
        ctx = mp.get_context(start_method)
        self._pool: Pool | None = ctx.Pool(
            n_process,
            initializer=_init_worker,
            initargs=(model, allow_trained, claim_model, nice),
        )

    def info(self) -> PipelineInfo:
        """The pipeline the workers run; blocks until one worker has loaded it."""
        info = self._live().apply(_worker_pipeline_info)
        assert info is not None
        return info

    def map(
        self,
        items: Iterable[tuple[K, str]],
        *,
        batch_size: int = DEFAULT_TASK_SIZE,
        threshold: float = DEFAULT_THRESHOLD,
        progress: Progress | None = None,
        cancel: CancelFlag | None = None,
        with_features: bool = False,
    ) -> Iterator[tuple[K, Any]]:
        """``(key, suggestions)`` per item, in input order, computed by the workers
        (``(key, Analysis)`` with ``with_features``)."""
        pool = self._live()
        todo, total = _sized(items)
        batches = _batches(todo, batch_size)
        inflight: deque[tuple[int, AsyncResult]] = deque()
        done = 0
        try:
            while True:
                while len(inflight) < 2 * self.n_process:  # bounded memory, workers busy
                    batch = next(batches, None)
                    if batch is None:
                        break
                    inflight.append(
                        (len(batch), pool.apply_async(_run_task, (batch, threshold, with_features)))
                    )
                if not inflight:
                    return
                size, result = inflight.popleft()
                while not result.ready() and not _is_set(cancel):
                    result.wait(_POLL_SECONDS)
                for item in [] if _is_set(cancel) else result.get():
                    if _is_set(cancel):
                        break
                    yield item
                if _is_set(cancel):
                    self.terminate()  # kills the batches in flight: cancel is prompt
                    return
                done += size
                if progress is not None:
                    progress(done, total)
        except GeneratorExit:
            # The caller stopped early (e.g. opened another article): the pool stays
            # usable; batches already sent finish in the background, unseen.
            raise
        except BaseException:
            self.terminate()
            raise

    def article(
        self,
        text: str,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        chunk_words: int = CHUNK_WORDS,
        cancel: CancelFlag | None = None,
    ) -> Iterator[list[Suggestion]]:
        """One article's suggestions piece by piece (see ``suggest_article``), so a newly
        opened article shows its first suggestions after ~one piece of parsing."""
        pool = self._live()
        lines = line_kinds(text)
        pending = []
        for offset, piece in article_chunks(text, chunk_words):
            end = offset + len(piece)
            mine = [ln for ln in lines if offset <= ln[0] < end]  # only what the piece needs
            pending.append(pool.apply_async(_run_piece, (offset, piece, mine, threshold)))
        try:
            for result in pending:
                while not result.ready() and not _is_set(cancel):
                    result.wait(_POLL_SECONDS)
                if _is_set(cancel):
                    self.terminate()
                    return
                yield result.get()
        except GeneratorExit:
            raise
        except BaseException:
            self.terminate()
            raise

    def close(self) -> None:
        """Let the workers exit and wait for them."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        """Kill the workers now and wait until they are gone."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> SuggestPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.terminate()

    def _live(self) -> Pool:
        if self._pool is None:
            raise RuntimeError("the suggestion pool was closed or cancelled")
        return self._pool


def suggest_many(
    items: Iterable[tuple[K, str]],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_TASK_SIZE,
    model: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    in_process: bool = False,
    allow_trained: bool = True,
    with_features: bool = False,
    claim_model: bytes | None = None,
    nice: bool = True,
) -> Iterator[tuple[K, Any]]:
    """Suggestions for many ``(key, text)`` items, in input order.

    By default in ``n_process`` spawned worker processes (started here, stopped when the
    iterator ends, is closed or is cancelled). ``in_process=True`` runs in this process
    (CLI and tests; it blocks the GIL). ``progress(done, total)`` is called after each
    batch; ``cancel.is_set()`` is polled and stops promptly, leaving no child processes.
    ``with_features`` yields ``(key, Analysis)``: suggestions plus evidence-index features
    from the same parse. ``claim_model``: a team model's bytes to score with instead of
    the shipped one; ``nice=False`` keeps the workers at normal priority (command line).
    """
    if in_process:
        yield from _suggest_here(
            items, batch_size, model, threshold, progress, cancel, allow_trained, with_features,
            claim_model,
        )
        return
    if _is_set(cancel):
        return  # don't start processes only to stop them
    with SuggestPool(
        n_process, model, allow_trained=allow_trained, claim_model=claim_model, nice=nice
    ) as pool:
        yield from pool.map(
            items,
            batch_size=batch_size,
            threshold=threshold,
            progress=progress,
            cancel=cancel,
            with_features=with_features,
        )


def _suggest_here(
    items: Iterable[tuple[K, str]],
    batch_size: int,
    model: str | None,
    threshold: float,
    progress: Progress | None,
    cancel: CancelFlag | None,
    allow_trained: bool,
    with_features: bool = False,
    claim_model: bytes | None = None,
) -> Iterator[tuple[K, Any]]:
    nlp, _ = load_pipeline(model, allow_trained=allow_trained)
    if claim_model is not None:
        _use_claim_model(nlp, claim_model)
    else:  # the cached pipeline may hold a team model from an earlier call
        from desktop.core.nlp.claim_component import shipped_model, use_model

        use_model(nlp, shipped_model())
    todo, total = _sized(items)
    done = 0
    for batch in _batches(todo, batch_size):
        if _is_set(cancel):
            return
        for key, result in _analyse(nlp, batch, threshold, with_features):
            if _is_set(cancel):
                return
            yield key, result
        done += len(batch)
        if progress is not None:
            progress(done, total)


def _is_set(cancel: CancelFlag | None) -> bool:
    return cancel is not None and cancel.is_set()


def _sized(items: Iterable[tuple[K, str]]) -> tuple[Iterable[tuple[K, str]], int]:
    # Progress needs a total; an unsized iterable is read into a list first.
    if not hasattr(items, "__len__"):
        items = list(items)
    return items, len(items)  # type: ignore[arg-type]


def _batches(items: Iterable[tuple[K, str]], size: int) -> Iterator[list[tuple[K, str]]]:
    batch: list[tuple[K, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
