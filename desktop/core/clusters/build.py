"""Building clusters from the evidence index and keeping them up to date.

`rebuild` clusters the whole corpus in memory (worker processes for large corpora) and
replaces the automatic clusters; `update` links only what is new since the last run (an
imported article, a new claim) with indexed queries, and falls back to a rebuild when a
large part of the corpus is new. Clusters made by a split or a merge, and the members
they pinned, are never touched by either. A cluster's label-once verdict and sources
survive a rebuild through its content-derived key.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import String, cast, delete, func, insert
from sqlmodel import Session, select

from desktop.core import gcpause
from desktop.core.clusters import engine
from desktop.core.clusters.tables import ClaimCluster, ClusterMember, ClusterSeen
from desktop.core.models import Article, Claim, EvidenceArticle, EvidenceSentence, utcnow
from desktop.core.nlp.evidence.features import SentenceFeatures
from desktop.core.nlp.evidence.finder import (
    Query,
    build_query,
    score_candidates,
)
from desktop.core.store import Store, open_store

INCREMENTAL_MAX = 50  # more new articles than this (or a quarter of the corpus): rebuild
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool] | threading.Event


@dataclass
class ClusterReport:
    clusters: int = 0
    members: int = 0
    linked: int = 0  # nodes linked in this run (sentences and claims)
    rebuilt: bool = False
    cancelled: bool = False


def _is_cancelled(cancel: Cancel | None) -> Callable[[], bool] | None:
    if cancel is None:
        return None
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


# -- reading the inputs ---------------------------------------------------------------------------
def load_sentences(session: Session) -> list[engine.Sentence]:
    """Every indexed sentence; the JSON is parsed here, the features only when scored."""
    table = EvidenceSentence.__table__
    raw = cast(table.c.features, String)  # plain text: one json.loads, no type processing
    rows = session.connection().execute(
        select(table.c.article_id, table.c.start, table.c.end, raw)
    )
    loads = json.loads
    return [engine.Sentence(a, s, e, loads(f)) for a, s, e, f in rows]


def load_claims(session: Session, claim_ids: list[int] | None = None) -> list[engine.ClaimSpan]:
    head = func.substr(Article.text, Claim.start + 1, 24)  # enough to see a leading pronoun
    stmt = select(Claim.id, Claim.article_id, Claim.start, Claim.end, head).join(
        Article, Article.id == Claim.article_id
    )
    if claim_ids is not None:
        stmt = stmt.where(Claim.id.in_(claim_ids))
    return [engine.ClaimSpan(*r) for r in session.exec(stmt)]


def cluster_key(sha: str, start: int, end: int) -> str:
    return hashlib.sha1(f"{sha}:{start}:{end}".encode()).hexdigest()[:16]


def _shas(session: Session, article_ids) -> dict[int, str]:
    ids = list(set(article_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        rows = session.exec(
            select(Article.id, Article.sha256).where(Article.id.in_(ids[i : i + 900]))
        ).all()
        out.update((a, sha) for a, sha in rows)
    return out


def _key_of(members: list[engine.Node], shas: dict[int, str]) -> str:
    anchor = min(members, key=lambda n: (shas[n.article_id], n.start, n.end))
    return cluster_key(shas[anchor.article_id], anchor.start, anchor.end)


# -- rebuild ----------------------------------------------------------------------------------------
def rebuild(
    store: Store,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ClusterReport:
    """Cluster the whole corpus again; manual clusters and pinned members stay as they are."""
    with gcpause.paused():  # millions of small objects: no cyclic collections meanwhile
        return _rebuild(store, processes, progress, cancel)


def _rebuild(store: Store, processes, progress, cancel) -> ClusterReport:
    with store.session() as s:
        sentences = load_sentences(s)
        claims = load_claims(s)
        pinned = {
            (a, st, en)
            for a, st, en in s.exec(
                select(ClusterMember.article_id, ClusterMember.start, ClusterMember.end).where(
                    ClusterMember.pinned
                )
            )
        }
        pinned_claims = set(
            s.exec(select(ClusterMember.claim_id).where(ClusterMember.pinned)).all()
        ) - {None}
    claims = [c for c in claims if c.claim_id not in pinned_claims]
    result = engine.cluster(
        sentences, claims, processes=processes, progress=progress, cancel=_is_cancelled(cancel)
    )
    if result.cancelled:
        engine.release(sentences)
        return ClusterReport(cancelled=True, rebuilt=True)
    groups = []
    for members in result.clusters:
        kept = [(n, sc) for n, sc in members if (n.article_id, n.start, n.end) not in pinned]
        if len({n.article_id for n, _ in kept}) >= 2:
            groups.append(kept)
    with store.write() as s:
        report = _replace_automatic(s, groups)
        seen_articles = s.exec(select(EvidenceArticle.article_id)).all()
        s.execute(delete(ClusterSeen))
        rows = [{"article_id": a, "claim_id": 0} for a in seen_articles]
        rows += [{"article_id": c.article_id, "claim_id": c.claim_id} for c in claims]
        rows += [
            {"article_id": a, "claim_id": c}
            for a, c in s.exec(
                select(ClusterMember.article_id, ClusterMember.claim_id).where(
                    ClusterMember.pinned, ClusterMember.claim_id.is_not(None)
                )
            )
        ]
        if rows:
            s.execute(insert(ClusterSeen.__table__), _unique(rows))
    engine.release(sentences)  # slice by slice: see engine.release
    report.linked, report.rebuilt = result.nodes, True
    return report


def _unique(rows: list[dict]) -> list[dict]:
    return list({(r["article_id"], r["claim_id"]): r for r in rows}.values())


def _replace_automatic(s: Session, groups) -> ClusterReport:
    kept = {
        c.key: c
        for c in s.exec(select(ClaimCluster).where(ClaimCluster.verdict.is_not(None)))
        if not c.manual
    }
    s.execute(
        delete(ClusterMember).where(
            ClusterMember.cluster_id.in_(select(ClaimCluster.id).where(~ClaimCluster.manual))
        )
    )
    s.execute(delete(ClaimCluster).where(~ClaimCluster.manual))
    s.flush()
    shas = _shas(s, [n.article_id for g in groups for n, _ in g])
    taken = set(s.exec(select(ClaimCluster.key)).all())
    report = ClusterReport()
    member_rows = []
    now = utcnow()
    # One span, one cluster: a claim over exactly its sentence may sit in another group
    # than that sentence; the claim keeps the span.
    spans = {(n.article_id, n.start, n.end) for g in groups for n, _ in g if n.claim_id}
    groups = [
        [(n, sc) for n, sc in g if n.claim_id or (n.article_id, n.start, n.end) not in spans]
        for g in groups
    ]
    groups = [g for g in groups if len({n.article_id for n, _ in g}) >= 2]
    chosen, cluster_rows = [], []
    for group in groups:
        key = _key_of([n for n, _ in group], shas)
        if key in taken:
            continue  # a manual cluster already holds this anchor
        taken.add(key)
        old = kept.get(key)
        chosen.append(group)
        cluster_rows.append(
            {
                "key": key,
                "built_at": now,
                "verdict": old.verdict if old else None,
                "note": old.note if old else None,
                "sources": list(old.sources) if old else [],
                "proposed_by": old.proposed_by if old else None,
                "manual": False,
            }
        )
    # One statement for all clusters and one for all members (20,000 ORM flushes took
    # seconds on 10,000 articles).
    table = ClaimCluster.__table__
    ids = []
    for i in range(0, len(cluster_rows), 5_000):
        ids += s.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            cluster_rows[i : i + 5_000],
        ).scalars().all()
    for cluster_id, group in zip(ids, chosen, strict=True):
        for n, sc in group:
            member_rows.append(
                {
                    "cluster_id": cluster_id,
                    "article_id": n.article_id,
                    "start": n.start,
                    "end": n.end,
                    "claim_id": n.claim_id,
                    "score": round(sc, 4),
                    "pinned": False,
                }
            )
    report.clusters = len(ids)
    for i in range(0, len(member_rows), 5_000):
        s.execute(insert(ClusterMember.__table__), member_rows[i : i + 5_000])
    report.members = len(member_rows)
    return report


# -- incremental ------------------------------------------------------------------------------------
def pending(store: Store) -> tuple[list[int], list[int], int]:
    """(new article ids, new claim ids, articles already seen)."""
    with store.session() as s:
        seen_articles = select(ClusterSeen.article_id).where(ClusterSeen.claim_id == 0)
        new_articles = list(
            s.exec(
                select(EvidenceArticle.article_id).where(
                    EvidenceArticle.article_id.not_in(seen_articles)
                )
            ).all()
        )
        seen_claims = select(ClusterSeen.claim_id).where(ClusterSeen.claim_id != 0)
        new_claims = list(s.exec(select(Claim.id).where(Claim.id.not_in(seen_claims))).all())
        n_seen = s.exec(
            select(func.count()).select_from(ClusterSeen).where(ClusterSeen.claim_id == 0)
        ).one()
    return new_articles, new_claims, n_seen


def update(
    store: Store,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ClusterReport:
    """Link what is new since the last run; rebuild when most of the corpus is new."""
    return _update_pending(store, pending(store), processes, progress, cancel)


def _update_pending(store: Store, found, processes, progress, cancel) -> ClusterReport:
    with gcpause.paused():  # millions of small objects: no cyclic collections meanwhile
        return _update(store, found, processes, progress, cancel)


def needs_rebuild(store: Store) -> bool:
    """Would ``update`` cluster the whole corpus again (worker processes, minutes)?"""
    return _rebuilds(*pending(store))


def _rebuilds(new_articles: list[int], new_claims: list[int], n_seen: int) -> bool:
    return bool(new_articles or new_claims) and (
        n_seen == 0 or len(new_articles) > max(INCREMENTAL_MAX, n_seen // 4)
    )


def update_beside_window(
    store: Store, *, progress: Progress | None = None, cancel: Cancel | None = None
) -> ClusterReport:
    """``update`` for a caller that shares its process with the window: a rebuild runs in
    a spawned process (core/spawned.py), whose forked workers never stall the window;
    linking a few new items stays in this process, where it starts at once."""
    from desktop.core.spawned import run_spawned

    in_memory = store.is_sqlite and store.location in ("", ":memory:")
    found = pending(store)  # once: the in-process path below reuses it
    if in_memory or not _rebuilds(*found) or not _forks_workers(store):
        return _update_pending(store, found, None, progress, cancel)
    stop = _is_cancelled(cancel)
    report = run_spawned(update_at, store.url, progress=progress, cancel=stop)
    return report if report is not None else ClusterReport(cancelled=True)


def _forks_workers(store: Store) -> bool:
    """Is the corpus big enough for the rebuild to fork worker processes (engine._run)?
    A small one is clustered in this process at once, faster than a process starts."""
    with store.session() as s:
        n = s.exec(select(func.count()).select_from(EvidenceSentence)).one()
    return n >= engine.PARALLEL_FROM


def update_at(url: str, *, progress: Progress | None = None, cancel: Cancel | None = None):
    """``update`` on the database at ``url``: the body of a clustering process
    (core/spawned.py), so its forked workers never come from the window's process."""
    store = open_store(url)
    try:
        return update(store, progress=progress, cancel=cancel)
    finally:
        store.close()


