"""Clustering in memory: link every indexed sentence and every claim to the sentences of
other articles that report the same fact, then take connected groups.

Pure Python over the stored evidence features (no database, no spaCy), so a large rebuild
runs in worker processes: the index is built once in the parent and shared with forked
workers copy-on-write; each worker links a slice of the nodes and sends back edges.

A link needs a strong match (LINK_SCORE, stricter than the evidence panel's 0.40: a wrong
link merges two clusters) and only the best sentence of each other article counts, which
keeps one cluster from swallowing an article's neighbouring sentences.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from desktop.core.nlp.evidence.features import SentenceFeatures
from desktop.core.nlp.evidence.finder import Query, query_from, score_query
from desktop.core.nlp.evidence.names import RARE_NAME_DF, near_keys, near_name

LINK_SCORE = 0.45  # a link between two reports of one fact (tuned on tests/fixtures/demo_facts)
CANDIDATES = 20  # sentences scored per node, best idf overlap first
MIN_SHARE = 0.15  # idf share of a node's keys a candidate must hold to be scored
POSTINGS_BUDGET = 2_000  # postings read per node (rarest keys first)
COMMON_FRACTION = 0.02  # keys in more sentences than this never retrieve (only score)
MERGE_AVERAGE = 0.50  # mean similarity two groups' members need to become one cluster
MERGE_SAMPLE = 8
ATTACH_SCORE = 0.40  # a lone claim joins a group at this (the evidence panel's own bar)  # members of each group compared when deciding a merge
MUTUAL_SCORE = 0.40  # each claim's best evidence in the other's article, at the panel's bar
MUTUAL_AVERAGE = 0.35  # mean similarity of two groups joined through a mutual pair
MUTUAL_NAMES = 1.0  # share of the names of the claim naming fewer the other must name too
SAME_ARTICLE_SIM = 0.5  # two claims of one article below this: two facts, kept apart
NESTED_SIM = 0.4  # a claim inside another of its article joins it at this similarity
PARALLEL_FROM = 3_000  # nodes; fewer are linked in-process (forking costs more)


class Sentence:
    """An indexed sentence. Its features are parsed from the stored JSON when first
    scored: most sentences of a large corpus are only ever looked up by their keys."""

    __slots__ = ("_data", "_features", "article_id", "end", "start")

    def __init__(
        self, article_id: int, start: int, end: int, features: SentenceFeatures | dict
    ) -> None:
        self.article_id, self.start, self.end = article_id, start, end
        if isinstance(features, SentenceFeatures):
            self._features, self._data = features, None
        else:
            self._features, self._data = None, features

    @property
    def features(self) -> SentenceFeatures:
        if self._features is None:
            self._features = SentenceFeatures.from_json(self._data)
            self._data = None
        return self._features

    def keys(self) -> frozenset[str]:
        if self._features is None and "k" in self._data:
            return frozenset(self._data["k"])
        return frozenset(self.features.index_keys())


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    claim_id: int
    article_id: int
    start: int
    end: int
    text: str  # the claim's own text (a pronoun at its start brings in the sentence before)


@dataclass(frozen=True, slots=True)
class Node:
    """A member of a cluster: an indexed sentence (a passage) or a claim."""

    article_id: int
    start: int
    end: int
    claim_id: int | None = None

    @property
    def kind(self) -> str:
        return "passage" if self.claim_id is None else "claim"


class _IdfTable(dict):
    """key -> idf, computed on first use; keys never seen weigh like a key seen once.
    It holds the postings, not the index: no reference cycle, so a finished rebuild's
    index is freed at once by reference counting (a cycle left ~1M objects to a cyclic
    collection that held the GIL for 1.5 s)."""

    def __init__(self, postings: dict, n: int) -> None:
        super().__init__()
        self.postings, self.n = postings, n

    def __missing__(self, key: str) -> float:
        df = len(self.postings.get(key, ())) or 1
        w = self[key] = math.log(1.0 + self.n / df)
        return w


class MemoryIndex:
    """Inverted index of sentence keys with idf weights; sentences sorted per article."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = sentences if isinstance(sentences, list) else list(sentences)
        self.keys: list[frozenset[str]] = [s.keys() for s in sentences]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(self.keys):
            for k in keys:
                postings[k].append(i)
        # Posting lists as arrays: a node's candidate sums are a few numpy calls.
        self.postings = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        self.n = max(1, len(self.sentences))
        self.article_of = np.asarray([s.article_id for s in self.sentences], dtype=np.int64)
        self.by_article: dict[int, list[int]] = defaultdict(list)
        for i, s in enumerate(self.sentences):
            self.by_article[s.article_id].append(i)
        for ids in self.by_article.values():
            ids.sort(key=lambda i: self.sentences[i].start)
        self.common = max(50, int(self.n * COMMON_FRACTION))

        self._names: dict[int, list[str]] | None = None  # name keys by length, when needed
        self._near: dict[str, set[str]] = {}
        # idf as a bound dict lookup: scoring asks for it millions of times.
        self.idf = _IdfTable(self.postings, self.n).__getitem__

    def near(self, keys: Iterable[str]) -> set[str]:
        """Name keys spelt close to the rare names among `keys` (see
        evidence.index.near_name_keys): "p:hegseth" for "p:hesgeth"."""
        out: set[str] = set()
        for k in keys:
            if k[:2] != "p:" or self.df(k) > RARE_NAME_DF or len(k) < 6:
                continue
            found = self._near.get(k)
            if found is None:
                if self._names is None:
                    self._names = defaultdict(list)
                    for name in self.postings:
                        if name[:2] == "p:":
                            self._names[len(name)].append(name[2:])
                pool = [n for size in range(len(k) - 2, len(k) + 3) for n in self._names.get(size, ())]
                found = self._near[k] = {"p:" + n for n in near_keys(k[2:], pool)}
            out |= found
        return out

    def df(self, key: str) -> int:
        return len(self.postings.get(key, ()))

    def candidates(self, keys: Iterable[str], article_id: int) -> list[int]:
        """Sentences of other articles with the highest idf sum over the rarest keys, and
        at least MIN_SHARE of the node's whole weight (fewer share too little to match)."""
        keys = list(keys)
        floor = MIN_SHARE * sum(self.idf(k) for k in keys)
        usable = sorted((k for k in keys if 0 < self.df(k) <= self.common), key=self.df)
        lists, weights, budget = [], [], 0
        for k in usable:
            plist = self.postings[k]
            if budget and budget + len(plist) > POSTINGS_BUDGET:
                continue
            budget += len(plist)
            lists.append(plist)
            weights.append(np.full(len(plist), self.idf(k)))
        if not lists:
            return []
        ids = np.concatenate(lists)
        w = np.concatenate(weights)
        order = np.argsort(ids, kind="stable")
        ids, w = ids[order], w[order]
        uniq, first = np.unique(ids, return_index=True)
        sums = np.add.reduceat(w, first)
        keep = (sums >= floor) & (self.article_of[uniq] != article_id)
        uniq, sums = uniq[keep], sums[keep]
        if len(uniq) > CANDIDATES:
            top = np.argpartition(-sums, CANDIDATES - 1)[:CANDIDATES]
            uniq = uniq[top]
        return uniq.tolist()

    # -- the claim's sentences, in memory (what finder.build_query reads from the database)
    def around(self, article_id: int, start: int, end: int) -> tuple[list[SentenceFeatures], int]:
        ids = self.by_article.get(article_id, [])
        found = [i for i in ids if self.sentences[i].start < end and self.sentences[i].end > start]
        first = found[0] if found else -1
        return [self.sentences[i].features for i in found], first

    def before(self, article_id: int, sentence: int) -> SentenceFeatures | None:
        ids = self.by_article.get(article_id, [])
        pos = ids.index(sentence) if sentence in ids else -1
        return self.sentences[ids[pos - 1]].features if pos > 0 else None


