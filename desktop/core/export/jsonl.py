"""JSONL export: one article a line (or one claim a line), the DESIGN.md contract.

Keys and their order: text, meta, _input_hash, _task_hash, answer, tokens, spans,
claims (+ suggestions with with_suggestions). Per claim: start, end, text, verdict,
labels, review, article (the meta). Written atomically and streamed chunk by chunk.

JSON by orjson (as UTF-8 bytes, written to a binary file): the same text as json.dumps
with ensure_ascii=False and no spaces, but for float notation (1e-05 is 0.00001), at a
fifth of the cost; a value orjson refuses falls back to json.dumps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from os import PathLike
from typing import IO, Any, NamedTuple

import numpy as np
import orjson

from desktop.core.export.atomic import atomic_file
from desktop.core.export.hashing import input_hash, stable_hash, task_hash
from desktop.core.export.jsonl_workers import write_in_order
from desktop.core.export.options import ExportCounts, ExportOptions
from desktop.core.export.reader import ArticleExport, iter_articles
from desktop.core.export.tokens import FastTokens, Tokens
from desktop.core.review import span_label
from desktop.core.store import Store

TOKEN_BATCH = 64  # articles tokenized together (numpy's cost is per call as much as per token)


def _batched(items: Iterable[ArticleExport], n: int) -> Iterator[list[ArticleExport]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):  # e.g. an int beyond 64 bits
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )


class LineJob(NamedTuple):
    """An article's line in parts: made where the articles are read, finished where they
    are tokenized (`lines`; jsonl_workers.py), with the text's JSON and hashes."""

    text: str
    meta: dict[str, Any]
    spans: list[tuple[int, int, str, str]]  # per claim: start, end, span label, text
    tail: bytes  # ',"claims":[...]}\n' (+ suggestions)


def line_job(art: ArticleExport) -> LineJob:
    spans = [(c["start"], c["end"], span_label(c["verdict"]), c["text"]) for c in art.claims]
    tail = [b',"claims":', _dumps(art.claims)]
    if art.suggestions is not None:
        tail += [b',"suggestions":', _dumps(art.suggestions)]
    tail.append(b"}\n")
    return LineJob(art.text, art.meta, spans, b"".join(tail))


def spans_of(job: LineJob, ranges: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """One span per claim; `ranges`: each claim's (first, last) token."""
    return [
        {
            "start": start,
            "end": end,
            "token_start": first,
            "token_end": last,
            "label": label,
            "text": text,
        }
        for (start, end, label, text), (first, last) in zip(job.spans, ranges, strict=True)
    ]


def token_ranges(
    texts: list[str], spans: list[list[tuple]], tokens: list[Tokens]
) -> list[list[tuple[int, int]]]:
    """Each span's (first, last) token (Tokens.token_range), spans[i] being (start, end,
    ...) in texts[i], for a batch of texts in two numpy searches: offsets made unique by
    adding each text's place in the batch."""
    per = [len(s) for s in spans]
    if not any(per):
        return [[] for _ in texts]
    places = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    before = np.cumsum([0] + [len(t.starts) for t in tokens[:-1]])  # tokens before each
    starts = np.concatenate([t.starts + place for t, place in zip(tokens, places, strict=True)])
    shift = np.repeat(places, per)
    flat = [sp for s in spans for sp in s]
    at = np.array([sp[0] for sp in flat], dtype=np.int64) + shift
    to = np.array([sp[1] for sp in flat], dtype=np.int64) + shift - 1
    base = np.repeat(before, per)
    first = np.maximum(np.searchsorted(starts, at, side="right") - 1 - base, 0)
    last = np.maximum(np.searchsorted(starts, to, side="right") - 1 - base, first)
    pairs = list(zip(first.tolist(), last.tolist(), strict=True))
    bounds = np.cumsum([0, *per]).tolist()
    return [pairs[i:j] for i, j in zip(bounds, bounds[1:], strict=False)]


def _task_hash(ih: int, spans: list[tuple[int, int, str]]) -> int:
    """hashing.task_hash, its JSON written by orjson when that is the same text (labels
    of printable ASCII: json.dumps escapes the rest as \\uXXXX)."""
    if all(label.isascii() and label.isprintable() for _, _, label in spans):
        return stable_hash(f"{ih} {orjson.dumps(sorted(spans)).decode()}")
    return task_hash(ih, spans)


def article_line(job: LineJob, tokens: Tokens, ranges: list[tuple[int, int]]) -> bytes:
    ih = input_hash(job.text)
    th = _task_hash(ih, [(start, end, label) for start, end, label, _ in job.spans])
    return b"".join([
        b'{"text":',
        _dumps(job.text),
        b',"meta":',
        _dumps(job.meta),
        b',"_input_hash":%d,"_task_hash":%d,"answer":"accept","tokens":[' % (ih, th),
        tokens.body,
        b'],"spans":',
        _dumps(spans_of(job, ranges)),
        job.tail,
    ])  # fmt: skip


def lines(tokens: FastTokens, jobs: list[LineJob]) -> list[bytes]:
    """The lines of a batch of articles (tokenized together: see TOKEN_BATCH). Not joined:
    a few MB in one piece is fresh memory to page in each time."""
    texts = [job.text for job in jobs]
    toks = tokens.many(texts)
    ranges = token_ranges(texts, [job.spans for job in jobs], toks)
    return list(map(article_line, jobs, toks, ranges))


def claim_lines(art: ArticleExport) -> Iterator[bytes]:
    for c in art.claims:
        yield _dumps({**c, "article": art.meta}) + b"\n"


def write(f: IO[bytes], store: Store, options: ExportOptions, counts: ExportCounts) -> None:
    articles = iter_articles(store, options, counts)
    if options.per_claim:
        for art in articles:
            f.writelines(claim_lines(art))
        return
    jobs = ([line_job(a) for a in batch] for batch in _batched(articles, TOKEN_BATCH))
    write_in_order(f, jobs, lines, options.processes)


def export_jsonl(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    counts = ExportCounts()
    with atomic_file(path, binary=True) as f:
        write(f, store, options, counts)
    return counts
