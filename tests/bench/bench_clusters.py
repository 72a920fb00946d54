"""Clustering benchmark: time to cluster 1,000 and 10,000 realistic articles, and the UI
stall while the Claims view's background update runs. `make bench`, or as a script:

    .venv/bin/python tests/bench/bench_clusters.py [--articles 1000 10000] [--processes 2]

Realistic articles: ~600 words in ~30 sentences, filler words drawn (Zipf) from a 12,000-word
vocabulary, and 4 event sentences per article. Each event (two named people, a place, a
figure with its unit, three rare words, an action verb) is reported by about three
articles, each in its own wording: the verb from one of the evidence lexicon's synonyms,
the parts in another order, sometimes the figure in other words or a name misspelt. The
gold events give the clusterer's pairwise precision and recall on this corpus as well.
Features come from spaCy's tokenizer and sentencizer (what the evidence index stores:
names by capitalisation, no tagger), stored with the index's own code.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import insert

from desktop.core.clusters import build, engine
from desktop.core.models import Article, EvidenceSentence, utcnow
from desktop.core.nlp.evidence import extract_features, store_features
from desktop.core.store import Store, open_store

SYLLABLES = "ba be bi bo bu da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo za ze zo".split()
VERBS = [("met", "held talks with", "spoke with", "had a call with"),
         ("signed", "agreed", "concluded"),
         ("released", "freed", "set free"),
         ("invited", "asked to visit"),
         ("sentenced", "jailed", "imprisoned")]
UNITS = [("hours", "hour"), ("years", "year"), ("percent", "percent"), ("kilograms", "kilogram"),
         ("dollars", "dollar")]
WORDS_PER_ARTICLE = 600
EVENTS_PER_ARTICLE = 4
REPORTS_PER_EVENT = 3


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


class Corpus:
    def __init__(self, n_articles: int, seed: int = 11) -> None:
        rng = self.rng = random.Random(seed)
        self.vocab = list(dict.fromkeys(_word(rng) for _ in range(14_000)))[:12_000]
        self.weights = [1.0 / (i + 1) ** 1.05 for i in range(len(self.vocab))]
        self.names = [w.capitalize() for w in (_word(rng) + _word(rng) for _ in range(3_000))]
        self.places = [w.capitalize() for w in (_word(rng) for _ in range(500))]
        n_events = n_articles * EVENTS_PER_ARTICLE // REPORTS_PER_EVENT
        self.events = [self._event(i) for i in range(n_events)]
        slots = [e for e in range(n_events) for _ in range(REPORTS_PER_EVENT)]
        rng.shuffle(slots)
        self.assign = [slots[i::n_articles] for i in range(n_articles)]

    def _event(self, i: int) -> dict:
        rng = self.rng
        return {
            "a": rng.choice(self.names), "b": rng.choice(self.names),
            "place": rng.choice(self.places), "verb": rng.randrange(len(VERBS)),
            "n": rng.randint(2, 90), "unit": rng.randrange(len(UNITS)),
            "rare": rng.sample(self.vocab[3_000:], 3),
        }

    def event_sentence(self, e: dict, rng: random.Random) -> str:
        verb = rng.choice(VERBS[e["verb"]])
        unit = UNITS[e["unit"]][0]
        figure = f"{e['n']} {unit}" if rng.random() < 0.8 else f"{e['n'] + rng.choice([-1, 1])} {unit}"
        b = e["b"] if rng.random() < 0.9 else e["b"][:-1] + "e"  # a misspelt name now and then
        rare = " ".join(rng.sample(e["rare"], 3))
        forms = [
            f"{e['a']} {verb} {b} in {e['place']} about {rare} for {figure}.",
            f"In {e['place']}, {e['a']} {verb} {b} over {figure} of {rare}, officials said.",
            f"According to officials, {b} and {e['a']} {verb} on {rare} ({figure}) in {e['place']}.",
        ]
        return rng.choice(forms)

    def filler(self, rng: random.Random, words: int) -> str:
        ws = rng.choices(self.vocab, weights=self.weights, k=words)
        if rng.random() < 0.3:
            ws[rng.randrange(1, words)] = rng.choice(self.names)
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def article(self, i: int) -> tuple[str, list[tuple[int, int, int]]]:
        """Text and its event sentences (event, start, end)."""
        rng = random.Random(i * 7919 + 1)
        parts, spans, pos, words = [], [], 0, 0
        events = list(self.assign[i])
        while words < WORDS_PER_ARTICLE:
            if events and rng.random() < 0.2:
                e = events.pop()
                s = self.event_sentence(self.events[e], rng)
                spans.append((e, pos, pos + len(s)))
            else:
                s = self.filler(rng, rng.randint(12, 28))
            parts.append(s)
            pos += len(s) + 1
            words += len(s.split())
        return " ".join(parts), spans


def build_store(path: Path, corpus: Corpus, n: int, nlp) -> tuple[Store, dict]:
    """Articles and their evidence index; gold: (article id, start) -> event."""
    store = open_store(str(path))
    gold = {}
    batch = 200
    for lo in range(0, n, batch):
        texts = [corpus.article(i) for i in range(lo, min(n, lo + batch))]
        feats = [extract_features(doc) for doc in nlp.pipe(t for t, _ in texts)]
        with store.write() as s:
            ids = s.execute(
                insert(Article.__table__).returning(Article.__table__.c.id),
                [{"sha256": f"{lo + k:064x}", "title": f"a{lo + k}", "origin": f"a{lo + k}.txt",
                  "text": t, "words": len(t.split()), "imported_at": utcnow(), "meta": {}}
                 for k, (t, _) in enumerate(texts)],
            ).scalars().all()
            for aid, (_, spans), f in zip(ids, texts, feats, strict=True):
                store_features(s, aid, f)
                for e, start, _end in spans:
                    gold[(aid, start)] = e
    return store, gold


def add_claims(store: Store, gold: dict, share: float, seed: int = 5) -> int:
    """Make a share of the event sentences claims, as analysts would (the claim passes of
    the clusterer run on them: links, mutual evidence, attaching lone claims)."""
    if share <= 0:
        return 0
    from desktop.core.models import Claim

    rng = random.Random(seed)
    with store.session() as s:
        from sqlmodel import select

        ends = {(a, st): en for a, st, en in s.exec(
            select(EvidenceSentence.article_id, EvidenceSentence.start, EvidenceSentence.end))}
    rows = [{"article_id": a, "start": st, "end": ends[a, st], "origin": "manual",
             "created_at": utcnow()}
            for (a, st) in sorted(gold) if (a, st) in ends and rng.random() < share]
    with store.write() as s:
        for i in range(0, len(rows), 5_000):
            s.execute(insert(Claim.__table__), rows[i : i + 5_000])
    return len(rows)


def quality(store: Store, gold: dict) -> tuple[float, float]:
    """Pairwise precision/recall of event sentences of different articles."""
    with store.session() as s:
        from sqlmodel import select

        from desktop.core.clusters.tables import ClusterMember

        where = {(a, st): c for a, st, c in s.exec(
            select(ClusterMember.article_id, ClusterMember.start, ClusterMember.cluster_id))}
    tp = fp = fn = 0
    by_event: dict[int, list] = {}
    for key, e in gold.items():
        by_event.setdefault(e, []).append(key)
    for keys in by_event.values():
        for a, b in itertools.combinations(keys, 2):
            if a[0] != b[0]:
                same = a in where and where.get(a) == where.get(b)
                tp += same
                fn += not same
    clustered: dict[int, list] = {}
    for key, c in where.items():
        clustered.setdefault(c, []).append(key)
    for keys in clustered.values():
        for a, b in itertools.combinations(keys, 2):
            if a[0] != b[0] and not (a in gold and b in gold and gold[a] == gold[b]):
                fp += 1
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def ui_stall(store: Store) -> tuple[float, float]:
    """(seconds, worst UI-thread gap in ms) of the Claims view's background update."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui import workers
    from desktop.ui.claims_flow import ClaimsFlow

    app = QApplication.instance() or QApplication([])
    flow = ClaimsFlow(store, "bench")
    flow.view.show()
    clock, worst, last = QElapsedTimer(), [0.0], [0.0]
    clock.start()

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        worst[0] = max(worst[0], now - last[0] - 5)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    done = []
    flow.listed.connect(lambda n: done.append(n))
    t0 = time.perf_counter()
    last[0] = clock.nsecsElapsed() / 1e6
    flow.update()
    while not done:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    timer.stop()
    workers.wait_all()
    flow.view.close()
    return elapsed, worst[0]