def claim_query(index: MemoryIndex, claim: ClaimSpan) -> Query:
    from desktop.core.nlp.evidence.finder import starts_with_pronoun

    whole, first = index.around(claim.article_id, claim.start, claim.end)
    before = index.before(claim.article_id, first) if starts_with_pronoun(claim.text) else None
    return query_from(whole, before, claim.start, claim.end)


def link(
    index: MemoryIndex,
    query: Query,
    article_id: int,
    min_score: float = LINK_SCORE,
    widen: bool = False,
) -> list[tuple[int, float]]:
    """(sentence, score) of the best match in each other article, scoring >= min_score;
    `widen` (for claims) also retrieves by near spellings of the claim's rare names."""
    keys, ctx_keys = query.keys(), query.context_keys()
    if not keys:
        return []
    found = set(index.candidates(keys, article_id))
    if widen and (near := index.near(keys) - keys):
        found.update(index.candidates(keys | near, article_id))
    if ctx_keys:
        found.update(index.candidates(ctx_keys, article_id))
    best: dict[int, tuple[float, int]] = {}
    for i in found:
        total, ms = score_query(query, index.sentences[i].features, index.idf, keys, ctx_keys)
        if total < min_score or ms.other_people:
            continue
        aid = index.sentences[i].article_id
        if total > best.get(aid, (0.0, -1))[0]:
            best[aid] = (total, i)
    return [(i, sc) for sc, i in best.values()]


