"""JSONL articles: one JSON object a line, validated line by line.

A line holds `text` plus optional title/url/source/author/published (top level, or in a
nested `meta` as Prodigy writes them), other `meta` keys, and claims (see spans.py and
claims.py). A Prodigy `answer` decides the line's spans, or its whole text when the line
names none (a sentence-level "is this a claim?" task). A bad line becomes one
ImportProblem and never stops the other lines.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from desktop.core.importers.claims import parse_claims
from desktop.core.importers.decode import (
    SNIFF_BYTES,
    BadInput,
    human_size,
    looks_binary,
    too_big,
    undecodable,
    utf16_bom,
)
from desktop.core.importers.jsonvalues import check_tree, opt_str, short, type_name
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.spans import Placer, find_spans
from desktop.core.importers.urlfield import article_url
from desktop.core.records import ArticleRecord, ClaimRecord, ImportProblem

FIELDS = ("title", "url", "source", "author", "published")
# Keys that are not article metadata: Prodigy/doccano machinery and what we parse.
RESERVED = frozenset(
    {"text", "meta", "claims", "spans", "tokens", "suggestions", "entities", "relations",
     "answer", "_input_hash", "_task_hash", "_view_id", "_session_id", "_timestamp",
     "_annotator_id", *FIELDS}
)  # fmt: skip
CHOICE = ("a Prodigy choice answer (\"options\"/\"accept\") is kept in meta, not read as a "
          "claim decision: which option means check-worthy is the project's own")
EXPORT_META = frozenset({"article_id", "origin", "sha256"})
UNCHECKED = frozenset({"tokens", "suggestions"})  # large and unused: not walked
LINE_FACTOR = 30  # an export line also carries tokens, spans and claims


def read(path: Path, max_bytes: int) -> Iterator[ArticleRecord | ImportProblem]:
    with open(path, "rb") as f:
        sample = f.read(SNIFF_BYTES)
        problem = _sniff(sample)
        if problem:
            yield ImportProblem(str(path), problem)
            return
        f.seek(0)
        limit = max(LINE_FACTOR * max_bytes, 1_000_000)
        seen = False
        for lineno, line in _lines(f, limit):
            try:
                record = parse_line(line, max_bytes, limit)
            except BadInput as e:
                seen = True
                yield ImportProblem(str(path), str(e), line=lineno)
                continue
            if record is not None:
                seen = True
                # A Claimdesk export names the file each article first came from: keep it.
                record.origin, record.line = record.origin or path.name, lineno
                yield record
        if not seen:
            yield ImportProblem(str(path), "file is empty")


def _sniff(sample: bytes) -> str | None:
    if not sample:
        return "file is empty"
    if utf16_bom(sample):
        return "UTF-16 JSONL isn't supported; save the file as UTF-8"
    if looks_binary(sample):
        return "looks like a binary file, not text"
    return None


def _lines(f: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Physical lines; None for a line over `limit` bytes (skipped without loading it)."""
    lineno = 0
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, line


def parse_line(line: bytes | None, max_bytes: int, limit: int) -> ArticleRecord | None:
    if line is None:
        raise BadInput(f"line is over {human_size(limit)}, too long to import")
    if line.startswith(codecs.BOM_UTF8):
        line = line[3:]
    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadInput(undecodable(line, e)) from None
    if not s.strip():
        return None
    obj = _load(s.rstrip())
    if not isinstance(obj, dict):
        raise BadInput(f"expected a JSON object, got {type_name(obj)}")
    if isinstance(obj.get("article"), dict) and "start" in obj and "end" in obj:
        raise BadInput("per-claim export lines can't be imported; export per article")
    check_tree({k: v for k, v in obj.items() if k not in UNCHECKED})
    return build_record(obj, max_bytes)


