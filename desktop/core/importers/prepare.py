"""The last checks every record passes before it is stored, whatever its format.

- Control characters: one rule for SQLite and PostgreSQL (normalise.replace_controls),
  applied before the text hash, and said in the report.
- Size: the limit covers the whole record (text, fields, meta, notes), not just the text:
  a small text must not smuggle a 96 MB `meta` in.
- Annotators: a label whose file names nobody belongs to the importing user
  (--annotator); without one, its verdict is kept as the claim's tag and said so.
- Same text twice in one file: the records merge into one article (`merge_same_text`).
No database here.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.importers.decode import BadInput, human_size
from desktop.core.importers.jsonvalues import check_tree
from desktop.core.importers.normalise import has_controls, replace_controls
from desktop.core.records import ArticleRecord, ImportProblem

FIELDS = ("title", "source", "url", "author", "published", "origin")


def where(rec: ArticleRecord) -> str:
    file = rec.file or rec.origin
    if rec.line is not None:
        return f"{file}:{rec.line}"
    return f"{file}: {rec.item}" if rec.item else file


def prepare(
    rec: ArticleRecord, max_bytes: int, annotator: str | None
) -> ArticleRecord | ImportProblem:
    dumped = json.dumps(rec.meta, ensure_ascii=False) if rec.meta else ""
    size, meta_size = record_size(rec, dumped)
    if size > max_bytes:
        detail = f" (meta {human_size(meta_size)})" if meta_size > max_bytes // 2 else ""
        return problem(
            rec, f"record is {human_size(size)}{detail}, over the {human_size(max_bytes)} limit"
        )
    strings = _claim_strings(rec)
    try:  # every string it stores encodes, no value nests too deep (whatever the reader)
        check_tree([rec.text, rec.meta, [getattr(rec, f) for f in FIELDS], strings])
    except BadInput as e:
        return problem(rec, str(e))
    _clean(rec, dumped, strings)
    _attribute(rec, annotator)
    return rec


def _claim_strings(rec: ArticleRecord) -> list[str | None]:
    """Every string of the claims, labels, sources and reviews (None where absent)."""
    out: list = []
    for c in rec.claims:
        out.append(c.tag)
        for lr in c.labels:
            out += [lr.annotator, lr.note, lr.created_at, lr.updated_at]
            for s in lr.sources:
                out += [s.url, s.title, s.note]
        if c.review is not None:
            out += [c.review.reviewer, c.review.note]
    return out


def problem(rec: ArticleRecord, reason: str) -> ImportProblem:
    if rec.line is None and rec.item:
        reason = f"{rec.item}: {reason}"
    return ImportProblem(rec.file or rec.origin, reason, line=rec.line)


def record_size(rec: ArticleRecord, dumped_meta: str) -> tuple[int, int]:
    """(bytes the record would store, of which meta) in UTF-8 JSON terms."""
    meta = len(dumped_meta.encode("utf-8"))
    size = len(rec.text.encode("utf-8")) + meta
    size += sum(len(v) for f in FIELDS if (v := getattr(rec, f)))
    for c in rec.claims:
        size += 16 + len(c.tag or "")
        for lr in c.labels:
            size += 32 + len(lr.note or "") + sum(len(s.note or "") + len(s.title or "")
                                                  + len(s.url or "") for s in lr.sources)
        if c.review is not None:
            size += 32 + len(c.review.note or "")
    return size, meta


def _clean(rec: ArticleRecord, dumped: str, claim_strings: list[str | None]) -> None:
    rec.text, n = replace_controls(rec.text)
    if n:
        rec.notes.append(
            f"{n} control character{'s' if n != 1 else ''} (U+0000-U+001F other than tab and "
            "newline) replaced with U+FFFD; offsets unchanged"
        )
    for f in FIELDS:
        value = getattr(rec, f)
        if value:
            setattr(rec, f, replace_controls(value)[0])
    if rec.meta and ("\\u00" in dumped or "\\b" in dumped or "\\f" in dumped):
        rec.meta = _clean_value(rec.meta)  # (how JSON writes control characters)
    if not has_controls("".join(filter(None, claim_strings))):
        return  # nearly always: one scan instead of one per label's field
    for c in rec.claims:
        c.tag = _opt(c.tag)
        for lr in c.labels:
            lr.annotator, lr.note = _opt(lr.annotator), _opt(lr.note)
            for s in lr.sources:
                s.title, s.note = _opt(s.title), _opt(s.note)
        if c.review is not None:
            c.review.reviewer = replace_controls(c.review.reviewer)[0]
            c.review.note = _opt(c.review.note)


def _opt(value: str | None) -> str | None:
    return replace_controls(value)[0] if value else value


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return replace_controls(value)[0]
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {_clean_value(k): _clean_value(v) for k, v in value.items()}
    return value


def _attribute(rec: ArticleRecord, annotator: str | None) -> None:
    unnamed = 0
    for c in rec.claims:
        if all(lr.annotator for lr in c.labels):
            continue
        kept = []
        for lr in c.labels:
            if lr.annotator:
                kept.append(lr)
            elif annotator:
                lr.annotator = annotator
                kept.append(lr)
            else:
                unnamed += 1
                c.tag = c.tag or (lr.verdict.upper() if lr.verdict else None)
        c.labels = kept
    if unnamed:
        rec.notes.append(
            f"{unnamed} verdict label{'s' if unnamed != 1 else ''} name no annotator: kept as "
            "the claim's tag (import with --annotator NAME to make them labels)"
        )


def merge_same_text(first: ArticleRecord, other: ArticleRecord) -> None:
    """Fold `other` (same text, same file) into `first`: every claim, label, suggestion.

    A claim both name keeps the first record's labels and adds the other's by annotators
    not seen yet; the same annotator twice on one claim keeps the first and says so.
    """
    claims = {(c.start, c.end): c for c in first.claims}
    for c in other.claims:
        mine = claims.get((c.start, c.end))
        if mine is None:
            claims[c.start, c.end] = c
            first.claims.append(c)
            continue
        mine.tag = mine.tag or c.tag
        mine.review = mine.review or c.review
        seen = {lr.annotator for lr in mine.labels}
        for lr in c.labels:
            if lr.annotator in seen:
                if lr.verdict != next(x.verdict for x in mine.labels if x.annotator == lr.annotator):
                    first.notes.append(
                        f"claim {c.start}-{c.end} labelled twice by {lr.annotator!r} "
                        f"({where(other)}); the first label was kept"
                    )
                continue
            seen.add(lr.annotator)
            mine.labels.append(lr)
    first.suggestions.extend(other.suggestions)
    first.rejected.extend(other.rejected)  # Prodigy rejects of the same text (learning)
    first.answered = first.answered or other.answered
    for key, value in other.meta.items():
        first.meta.setdefault(key, value)
    first.notes.extend(other.notes)