# -- nodes and edges ------------------------------------------------------------------------------
_INDEX: MemoryIndex | None = None  # set in the parent before forking; read by workers
_CLAIMS: list[ClaimSpan] = []


def _sentence_edges(ids: Sequence[int]) -> list[tuple[int, int, float]]:
    index = _INDEX
    out = []
    for i in ids:
        s = index.sentences[i]
        for j, sc in link(index, Query(s.features), s.article_id):
            out.append((i, j, sc))
    return out


def _claim_edges(ids: Sequence[int]) -> list[tuple[int, int, float]]:
    """Edges (claim position, sentence, score); sentence -1 joins the claim to its own
    sentence when it is (nearly) all of it."""
    index = _INDEX
    out = []
    for c in ids:
        claim = _CLAIMS[c]
        query = claim_query(index, claim)
        _, first = index.around(claim.article_id, claim.start, claim.end)
        if query.context is None and first >= 0:
            out.append((c, first, 1.0))
        # Down to MUTUAL_SCORE: the best sentence of each article, for the mutual pass;
        # only those reaching LINK_SCORE are links.
        for j, sc in link(index, query, claim.article_id, MUTUAL_SCORE, widen=True):
            out.append((c, j, sc))
    return out


def _chunks(n: int, parts: int) -> list[range]:
    size = max(1, math.ceil(n / parts))
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