def _update(store: Store, found, processes, progress, cancel) -> ClusterReport:
    new_articles, new_claims, n_seen = found
    if not new_articles and not new_claims:
        return ClusterReport()
    if _rebuilds(new_articles, new_claims, n_seen):
        return rebuild(store, processes=processes, progress=progress, cancel=cancel)
    stop = _is_cancelled(cancel)
    report = ClusterReport()
    with store.session() as s:
        nodes: list[tuple[int, int, int, int | None, Query]] = []
        for aid in new_articles:
            for st, en, f in s.exec(
                select(EvidenceSentence.start, EvidenceSentence.end, EvidenceSentence.features)
                .where(EvidenceSentence.article_id == aid)
            ):
                nodes.append((aid, st, en, None, Query(SentenceFeatures.from_json(f))))
        texts: dict[int, str] = {}
        for c in load_claims(s, new_claims):
            if c.article_id not in texts:
                texts[c.article_id] = s.get(Article, c.article_id).text
            query = build_query(s, c.article_id, c.start, c.end, texts[c.article_id])
            nodes.append((c.article_id, c.start, c.end, c.claim_id, query))
    total = len(nodes)
    for k, (aid, st, en, claim_id, query) in enumerate(nodes):
        if stop and stop():
            report.cancelled = True
            return report
        with store.write() as s:
            _link_one(s, aid, st, en, claim_id, query)
            s.merge(ClusterSeen(article_id=aid, claim_id=claim_id or 0))
        report.linked += 1
        if progress:
            progress(k + 1, total)
    with store.write() as s:
        for aid in new_articles:
            s.merge(ClusterSeen(article_id=aid, claim_id=0))
        for c in new_claims:
            aid = s.get(Claim, c).article_id if s.get(Claim, c) else None
            if aid is not None:
                s.merge(ClusterSeen(article_id=aid, claim_id=c))
    with store.session() as s:
        report.clusters = s.exec(select(func.count()).select_from(ClaimCluster)).one()
        report.members = s.exec(select(func.count()).select_from(ClusterMember)).one()
    return report