def _indexed(n: int, tmp: Path, cache: Path | None, nlp) -> tuple[Store, dict, float]:
    """A fresh copy of the indexed corpus of n articles (built once per cache folder)."""
    import pickle
    import sqlite3

    t0 = time.perf_counter()
    if cache is None:
        store, gold = build_store(tmp / f"c{n}.db", Corpus(n), n, nlp)
        return store, gold, time.perf_counter() - t0
    cache.mkdir(parents=True, exist_ok=True)
    db, gold_file = cache / f"clusters{n}.db", cache / f"clusters{n}.gold"
    if not gold_file.exists():
        store, gold = build_store(db, Corpus(n), n, nlp)
        store.close()
        gold_file.write_bytes(pickle.dumps(gold))
    built = time.perf_counter() - t0
    with sqlite3.connect(db) as src, sqlite3.connect(tmp / f"c{n}.db") as dst:
        src.backup(dst)
    return open_store(str(tmp / f"c{n}.db")), pickle.loads(gold_file.read_bytes()), built


def run(sizes=(1_000, 10_000), processes: int = 2, out=sys.stdout,
        cache: Path | None = None, claims: float = 0.0) -> list[dict]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store, gold, t_index = _indexed(n, Path(tmp), cache, nlp)
            n_claims = add_claims(store, gold, claims)
            with store.session() as s:
                t1 = time.perf_counter()
                sentences = build.load_sentences(s)
                claim_spans = build.load_claims(s)
                t_load = time.perf_counter() - t1
            t2 = time.perf_counter()
            result = engine.cluster(sentences, claim_spans, processes=processes)
            t_engine = time.perf_counter() - t2
            t3 = time.perf_counter()
            report = build.rebuild(store, processes=processes)
            t_rebuild = time.perf_counter() - t3
            precision, recall = quality(store, gold)
            with store.write() as s:  # forget it all, so the view's update rebuilds
                from sqlalchemy import delete

                from desktop.core.clusters.tables import ClaimCluster, ClusterSeen
                s.execute(delete(ClusterSeen))
                s.execute(delete(ClaimCluster))
            elapsed, stall = ui_stall(store)
            store.close()
        row = {"articles": n, "sentences": len(sentences), "index_s": t_index,
               "load_s": t_load, "engine_s": t_engine, "rebuild_s": t_rebuild,
               "claims": n_claims,
               "clusters": report.clusters, "engine_clusters": len(result.clusters),
               "precision": precision, "recall": recall, "ui_update_s": elapsed,
               "ui_stall_ms": stall}
        results.append(row)
        print(
            f"{n} articles ({len(sentences)} sentences, {n_claims} claims, index ready in "
            f"{t_index:.0f} s): "
            f"full rebuild {t_rebuild:.1f} s with {processes} processes (load {t_load:.1f} s, "
            f"engine {t_engine:.1f} s), {report.clusters} clusters, event pairs precision "
            f"{precision:.2f} recall {recall:.2f}; Claims view update {elapsed:.1f} s, "
            f"worst UI stall {stall:.0f} ms",
            file=out,
        )
    return results


@pytest.mark.bench
def test_bench_clusters():
    results = run(sizes=(1_000,))
    assert results[0]["ui_stall_ms"] < 100
    assert results[0]["rebuild_s"] < 120


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[1_000, 10_000])
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="keep the indexed corpora here between runs")
    ap.add_argument("--claims", type=float, default=0.0,
                    help="share of the event sentences made claims (0: none, as before)")
    args = ap.parse_args()
    run(tuple(args.articles), args.processes, cache=args.cache, claims=args.claims)