def _run(fn: Callable, n: int, processes: int, progress, cancel) -> list | None:
    """fn over range(n) in slices, in worker processes when worth it; None when cancelled."""
    edges: list = []
    if processes <= 1 or n < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for part in _chunks(n, max(1, n // 500 + 1)):
            if cancel and cancel():
                return None
            edges += fn(part)
            if progress:
                progress(part.stop, n)
        return edges
    ctx = multiprocessing.get_context("fork")  # workers share the index copy-on-write
    parts = _chunks(n, processes * 8)
    with ctx.Pool(processes, initializer=_lower_priority) as pool:
        for done, result in enumerate(pool.imap_unordered(fn, parts), start=1):
            if cancel and cancel():
                pool.terminate()
                return None
            edges += result
            if progress:
                progress(min(n, done * parts[0].stop), n)
    return edges


def _lower_priority() -> None:
    try:
        os.nice(5)  # the window's process keeps the CPU it needs
    except OSError:
        pass


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Clustering:
    clusters: list[list[tuple[Node, float]]]  # members with their best link score
    nodes: int
    edges: int
    cancelled: bool = False


def cluster(
    sentences: Sequence[Sentence],
    claims: Sequence[ClaimSpan] = (),
    *,
    processes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Clustering:
    """Group the sentences and claims that report one fact in different articles.

    Returns the groups that span two articles or more; a claim whose own sentence is in a
    group stands in for that sentence."""
    global _INDEX, _CLAIMS
    processes = processes or max(1, (os.cpu_count() or 1))
    index = MemoryIndex(sentences)
    _INDEX, _CLAIMS = index, list(claims)
    try:
        total = len(sentences) + len(claims)

        def step(offset):
            return (lambda d, _t: progress(offset + d, total)) if progress else None

        s_edges = _run(_sentence_edges, len(sentences), processes, step(0), cancel)
        c_edges = None
        if s_edges is not None:
            c_edges = _run(_claim_edges, len(claims), processes, step(len(sentences)), cancel)
    finally:
        _INDEX, _CLAIMS = None, []
    if s_edges is None or c_edges is None:
        return Clustering([], total, 0, cancelled=True)
    n_s = len(sentences)
    merger = _Merger(index, sentences, claims)
    for a, b, sc in sorted(
        [(i, j, sc) for i, j, sc in s_edges]
        + [(n_s + c, j, sc) for c, j, sc in c_edges if sc >= LINK_SCORE],
        key=lambda e: -e[2],
    ):
        merger.offer(a, b, sc)
    merger.join_mutual_claims(n_s, [(c, j) for c, j, _sc in c_edges])
    merger.join_nested_claims(n_s)
    merger.attach_claims(n_s)
    out = []
    for members in merger.groups():
        nodes = [(_node(sentences, claims, n_s, x), merger.best[x]) for x in members]
        nodes = _claims_stand_in(nodes)
        if len({n.article_id for n, _ in nodes}) >= 2:
            out.append(sorted(nodes, key=lambda m: (m[0].article_id, m[0].start)))
    out.sort(key=lambda ms: (ms[0][0].article_id, ms[0][0].start))
    edges = len(s_edges) + len(c_edges)
    for big in (merger._queries, merger._sim, index.keys, index.postings, s_edges, c_edges):
        release(big)
    return Clustering(out, n_s + len(claims), edges)


def release(items: list | dict, step: int = 2_000) -> None:
    """Free a large structure a slice at a time. Dropping a million objects in one go is
    one C-level cascade that holds the GIL for ~0.3 s and stalls the window's thread;
    slices let it in between."""
    if isinstance(items, dict):
        while items:
            for k in list(itertools.islice(items, step)):
                del items[k]
    else:
        while items:
            del items[-step:]


class _Merger:
    """Average-linkage merging along the links, strongest first: two groups join only when
    their members match each other on average (MERGE_AVERAGE), not through one chain of
    links ("the call lasted 90 minutes" ~ "the call" ~ "Zelensky's call lasted an hour")."""

    def __init__(self, index: MemoryIndex, sentences, claims) -> None:
        self.index, self.sentences, self.claims = index, sentences, claims
        n = len(sentences) + len(claims)
        self.uf = _UnionFind(n)
        self.members: dict[int, list[int]] = {}
        self.best = [0.0] * n
        self._queries: dict[int, Query] = {}
        self._sim: dict[tuple[int, int], float] = {}
        self._claim_pos = {c: i for i, c in enumerate(claims)}

    def _query(self, x: int) -> Query:
        q = self._queries.get(x)
        if q is None:
            n_s = len(self.sentences)
            if x < n_s:
                q = Query(self.sentences[x].features)
            else:
                q = claim_query(self.index, self.claims[x - n_s])
            self._queries[x] = q
        return q

    def _article(self, x: int) -> int:
        n_s = len(self.sentences)
        return self.sentences[x].article_id if x < n_s else self.claims[x - n_s].article_id

    def sim(self, x: int, y: int) -> float:
        key = (x, y) if x < y else (y, x)
        v = self._sim.get(key)
        if v is None:
            qx, qy = self._query(x), self._query(y)
            a = score_query(qx, qy.claim, self.index.idf)[0]
            b = score_query(qy, qx.claim, self.index.idf)[0]
            v = self._sim[key] = (a + b) / 2
        return v

    def offer(self, a: int, b: int, score: float) -> None:
        if score < 1.0:  # 1.0: a claim joined to its own sentence, not a match
            self.best[a], self.best[b] = max(self.best[a], score), max(self.best[b], score)
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return
        ga, gb = self.members.get(ra, [ra]), self.members.get(rb, [rb])
        if score < 1.0 and (len(ga) > 1 or len(gb) > 1) and not self._close(ga, gb):
            return
        if score < 1.0 and self.claims and self._same_article_apart(ga, gb, len(self.sentences)):
            return
        self.uf.union(ra, rb)
        root = self.uf.find(ra)
        self.members.pop(ra, None)
        self.members.pop(rb, None)
        self.members[root] = ga + gb

    def _close(self, ga: list[int], gb: list[int], threshold: float = MERGE_AVERAGE) -> bool:
        pairs = [
            (x, y)
            for x in ga[:MERGE_SAMPLE]
            for y in gb[:MERGE_SAMPLE]
            if self._article(x) != self._article(y)
        ]
        if not pairs:
            return True  # a claim and its own article's sentence
        return sum(self.sim(x, y) for x, y in pairs) / len(pairs) >= threshold

    def attach_claims(self, n_s: int) -> None:
        """A claim left alone joins the group of its best weaker match (ATTACH_SCORE) when it
        is close to that group's members: an analyst's claim is worth a second look."""
        for c in range(len(self.claims)):
            x = n_s + c
            if len(self.members.get(self.uf.find(x), [x])) > 1:
                continue
            claim = self.claims[c]
            query = self._query(x)
            for j, sc in sorted(link(self.index, query, claim.article_id, ATTACH_SCORE, True),
                                key=lambda m: -m[1]):
                group = self.members.get(self.uf.find(j), [j])
                if self._close([x], group, ATTACH_SCORE):
                    self.best[x] = max(self.best[x], sc)
                    self.offer(x, j, 1.0)
                    break

    def join_mutual_claims(self, n_s: int, best_edges: list[tuple[int, int]]) -> None:
        """Two claims of different articles whose best evidence in each other's article is
        each other's sentence report one fact (the evidence finder agrees both ways, as a
        reader checking both would): their groups join even below LINK_SCORE, when the
        groups are not far apart on average (MUTUAL_AVERAGE). `best_edges`: (claim, its
        best sentence in another article scoring MUTUAL_SCORE or more), from the links."""
        if not self.claims:
            return
        by_article: dict[int, list[int]] = defaultdict(list)
        for c, claim in enumerate(self.claims):
            by_article[claim.article_id].append(c)
        best: dict[int, dict[int, int]] = defaultdict(dict)  # claim -> {article: sentence}
        for c, j in best_edges:
            article = self.index.sentences[j].article_id
            if article != self.claims[c].article_id:  # not the claim's own sentence
                best[c][article] = j
        pairs = []
        for c, claim in enumerate(self.claims):
            for other, j in best[c].items():
                sent = self.index.sentences[j]
                for d in by_article.get(other, ()):
                    if d <= c or not _inside(self.claims[d], sent):
                        continue
                    back = best[d].get(claim.article_id)
                    if (
                        back is not None
                        and _inside(claim, self.index.sentences[back])
                        and self._same_people(n_s + c, n_s + d)
                    ):
                        pairs.append((self.sim(n_s + c, n_s + d), n_s + c, n_s + d))
        for _sim, x, y in sorted(pairs, reverse=True):
            rx, ry = self.uf.find(x), self.uf.find(y)
            if rx == ry:
                continue
            gx, gy = self.members.get(rx, [rx]), self.members.get(ry, [ry])
            # Claims say what a group is about; passages (whole sentences) often tell two
            # facts at once and blur the average.
            cx = [m for m in gx if m >= n_s] or gx
            cy = [m for m in gy if m >= n_s] or gy
            if self._close(cx, cy, MUTUAL_AVERAGE) and not self._same_article_apart(cx, cy, n_s):
                self.offer(x, y, 1.0)

    def join_nested_claims(self, n_s: int) -> None:
        """A claim inside another claim of its article (an analyst marked part of a claim
        again) reports what the part says: it joins that claim's group when they are alike
        (NESTED_SIM) and the groups do not say different things (MUTUAL_AVERAGE)."""
        by_article: dict[int, list[int]] = defaultdict(list)
        for c, claim in enumerate(self.claims):
            by_article[claim.article_id].append(c)
        for ids in by_article.values():
            if len(ids) < 2:
                continue
            for c in ids:
                inner = self.claims[c]
                for d in ids:
                    outer = self.claims[d]
                    if c == d or not (outer.start <= inner.start and inner.end <= outer.end):
                        continue
                    x, y = n_s + c, n_s + d
                    rx, ry = self.uf.find(x), self.uf.find(y)
                    if rx == ry or self.sim(x, y) < NESTED_SIM:
                        continue
                    gx, gy = self.members.get(rx, [rx]), self.members.get(ry, [ry])
                    cx = [m for m in gx if m >= n_s] or gx
                    cy = [m for m in gy if m >= n_s] or gy
                    if self._close(cx, cy, MUTUAL_AVERAGE):
                        self.offer(x, y, 1.0)

    def _same_people(self, x: int, y: int) -> bool:
        """When both claims name people (or places), the names of the one naming fewer are
        all in the other, in any spelling: the same figure reported of other people (in
        the same place) is another fact."""
        nx = {k[2:] for k in self._query(x).claim.index_keys() if k[:2] == "p:"}
        ny = {k[2:] for k in self._query(y).claim.index_keys() if k[:2] == "p:"}
        if not nx or not ny:
            return True
        fewer, more = (nx, ny) if len(nx) <= len(ny) else (ny, nx)
        met = sum(1 for a in fewer if a in more or any(near_name(a, b) for b in more))
        return met >= MUTUAL_NAMES * len(fewer)

    def _same_article_apart(self, gx: list[int], gy: list[int], n_s: int) -> bool:
        """Two claims of one article, one in each group, that don't overlap and say
        different things: an article seldom tells one fact twice in other words, so the
        groups are two facts (the call Trump made to Zelensky, and the one he would make)."""
        cx = [self.claims[x - n_s] for x in gx if x >= n_s]
        if not cx:
            return False
        for y in gy:
            if y < n_s:
                continue
            b = self.claims[y - n_s]
            for a in cx:
                if a.article_id != b.article_id or (a.start < b.end and b.start < a.end):
                    continue
                if self.sim(n_s + self._claim_pos[a], y) < SAME_ARTICLE_SIM:
                    return True
        return False

    def groups(self) -> list[list[int]]:
        return [g for g in self.members.values() if len(g) >= 2]


def _inside(claim: ClaimSpan, sentence: Sentence) -> bool:
    """The claim lies in (overlaps) the sentence."""
    return (
        claim.article_id == sentence.article_id
        and claim.start < sentence.end
        and claim.end > sentence.start
    )


def _node(sentences, claims, n_s: int, x: int) -> Node:
    if x < n_s:
        s = sentences[x]
        return Node(s.article_id, s.start, s.end)
    c = claims[x - n_s]
    return Node(c.article_id, c.start, c.end, c.claim_id)


def _claims_stand_in(nodes: list[tuple[Node, float]]) -> list[tuple[Node, float]]:
    """Drop a passage when a claim of the same group lies inside it (the claim is what the
    analyst labels); keep passages no claim covers."""
    claims = [n for n, _ in nodes if n.claim_id is not None]
    out = []
    for n, sc in nodes:
        if n.claim_id is None and any(
            c.article_id == n.article_id and c.start < n.end and c.end > n.start for c in claims
        ):
            continue
        out.append((n, sc))
    return out