def _member_at(s: Session, aid: int, start: int, end: int) -> ClusterMember | None:
    return s.exec(
        select(ClusterMember)
        .where(
            ClusterMember.article_id == aid,
            ClusterMember.start < end,
            ClusterMember.end > start,
        )
        .order_by(ClusterMember.claim_id.is_(None))  # a claim before a passage
    ).first()


def _link_one(
    s: Session, aid: int, start: int, end: int, claim_id: int | None, query: Query
) -> None:
    """Put one new sentence or claim into the cluster of its best match in another
    article, or start a cluster with that match."""
    if claim_id is not None:
        here = _member_at(s, aid, start, end)
        if here is not None and query.context is None and here.claim_id is None:
            # A claim over a clustered passage takes the passage's place.
            here.start, here.end, here.claim_id = start, end, claim_id
            return
    if s.exec(
        select(ClusterMember.id).where(
            ClusterMember.article_id == aid, ClusterMember.start == start, ClusterMember.end == end
        )
    ).first():
        return
    scored, _ = score_candidates(s, query, aid, limit=engine.CANDIDATES)
    floor = engine.LINK_SCORE if claim_id is None else engine.ATTACH_SCORE
    best: dict[int, tuple] = {}
    for row in scored:
        total, _sid, other, feats, ms = row
        if total < floor or ms.other_people:
            continue
        if other not in best:
            best[other] = row
    if not best:
        return
    total, _sid, other, feats, _ms = max(best.values(), key=lambda r: r[0])
    target = _member_at(s, other, feats.start, feats.end)
    if target is None:
        shas = _shas(s, [aid, other])
        nodes = [engine.Node(aid, start, end, claim_id), engine.Node(other, feats.start, feats.end)]
        key = _key_of(nodes, shas)
        cluster = s.exec(select(ClaimCluster).where(ClaimCluster.key == key)).first()
        if cluster is None:
            cluster = ClaimCluster(key=key)
            s.add(cluster)
            s.flush()
        s.add(
            ClusterMember(
                cluster_id=cluster.id,
                article_id=other,
                start=feats.start,
                end=feats.end,
                score=total,
            )
        )
        cluster_id = cluster.id
    else:
        cluster_id = target.cluster_id
    s.add(
        ClusterMember(
            cluster_id=cluster_id,
            article_id=aid,
            start=start,
            end=end,
            claim_id=claim_id,
            score=total,
        )
    )
    s.flush()
