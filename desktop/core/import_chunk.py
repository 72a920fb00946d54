"""Write one chunk of prepared records with bulk inserts (SQLAlchemy Core), in one transaction.

Each table gets one multi-row INSERT ... ON CONFLICT DO NOTHING per chunk, so the same
article, claim, annotator, label or review arriving twice (in the file, or from a teammate
importing at the same moment on PostgreSQL) is the same row: an upsert, never a
"duplicate key" error. What already existed is read first, for the counts and so that a
label edited in Claimdesk is never overwritten by the file.

A chunk either lands whole or raises; importing.py then retries its records one by one
so that a bad record is reported and the good ones still land.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from sqlalchemy import Connection, select, tuple_

from desktop.core.models import (
    Annotator,
    Article,
    Claim,
    Label,
    Review,
    SourceLink,
    Suggestion,
    SuggestionRun,
    as_utc,
    utcnow,
)
from desktop.core.records import ArticleRecord
from desktop.core.verdicts import is_verdict

IMPORTED_SUGGESTER = "imported"
_IN = 500  # keys per IN list


@dataclass
class Group:
    """One text of the chunk: the first record and the others with the same text."""

    sha: str
    record: ArticleRecord  # the others are already merged into it (prepare.merge_same_text)
    article_id: int | None = None
    created: bool = False


@dataclass
class ChunkCounts:
    """Rows added per article: [claims, labels, reviews, suggestions, rejections]."""

    by_article: dict[int, list[int]] = field(default_factory=dict)

    def add(self, article_id: int, what: int, n: int = 1) -> None:
        self.by_article.setdefault(article_id, [0, 0, 0, 0, 0])[what] += n


def _insert(conn: Connection, table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _chunks(items: list, n: int = _IN) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _title(rec: ArticleRecord) -> str:
    if rec.title and rec.title.strip():
        return rec.title.strip()[:300]
    first = next((ln.strip() for ln in rec.text.splitlines() if ln.strip()), "")
    return first[:120] or rec.origin


def _time(value: str | None, now: datetime) -> datetime:
    if not value:
        return now
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return now


def article_row(rec: ArticleRecord, sha: str, now: datetime) -> dict:
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


class ChunkWriter:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.now = utcnow()
        # SQLite: the chunk's transaction holds the write lock (BEGIN IMMEDIATE), so what
        # was read before an insert is exact and the rows can go through the driver's
        # executemany (5x less Python per row than Core's RETURNING path). PostgreSQL:
        # teammates write at the same moment, RETURNING says which rows were ours.
        self.locked = conn.dialect.name == "sqlite"
        self._now_stored = self._stored(self.now)
        self._times: dict[str, object] = {}
        # (label id, link, (file, line, item)): links to other articles resolve at the end
        self.pending_sources: list[tuple[int, dict, tuple]] = []

    def _stored(self, dt: datetime):
        """A timestamp as bound: SQLite gets SQLAlchemy's own text storage format."""
        return dt.strftime("%Y-%m-%d %H:%M:%S.%f") if self.locked else dt

    def _executemany(self, table, rows: list[dict], conflict: list[str]) -> None:
        """One Core INSERT ... ON CONFLICT DO NOTHING, compiled once, run by the driver."""
        stmt = _insert(self.conn, table).on_conflict_do_nothing(index_elements=conflict)
        compiled = stmt.compile(dialect=self.conn.dialect, column_keys=list(rows[0]))
        order = compiled.positiontup
        # itemgetter makes each row's tuple in C (a generator per row cost ~0.3 s a 100k claims)
        pick = itemgetter(*order) if len(order) > 1 else (lambda r: (r[order[0]],))
        self.conn.exec_driver_sql(str(compiled), list(map(pick, rows)))

    # -- articles ---------------------------------------------------------------------
    def articles(self, groups: list[Group]) -> None:
        a = Article.__table__
        shas = [g.sha for g in groups]
        ids = self._ids_by_sha(shas)
        new = [g for g in groups if g.sha not in ids]
        if new:
            rows = [article_row(g.record, g.sha, self.now) for g in new]
            stmt = _insert(self.conn, a).on_conflict_do_nothing(index_elements=["sha256"])
            made = dict(
                (sha, i) for i, sha in self.conn.execute(stmt.returning(a.c.id, a.c.sha256), rows)
            )
            for g in new:
                g.created = g.sha in made
            ids.update(made)
            missing = [g.sha for g in new if g.sha not in ids]  # another process, just now
            if missing:
                ids.update(self._ids_by_sha(missing))
        for g in groups:
            g.article_id = ids[g.sha]

    def _ids_by_sha(self, shas: list[str]) -> dict[str, int]:
        a = Article.__table__
        out: dict[str, int] = {}
        for part in _chunks(shas):
            out.update(self.conn.execute(select(a.c.sha256, a.c.id).where(a.c.sha256.in_(part))).all())
        return out

    # -- annotators -------------------------------------------------------------------
    def annotators(self, names: set[str]) -> dict[str, int]:
        if not names:
            return {}
        t = Annotator.__table__
        stmt = _insert(self.conn, t).on_conflict_do_nothing(index_elements=["name"])
        self.conn.execute(stmt, [{"name": n} for n in sorted(names)])
        out: dict[str, int] = {}
        for part in _chunks(sorted(names)):
            out.update(self.conn.execute(select(t.c.name, t.c.id).where(t.c.name.in_(part))).all())
        return out

    # -- claims, labels, reviews, sources -----------------------------------------------
    def claims(self, groups: list[Group], counts: ChunkCounts) -> None:
        groups = [g for g in groups if g.record.claims]
        if not groups:
            return
        c, lab, rev = Claim.__table__, Label.__table__, Review.__table__
        merged_ids = [g.article_id for g in groups if not g.created]
        claim_ids: dict[tuple[int, int, int], int] = {}
        labelled: set[tuple[int, int]] = set()
        reviewed: set[int] = set()
        for part in _chunks(merged_ids):  # what is there already (merging into a stored one)
            claim_ids.update(
                ((a, s, e), i)
                for i, a, s, e in self.conn.execute(
                    select(c.c.id, c.c.article_id, c.c.start, c.c.end).where(
                        c.c.article_id.in_(part)
                    )
                )
            )
        if claim_ids:
            known = list(claim_ids.values())
            for part in _chunks(known):
                labelled.update(
                    self.conn.execute(
                        select(lab.c.claim_id, lab.c.annotator_id).where(lab.c.claim_id.in_(part))
                    ).all()
                )
                reviewed.update(
                    self.conn.execute(select(rev.c.claim_id).where(rev.c.claim_id.in_(part))).scalars()
                )

        rows = [
            {"article_id": g.article_id, "start": cr.start, "end": cr.end, "origin": "imported",
             "tag": cr.tag, "created_at": self._now_stored}
            for g in groups for cr in g.record.claims
            if (g.article_id, cr.start, cr.end) not in claim_ids
        ]  # fmt: skip
        if rows and self.locked:
            self._executemany(c, rows, ["article_id", "start", "end"])
            before = set(claim_ids)
            for part in _chunks([g.article_id for g in groups]):
                for i, a, s, e in self.conn.execute(
                    select(c.c.id, c.c.article_id, c.c.start, c.c.end).where(
                        c.c.article_id.in_(part)
                    )
                ):
                    claim_ids[a, s, e] = i
                    if (a, s, e) not in before:
                        counts.add(a, 0)
        elif rows:
            stmt = _insert(self.conn, c).on_conflict_do_nothing(
                index_elements=["article_id", "start", "end"]
            )
            for i, a, s, e in self.conn.execute(
                stmt.returning(c.c.id, c.c.article_id, c.c.start, c.c.end), rows
            ):
                claim_ids[a, s, e] = i
                counts.add(a, 0)
            lost = [(r["article_id"], r["start"], r["end"]) for r in rows
                    if (r["article_id"], r["start"], r["end"]) not in claim_ids]  # fmt: skip
            for part in _chunks(lost):  # made by a teammate a moment ago: the same claim
                claim_ids.update(
                    ((a, s, e), i)
                    for i, a, s, e in self.conn.execute(
                        select(c.c.id, c.c.article_id, c.c.start, c.c.end).where(
                            tuple_(c.c.article_id, c.c.start, c.c.end).in_(part)
                        )
                    )
                )

        names = {lr.annotator for g in groups for cr in g.record.claims for lr in cr.labels}
        names |= {cr.review.reviewer for g in groups for cr in g.record.claims if cr.review}
        people = self.annotators({n for n in names if n})
        self._labels(groups, claim_ids, labelled, people, counts)
        self._reviews(groups, claim_ids, reviewed, people, counts)

    def _labels(self, groups, claim_ids, labelled, people, counts: ChunkCounts) -> None:
        rows, sources, article_of = [], {}, {}
        for g in groups:
            for cr in g.record.claims:
                cid = claim_ids[g.article_id, cr.start, cr.end]
                article_of[cid] = g.article_id
                for lr in cr.labels:
                    who = people[lr.annotator]
                    if (cid, who) in labelled:
                        continue  # local edits win over the file; importing twice changes nothing
                    labelled.add((cid, who))
                    created = self._time(lr.created_at)
                    rows.append(
                        {"claim_id": cid, "annotator_id": who, "verdict": lr.verdict,
                         "note": lr.note, "created_at": created,
                         "updated_at": self._time(lr.updated_at) if lr.updated_at else created}
                    )  # fmt: skip
                    if lr.sources:
                        r = g.record
                        sources[cid, who] = (lr.sources, (r.file, r.line, r.item))
        if not rows:
            return
        t = Label.__table__
        if self.locked:
            self._executemany(t, rows, ["claim_id", "annotator_id"])
            for a, n in Counter(article_of[r["claim_id"]] for r in rows).items():
                counts.add(a, 1, n)
            inserted = self._label_ids(sources) if sources else []
        else:
            stmt = _insert(self.conn, t).on_conflict_do_nothing(
                index_elements=["claim_id", "annotator_id"]
            )
            inserted = self.conn.execute(
                stmt.returning(t.c.id, t.c.claim_id, t.c.annotator_id), rows
            ).all()
            for _, cid, _who in inserted:
                counts.add(article_of[cid], 1)
        links = []
        for i, cid, who in inserted:
            if (cid, who) not in sources:
                continue
            found, at = sources[cid, who]
            for pos, src in enumerate(found):
                link = {"label_id": i, "stance": src.stance, "title": src.title,
                        "note": src.note, "position": pos}  # fmt: skip
                if src.url:
                    links.append({**link, "kind": "url", "url": src.url,
                                  "target_article_id": None, "start": None, "end": None})  # fmt: skip
                else:
                    extra = {"sha": src.article_sha256, "start": src.start, "end": src.end}
                    self.pending_sources.append((i, {**link, **extra}, at))
        if links:
            self.conn.execute(SourceLink.__table__.insert(), links)

    def _label_ids(self, wanted: dict) -> list[tuple[int, int, int]]:
        t = Label.__table__
        out = []
        for part in _chunks(sorted({cid for cid, _ in wanted})):
            out += [
                (i, cid, who)
                for i, cid, who in self.conn.execute(
                    select(t.c.id, t.c.claim_id, t.c.annotator_id).where(t.c.claim_id.in_(part))
                )
                if (cid, who) in wanted
            ]
        return out

    def _time(self, value: str | None):
        if not value:
            return self._now_stored
        found = self._times.get(value)  # an annotation's labels share their timestamps
        if found is None:
            found = self._times[value] = self._stored(_time(value, self.now))
        return found

    def _reviews(self, groups, claim_ids, reviewed, people, counts: ChunkCounts) -> None:
        rows, article_of = [], {}
        for g in groups:
            for cr in g.record.claims:
                review = cr.review
                cid = claim_ids[g.article_id, cr.start, cr.end]
                if review is None or not is_verdict(review.verdict) or cid in reviewed:
                    continue
                reviewed.add(cid)
                article_of[cid] = g.article_id
                rows.append(
                    {"claim_id": cid, "reviewer_id": people[review.reviewer],
                     "verdict": review.verdict, "note": review.note,
                     "decided_at": _time(review.decided_at, self.now)}
                )  # fmt: skip
        if rows:
            t = Review.__table__
            stmt = _insert(self.conn, t).on_conflict_do_nothing(index_elements=["claim_id"])
            for (cid,) in self.conn.execute(stmt.returning(t.c.claim_id), rows):
                counts.add(article_of[cid], 2)

    # -- suggestions (another tool's predictions) -------------------------------------------
    def suggestions(self, groups: list[Group], counts: ChunkCounts) -> None:
        runs: dict[tuple[int, str], list] = {}
        for g in groups:
            for sr in g.record.suggestions:
                runs.setdefault((g.article_id, sr.model), []).append(sr)
        if not runs:
            return
        t = SuggestionRun.__table__
        stmt = _insert(self.conn, t).on_conflict_do_nothing(
            index_elements=["article_id", "model", "suggester_version"]
        )
        made = set(
            self.conn.execute(
                stmt.returning(t.c.article_id, t.c.model),
                [{"article_id": a, "model": m, "suggester_version": IMPORTED_SUGGESTER,
                  "computed_at": self.now} for a, m in runs],
            ).all()
        )  # fmt: skip
        rows = [
            {"article_id": a, "start": sr.start, "end": sr.end, "score": sr.score,
             "reasons": sr.reasons, "model": m, "suggester_version": IMPORTED_SUGGESTER}
            for (a, m), found in runs.items() if (a, m) in made for sr in found
        ]  # fmt: skip
        if rows:
            self.conn.execute(Suggestion.__table__.insert(), rows)
            for r in rows:
                counts.add(r["article_id"], 3)
