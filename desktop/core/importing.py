"""Import use-case: files -> articles (and claims, labels, sources, reviews) in the store.

Fast path: plain articles of a batch go in with one executemany; each article is one
INSERT, so it is never half-written. Articles that bring claims or labels are written
each in its own SAVEPOINT, so a bad one rolls back alone. A batch commits every
BATCH_SIZE articles; a crash loses at most the uncommitted batch, which a re-import adds.
Duplicates (same normalised text) are skipped; their labels are merged (teammates' exports).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from desktop.core import annotators
from desktop.core.importers import read_paths
from desktop.core.importers.normalise import text_sha256
from desktop.core.models import Article, Claim, Label, Review, SourceLink, utcnow
from desktop.core.records import ArticleRecord, ClaimRecord, ImportProblem, LabelRecord
from desktop.core.store import Store
from desktop.core.verdicts import is_verdict

BATCH_SIZE = 500
DEFAULT_MAX_BYTES = 5_000_000


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # article ids
    duplicates: list[str] = field(default_factory=list)  # "file[:line]: same text as #id"
    problems: list[ImportProblem] = field(default_factory=list)
    claims_added: int = 0
    labels_added: int = 0
    reviews_added: int = 0
    cancelled: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def _where(rec: ArticleRecord) -> str:
    return f"{rec.origin}:{rec.line}" if rec.line is not None else rec.origin


def _title(rec: ArticleRecord) -> str:
    if rec.title and rec.title.strip():
        return rec.title.strip()[:300]
    first = next((ln.strip() for ln in rec.text.splitlines() if ln.strip()), "")
    return first[:120] or rec.origin


def _row(rec: ArticleRecord, sha: str, now: datetime) -> dict:
    return {
        "sha256": sha,
        "title": _title(rec),
        "source": rec.source,
        "url": rec.url,
        "author": rec.author,
        "published": rec.published,
        "origin": rec.origin,
        "text": rec.text,
        "words": len(rec.text.split()),
        "imported_at": now,
        "meta": rec.meta or {},
    }


def _parse_time(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return utcnow()


class _Batch:
    def __init__(self, store: Store, report: ImportReport) -> None:
        self.store, self.report = store, report
        self.records: list[ArticleRecord] = []
        self.pending_sources: list[tuple[int, dict, str]] = []  # (label id, source, where)

    def flush(self) -> None:
        if not self.records:
            return
        records, self.records = self.records, []
        with self.store.write() as s:
            shas = [text_sha256(r.text) for r in records]
            known = dict(
                s.exec(
                    select(Article.sha256, Article.id).where(Article.sha256.in_(set(shas)))
                ).all()
            )
            plain: list[dict] = []
            now = utcnow()
            for rec, sha in zip(records, shas, strict=True):
                if sha in known:
                    if rec.claims:
                        self._merge(s, known[sha], rec)
                    else:
                        self.report.duplicates.append(
                            f"{_where(rec)}: same text as article #{known[sha]}, skipped"
                        )
                    continue
                if rec.claims:
                    article_id = self._with_claims(s, rec, sha, now)
                    if article_id is not None:
                        known[sha] = article_id
                    continue
                plain.append(_row(rec, sha, now))
                known[sha] = -1  # a second copy in this batch is a duplicate too
            if plain:
                s.connection().execute(insert(Article), plain)
                ids = s.exec(
                    select(Article.id).where(Article.sha256.in_([r["sha256"] for r in plain]))
                ).all()
                self.report.added.extend(sorted(ids))

    def _with_claims(self, s: Session, rec: ArticleRecord, sha: str, now: datetime) -> int | None:
        with s.begin_nested():
            article = Article(**_row(rec, sha, now))
            s.add(article)
            s.flush()
            self.report.added.append(article.id)
            self._merge(s, article.id, rec)
            return article.id

    def _merge(self, s: Session, article_id: int, rec: ArticleRecord) -> None:
        """Claims by offsets, labels per annotator (existing ones are kept), review if none."""
        with s.begin_nested():
            for cr in rec.claims:
                self._merge_claim(s, article_id, cr, rec)

    def _merge_claim(
        self, s: Session, article_id: int, cr: ClaimRecord, rec: ArticleRecord
    ) -> None:
        claim = s.exec(
            select(Claim).where(
                Claim.article_id == article_id, Claim.start == cr.start, Claim.end == cr.end
            )
        ).first()
        if claim is None:
            claim = Claim(article_id=article_id, start=cr.start, end=cr.end, origin="imported")
            s.add(claim)
            s.flush()
            self.report.claims_added += 1
        for lr in cr.labels:
            self._merge_label(s, claim, lr, rec)
        review = cr.review
        if (
            review is not None
            and is_verdict(review.verdict)
            and s.exec(select(Review.id).where(Review.claim_id == claim.id)).first() is None
        ):
            reviewer = annotators.get_or_create(s, cr.review.reviewer)
            s.add(
                Review(
                    claim_id=claim.id,
                    reviewer_id=reviewer.id,
                    verdict=cr.review.verdict,
                    note=cr.review.note,
                    decided_at=_parse_time(cr.review.decided_at),
                )
            )
            self.report.reviews_added += 1

    def _merge_label(self, s: Session, claim: Claim, lr: LabelRecord, rec: ArticleRecord) -> None:
        who = annotators.get_or_create(s, lr.annotator)
        if s.exec(
            select(Label.id).where(Label.claim_id == claim.id, Label.annotator_id == who.id)
        ).first():
            return  # importing twice changes nothing; local edits win over the file
        label = Label(
            claim_id=claim.id,
            annotator_id=who.id,
            verdict=lr.verdict,
            note=lr.note,
            created_at=_parse_time(lr.created_at),
            updated_at=_parse_time(lr.updated_at),
        )
        s.add(label)
        s.flush()
        self.report.labels_added += 1
        for pos, src in enumerate(lr.sources):
            link = {"stance": src.stance, "title": src.title, "note": src.note, "position": pos}
            if src.url:
                s.add(SourceLink(label_id=label.id, kind="url", url=src.url, **link))
            else:
                link.update(sha=src.article_sha256, start=src.start, end=src.end)
                self.pending_sources.append((label.id, link, _where(rec)))

    def resolve_sources(self) -> None:
        """Links to other articles resolve once the whole batch is in (order-independent)."""
        if not self.pending_sources:
            return
        with self.store.write() as s:
            for label_id, link, where in self.pending_sources:
                sha = link.pop("sha")
                target = s.exec(select(Article).where(Article.sha256 == sha)).first()
                if target is None:
                    self.report.problems.append(
                        ImportProblem(
                            where,
                            f"source article {sha[:12]}… is not in the database; that source was skipped",
                        )
                    )
                    continue
                if not (0 <= link["start"] < link["end"] <= len(target.text)):
                    self.report.problems.append(
                        ImportProblem(
                            where,
                            f"source span {link['start']}-{link['end']} is outside its article (length {len(target.text)}); skipped",
                        )
                    )
                    continue
                s.add(
                    SourceLink(
                        label_id=label_id, kind="article", target_article_id=target.id, **link
                    )
                )
        self.pending_sources.clear()


def import_records(
    store: Store,
    records: Iterable[ArticleRecord | ImportProblem],
    *,
    progress: Callable[[int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    report = ImportReport()
    batch = _Batch(store, report)
    for seen, item in enumerate(records, start=1):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        if isinstance(item, ImportProblem):
            report.problems.append(item)
        else:
            batch.records.append(item)
            if len(batch.records) >= BATCH_SIZE:
                batch.flush()
        if progress is not None:
            progress(seen, item.origin if isinstance(item, ArticleRecord) else item.file)
    batch.flush()
    batch.resolve_sources()
    return report


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> ImportReport:
    return import_records(
        store,
        read_paths([Path(p) for p in paths], max_bytes=max_bytes),
        progress=progress,
        cancel=cancel,
    )
