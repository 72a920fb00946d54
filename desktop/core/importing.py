"""Import use-case: files -> articles (and claims, labels, sources, reviews, suggestions).

Records are read as a stream and written CHUNK_SIZE at a time, each chunk one transaction
of bulk inserts (import_chunk.py), so memory stays flat and labelled data goes in at
plain-import speed. If a chunk fails in the database, its records are retried one by one,
each in its own transaction: the bad one is reported (`file[:line]: reason`) and the good
ones still land. A crash loses at most the uncommitted chunk, which a re-import adds.

The same text twice in one file is one article with all the records' claims and labels;
the same text as a stored article merges its claims and labels into it (a teammate's
export), and a copy that brings nothing new is reported as a duplicate.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from desktop.core import gcpause
from desktop.core.import_chunk import ChunkCounts, ChunkWriter, Group
from desktop.core.importers import read_paths
from desktop.core.importers.claims import stated_clusters
from desktop.core.importers.normalise import text_sha256
from desktop.core.importers.prepare import merge_same_text, prepare, problem, where
from desktop.core.learning_examples import store_imported_decisions
from desktop.core.models import Article, SourceLink
from desktop.core.records import ArticleRecord, ImportProblem
from desktop.core.store import Store, StoreError

CHUNK_SIZE = 500
DEFAULT_MAX_BYTES = 5_000_000


@dataclass
class FileSummary:
    """What one file brought: the per-file lines of the import summary."""

    format: str = ""
    added: int = 0  # new articles
    merged: int = 0  # records folded into an article (same text in the file, or stored)
    duplicates: int = 0  # same text as a stored article, nothing new
    failed: int = 0
    claims: int = 0
    labels: int = 0
    reviews: int = 0
    suggestions: int = 0
    rejections: int = 0  # spans a Prodigy file rejected: negative examples, no claims
    notes: Counter = field(default_factory=Counter)  # reason -> how many records

    def describe(self) -> str:
        parts = [f"{self.added} article{'s' if self.added != 1 else ''} imported"]
        for n, what in ((self.merged, "merged"), (self.duplicates, "already there"),
                        (self.failed, "failed")):  # fmt: skip
            if n:
                parts.append(f"{n} {what}")
        if self.claims or self.labels or self.reviews:
            parts.append(f"{self.claims} claims, {self.labels} labels, {self.reviews} reviews")
        if self.suggestions:
            parts.append(f"{self.suggestions} suggestions")
        if self.rejections:
            parts.append(f"{self.rejections} rejected spans (learnt from, not claims)")
        head = (f"[{self.format}] " if self.format else "") + ", ".join(parts)
        notes = [f"  {n} × {reason}" if n > 1 else f"  {reason}" for reason, n in self.notes.items()]
        return "\n".join([head, *notes])

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("format", "added", "merged", "duplicates",
                                              "failed", "claims", "labels", "reviews",
                                              "suggestions", "rejections")} | {"notes": dict(self.notes)}  # fmt: skip


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # article ids
    duplicates: list[str] = field(default_factory=list)  # "file[:line]: same text as #id"
    problems: list[ImportProblem] = field(default_factory=list)
    files: dict[str, FileSummary] = field(default_factory=dict)
    claims_added: int = 0
    labels_added: int = 0
    reviews_added: int = 0
    suggestions_added: int = 0
    rejections_added: int = 0
    merged: int = 0
    cancelled: bool = False
    # Claims the file put in another cluster than an analyst did here: kept here, and why.
    clusters_kept: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def file(self, name: str) -> FileSummary:
        summary = self.files.get(name)
        if summary is None:
            summary = self.files[name] = FileSummary()
        return summary

    def problem(self, p: ImportProblem) -> None:
        self.problems.append(p)
        self.file(p.file).failed += 1


class _Importer:
    def __init__(self, store: Store, report: ImportReport, max_bytes: int,
                 annotator: str | None) -> None:  # fmt: skip
        self.store, self.report = store, report
        self.max_bytes, self.annotator = max_bytes, annotator
        self.records: list[ArticleRecord] = []
        self.pending_sources: list[tuple[int, dict, tuple]] = []
        # texts made by the file being read, to tell "merged" from "already there" across
        # chunks; cleared per file so memory stays bounded by the largest file
        self._made: dict[str, str] = {}
        self._made_file = ""
        # (article sha256, start, end, key): claims a Claimdesk export put in a cluster
        self.stated_clusters: list[tuple[str, int, int, str]] = []

    def add(self, rec: ArticleRecord) -> None:
        rec.file = rec.file or rec.origin
        summary = self.report.file(rec.file)
        summary.format = summary.format or rec.format
        ready = prepare(rec, self.max_bytes, self.annotator)
        if isinstance(ready, ImportProblem):
            self.report.problem(ready)
            return
        self.records.append(ready)
        if any(c.cluster for c in ready.claims):
            self.stated_clusters += stated_clusters(text_sha256(ready.text), ready.claims)
        if len(self.records) >= CHUNK_SIZE:
            self.flush()
            # the collector is paused (import_records): the chunk's cyclic garbage (the
            # session's) goes now, young objects only, so memory stays flat
            gc.collect(1)

    # -- one chunk ------------------------------------------------------------------------
    def flush(self) -> None:
        if not self.records:
            return
        records, self.records = self.records, []
        groups, outcomes = self._group(records)
        try:
            with self.store.write() as s:
                writer = ChunkWriter(s.connection())
                counts = self._write(writer, groups)
        except StoreError as exc:
            if not isinstance(exc.__cause__, DBAPIError):
                raise
            if len(records) == 1:
                self.report.problem(problem(records[0], f"not stored: {exc}"))
                return
            for rec in records:  # find the bad record; the others still land
                self.records = [rec]
                self.flush()
            return
        self._account(groups, outcomes, counts, writer)

    def _group(self, records: list[ArticleRecord]) -> tuple[list[Group], list[tuple]]:
        groups: dict[str, Group] = {}
        outcomes: list[tuple[ArticleRecord, str, ArticleRecord | None]] = []
        for rec in records:
            sha = text_sha256(rec.text)
            g = groups.get(sha)
            if g is None:
                groups[sha] = Group(sha, rec)
                outcomes.append((rec, sha, None))
            else:
                merge_same_text(g.record, rec)
                outcomes.append((rec, sha, g.record))
        return list(groups.values()), outcomes

    def _write(self, writer: ChunkWriter, groups: list[Group]) -> ChunkCounts:
        counts = ChunkCounts()
        writer.articles(groups)
        writer.claims(groups, counts)
        writer.suggestions(groups, counts)
        # decisions to learn from, in the file's order; Prodigy "reject": no claim
        for article_id, n in store_imported_decisions(writer.conn, groups).items():
            counts.add(article_id, 4, n)
        return counts

    def _account(self, groups, outcomes, counts: ChunkCounts, writer: ChunkWriter) -> None:
        report = self.report
        by_sha = {g.sha: g for g in groups}
        for rec, sha, first in outcomes:
            g = by_sha[sha]
            summary = report.file(rec.file)
            if rec.file != self._made_file:
                self._made, self._made_file = {}, rec.file
            if first is None and g.created:
                report.added.append(g.article_id)
                summary.added += 1
                self._made[sha] = where(rec)
            else:
                same_file = first.file == rec.file if first is not None else sha in self._made
                if same_file or rec.claims or rec.suggestions:
                    summary.merged += 1
                    report.merged += 1
                else:
                    summary.duplicates += 1
                    report.duplicates.append(
                        f"{where(rec)}: same text as article #{g.article_id}, skipped"
                    )
            summary.notes.update(rec.notes)
        for g in groups:
            c = counts.by_article.get(g.article_id)
            if c is None:
                continue
            summary = report.file(g.record.file)
            summary.claims += c[0]
            summary.labels += c[1]
            summary.reviews += c[2]
            summary.suggestions += c[3]
            summary.rejections += c[4]
            report.claims_added += c[0]
            report.labels_added += c[1]
            report.reviews_added += c[2]
            report.suggestions_added += c[3]
            report.rejections_added += c[4]
        self.pending_sources.extend(writer.pending_sources)

    # -- links to other articles, once everything is in ---------------------------------------
    def resolve_sources(self) -> None:
        """Links to other articles resolve once the whole import is in (order-independent)."""
        if not self.pending_sources:
            return
        with self.store.write() as s:
            for label_id, link, (file, line, item) in self.pending_sources:
                sha = link.pop("sha")
                target = s.exec(select(Article.id, Article.text).where(Article.sha256 == sha)).first()

                def bad(reason: str, file=file, line=line, item=item) -> ImportProblem:
                    prefix = f"{item}: " if item and line is None else ""
                    return ImportProblem(file, prefix + reason, line=line)

                if target is None:
                    self.report.problem(bad(
                        f"source article {sha[:12]}… is not in the database; that source was skipped"
                    ))  # fmt: skip
                    continue
                if not (0 <= link["start"] < link["end"] <= len(target.text)):
                    self.report.problem(bad(
                        f"source span {link['start']}-{link['end']} is outside its article "
                        f"(length {len(target.text)}); skipped"
                    ))  # fmt: skip
                    continue
                link.update(label_id=label_id, kind="article", target_article_id=target.id)
                s.add(SourceLink(**link))
        self.pending_sources.clear()


def import_records(
    store: Store,
    records: Iterable[ArticleRecord | ImportProblem],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    annotator: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    """Store records as they stream in. `annotator` owns labels whose file names nobody."""
    report = ImportReport()
    importer = _Importer(store, report, max_bytes, annotator)
    # ~30 small objects a claim, none in a cycle: the cyclic collector's passes over them
    # cost a fifth of a labelled import (5.0 -> 4.0 s CPU for 100k claims), so it pauses
    # while records stream in; each chunk's garbage is collected after it is written.
    with gcpause.paused():
        for seen, item in enumerate(records, start=1):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if isinstance(item, ImportProblem):
                report.problem(item)
            else:
                importer.add(item)
            if progress is not None:
                progress(seen, item.origin if isinstance(item, ArticleRecord) else item.file)
        importer.flush()
        importer.resolve_sources()
    if importer.stated_clusters:
        from desktop.core.clusters.stated import keep_stated  # numpy, spaCy: only when needed

        report.clusters_kept = keep_stated(store, importer.stated_clusters).kept
    return report


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    annotator: str | None = None,
    progress: Callable[[int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    return import_records(
        store,
        read_paths([Path(p) for p in paths], max_bytes=max_bytes),
        max_bytes=max_bytes,
        annotator=annotator,
        progress=progress,
        cancel=cancel,
    )
