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
from typing import IO, Any

import numpy as np
import orjson

from desktop.core.export.atomic import atomic_file
from desktop.core.export.hashing import input_hash, stable_hash, task_hash
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


def spans_of(art: ArticleExport, ranges: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """One span per claim; `ranges`: each claim's (first, last) token."""
    return [
        {
            "start": c["start"],
            "end": c["end"],
            "token_start": first,
            "token_end": last,
            "label": span_label(c["verdict"]),
            "text": c["text"],
        }
        for c, (first, last) in zip(art.claims, ranges, strict=True)
    ]


def token_ranges(batch: list[ArticleExport], tokens: list[Tokens]) -> list[list[tuple[int, int]]]:
    """Each claim's (first, last) token (Tokens.token_range), for a batch of articles in two
    numpy searches: offsets made unique by adding each article's place in the batch."""
    per = [len(a.claims) for a in batch]
    if not any(per):
        return [[] for _ in batch]
    places = np.cumsum([0] + [len(a.text) + 1 for a in batch[:-1]])
    before = np.cumsum([0] + [len(t.starts) for t in tokens[:-1]])  # tokens before each
    starts = np.concatenate([t.starts + place for t, place in zip(tokens, places, strict=True)])
    shift = np.repeat(places, per)
    claims = [c for a in batch for c in a.claims]
    at = np.array([c["start"] for c in claims], dtype=np.int64) + shift
    to = np.array([c["end"] for c in claims], dtype=np.int64) + shift - 1
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


def article_line(art: ArticleExport, tokens: Tokens, ranges: list[tuple[int, int]]) -> bytes:
    spans = spans_of(art, ranges)
    ih = input_hash(art.text)
    th = _task_hash(ih, [(sp["start"], sp["end"], sp["label"]) for sp in spans])
    parts = [
        b'{"text":',
        _dumps(art.text),
        b',"meta":',
        _dumps(art.meta),
        b',"_input_hash":%d,"_task_hash":%d,"answer":"accept","tokens":[' % (ih, th),
        tokens.body,
        b'],"spans":',
        _dumps(spans),
        b',"claims":',
        _dumps(art.claims),
    ]
    if art.suggestions is not None:
        parts += [b',"suggestions":', _dumps(art.suggestions)]
    parts.append(b"}\n")
    return b"".join(parts)


def claim_lines(art: ArticleExport) -> Iterator[bytes]:
    for c in art.claims:
        yield _dumps({**c, "article": art.meta}) + b"\n"


def write(f: IO[bytes], store: Store, options: ExportOptions, counts: ExportCounts) -> None:
    articles = iter_articles(store, options, counts)
    if options.per_claim:
        for art in articles:
            f.writelines(claim_lines(art))
        return
    tokens = FastTokens()  # one cache of tokenized pieces for the whole file
    for batch in _batched(articles, TOKEN_BATCH):
        toks = tokens.many([a.text for a in batch])
        for art, t, ranges in zip(batch, toks, token_ranges(batch, toks), strict=True):
            f.write(article_line(art, t, ranges))


def export_jsonl(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    counts = ExportCounts()
    with atomic_file(path, binary=True) as f:
        write(f, store, options, counts)
    return counts