def _load(s: str) -> Any:
    try:
        return json.loads(s, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise BadInput(f"malformed JSON: {e.msg.removesuffix(' at')} (column {e.colno})") from None
    except RecursionError:
        raise BadInput("JSON is nested too deeply") from None
    except ValueError:  # e.g. a number with thousands of digits
        raise BadInput("malformed JSON: a number is too long") from None


def _no_constant(name: str) -> None:
    raise BadInput(f"malformed JSON: {name} is not a valid number")


def build_record(obj: dict[str, Any], max_bytes: int) -> ArticleRecord:
    raw = obj.get("text")
    if raw is None:
        raise BadInput('missing "text"')
    if not isinstance(raw, str):
        raise BadInput(f'"text" must be a string, not {type_name(raw)}')
    size = len(raw.encode("utf-8"))
    if size > max_bytes:
        raise BadInput(too_big(size, max_bytes))
    text = normalise_text(raw)
    if not text.strip():  # whitespace or a lone BOM
        raise BadInput("text is empty")
    meta_in = obj.get("meta")
    if meta_in is None:
        meta_in = {}
    if not isinstance(meta_in, dict):
        raise BadInput(f'"meta" must be an object, not {type_name(meta_in)}')

    placer = Placer(raw, text)
    span_key = None
    if obj.get("claims") is not None:
        claims = parse_claims(obj["claims"], placer)
    else:
        span_key, spans = find_spans(obj, placer)
        claims = [ClaimRecord(start=s, end=e) for s, e in spans]
    answer = _answer(obj)
    if answer in ("accept", "reject") and _decides_whole_text(obj, span_key):
        claims = [ClaimRecord(start=s, end=e) for s, e in [_whole(text)]]
    rejected: list[tuple[int, int]] = []
    if answer == "reject":  # the spans are what the annotator said are NOT claims
        rejected = [(c.start, c.end) for c in claims]
    if answer in ("reject", "ignore"):
        claims = []

    fields = {k: _field(obj, meta_in, k) for k in FIELDS}
    fields["url"] = article_url(fields["url"])
    # An export's meta repeats what the article row already holds (id, file, hash): not meta.
    meta = {k: v for k, v in meta_in.items() if k not in FIELDS and k not in EXPORT_META}
    meta.update((k, v) for k, v in obj.items() if k not in RESERVED and k != span_key)
    origin = meta_in.get("origin") if isinstance(meta_in.get("origin"), str) else ""
    notes = [CHOICE] if answer in ("accept", "reject") and "options" in obj else []
    # a Prodigy answer, not a Claimdesk export (its "claims" are recorded as any claim)
    answered = answer in ("accept", "reject") and obj.get("claims") is None
    return ArticleRecord(text=text, origin=origin.strip(), meta=meta, claims=claims,
                         rejected=rejected, answered=answered, notes=notes, **fields)  # fmt: skip


def _decides_whole_text(obj: dict[str, Any], span_key: str | None) -> bool:
    """A Prodigy answer with no span to answer about is a decision on the whole text:
    a sentence-level task (``textcat.teach``, a binary "is this a claim?" queue). An empty
    ``"spans": []`` is different: the annotator marked nothing, so nothing is decided; a
    choice task (``"options"``) says what was chosen in its own ``"accept"`` list."""
    return (span_key is None and obj.get("claims") is None
            and not any(k in obj for k in ("spans", "entities", "options")))  # fmt: skip


def _whole(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def _answer(obj: dict[str, Any]) -> str | None:
    """Prodigy's binary decision on the record's spans, checked."""
    answer = obj.get("answer")
    if answer is None:
        return None
    if answer not in ("accept", "reject", "ignore"):
        raise BadInput(f'"answer" must be "accept", "reject" or "ignore", not {short(answer)}')
    return answer


def _field(obj: dict[str, Any], meta: dict[str, Any], key: str) -> str | None:
    value = opt_str(obj, key) or opt_str(meta, key, f"meta.{key}")
    return normalise_text(value) if value else None
