"""Inter-annotator agreement: pure functions over plain tuples, plus one report that reads
every label in a single query.

Conventions for degenerate cases (tested):
- No shared items: kappa is None, alpha is None (nothing to measure).
- One annotator: no pairs; alpha is None (needs two values on a claim).
- Everyone used one and the same verdict everywhere: expected agreement is 1 and both
  formulas are 0/0. We return 1.0: the observed agreement is perfect, and reporting it
  as "unknown" would flag a perfectly consistent team. `chance_only` in the pair result
  tells a reader that this 1.0 carries no information beyond raw agreement.
Only labels with a verdict take part in kappa and alpha; "marked the claim" (span
agreement, progress) counts every label, with or without a verdict.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate, combinations
from typing import Any

from sqlmodel import select

from desktop.core.models import Annotator, Claim, Label
from desktop.core.store import Store
from desktop.core.verdicts import verdict_names

# (claim_id, annotator, verdict or None, article_id, start, end)
LabelRow = tuple[int, str, str | None, int, int, int]


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' (a, b) verdicts on the same items."""
    return kappa_from_table(Counter(pairs))


def kappa_from_table(table: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from a contingency table {(a's verdict, b's verdict): items}."""
    n = sum(table.values())
    if n == 0:
        return None
    ca: Counter[str] = Counter()
    cb: Counter[str] = Counter()
    agree = 0
    for (a, b), k in table.items():
        ca[a] += k
        cb[b] += k
        if a == b:
            agree += k
    observed = agree / n
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1.0:  # both used one same verdict throughout: see module docstring
        return 1.0
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: Iterable[Sequence[str]]) -> float | None:
    """Krippendorff's alpha, nominal metric. A unit is the list of values given to one
    item (any number of raters; missing ones left out); units with < 2 values are not
    pairable and ignored."""
    pooled: list[str] = []
    disagree = 0.0  # sum over units of the off-diagonal coincidences
    for values in units:
        m = len(values)
        if m < 2:
            continue
        pooled.extend(values)
        # sum of squared value counts without a Counter per unit (units are small)
        disagree += (m * m - sum(map(values.count, values))) / (m - 1)
    n = len(pooled)
    if n == 0:
        return None
    expected = (n * n - sum(c * c for c in Counter(pooled).values())) / (n - 1)
    if expected == 0:  # a single value used throughout: see module docstring
        return 1.0
    return 1.0 - disagree / expected


def confusion(pairs: Iterable[tuple[str, str]], categories: Sequence[str]) -> list[list[int]]:
    """matrix[i][j] = items the first rater called categories[i] and the second categories[j]."""
    return _matrix(Counter(pairs), categories)


def _matrix(table: Mapping[tuple[str, str], int], categories: Sequence[str]) -> list[list[int]]:
    return [[table.get((a, b), 0) for b in categories] for a in categories]


def jaccard(a: set, b: set) -> float | None:
    union = len(a | b)
    return len(a & b) / union if union else None


class _SpanIndex:
    """One annotator's spans in one article, sorted, with running maximum ends, so
    "does [s, e) overlap any of them" is one bisect."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.exact = set(spans)
        ordered = sorted(self.exact)
        self.starts = [s for s, _ in ordered]
        self.max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, s: int, e: int) -> bool:
        k = bisect_left(self.starts, e)  # spans starting before this one ends
        return bool(k) and self.max_end[k - 1] > s


Spans = dict[int, list[tuple[int, int]]]  # article id -> spans


def _index(spans: Spans) -> dict[int, _SpanIndex]:
    return {art: _SpanIndex(v) for art, v in spans.items()}


def _hits(mine: dict[int, _SpanIndex], theirs: dict[int, _SpanIndex]) -> int:
    hits = 0
    for art, index in mine.items():
        other = theirs.get(art)
        if other is None:
            continue
        same = index.exact & other.exact  # the common case, counted in C
        hits += len(same) + sum(other.overlaps(s, e) for s, e in index.exact - same)
    return hits


def _overlap(a: dict[int, _SpanIndex], b: dict[int, _SpanIndex]) -> float | None:
    total = sum(len(i.exact) for i in a.values()) + sum(len(i.exact) for i in b.values())
    return (_hits(a, b) + _hits(b, a)) / total if total else None


def overlap_agreement(a: Spans, b: Spans) -> float | None:
    """Share of both annotators' spans that overlap a span of the other (per article):
    (hits of a in b + hits of b in a) / (|a| + |b|). Lenient twin of the exact Jaccard."""
    return _overlap(_index(a), _index(b))


@dataclass
class PairAgreement:
    a: str
    b: str
    items: int  # claims both gave a verdict
    observed: float | None
    kappa: float | None
    chance_only: bool  # one verdict used by both throughout (kappa 1.0 by convention)
    confusion: list[list[int]]  # rows: a's verdict, columns: b's, in report.verdicts order
    span_jaccard: float | None  # exact offsets: |A and B| / |A or B| over marked claims
    span_overlap: float | None


@dataclass
class Progress:
    annotator: str
    claims: int  # claims with a label (verdict or not)
    with_verdict: int
    verdicts: dict[str, int] = field(default_factory=dict)


@dataclass
class AgreementReport:
    annotators: list[str]
    verdicts: list[str]  # order of the confusion matrices
    alpha: float | None
    alpha_units: int  # claims with >= 2 verdicts
    pairs: list[PairAgreement]
    progress: list[Progress]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def compute(rows: Iterable[LabelRow], categories: Sequence[str] = ()) -> AgreementReport:
    """The whole report from plain label rows (no database)."""
    verdicts: dict[int, dict[str, str]] = defaultdict(dict)
    marked: dict[str, set[int]] = defaultdict(set)
    spans: dict[str, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    tally: Counter[tuple[str, str | None]] = Counter()
    for claim_id, who, verdict, article_id, start, end in rows:
        marked[who].add(claim_id)
        spans[who][article_id].append((start, end))
        tally[who, verdict] += 1
        if verdict is not None:
            verdicts[claim_id][who] = verdict
    names = sorted(marked)
    indexes = {who: _index(spans[who]) for who in names}  # built once, used by every pair
    tables: dict[tuple[str, str], Counter[tuple[str, str]]] = {
        p: Counter() for p in combinations(names, 2)
    }
    units = []
    for by in verdicts.values():
        if len(by) > 1:
            units.append(list(by.values()))
            for (a, va), (b, vb) in combinations(sorted(by.items()), 2):
                tables[a, b][va, vb] += 1
    used = {v for (_, v) in tally if v is not None}
    order = [c for c in categories if c in used] + sorted(used - set(categories))
    pairs = []
    for (a, b), table in tables.items():
        items = sum(table.values())
        agree = sum(k for (va, vb), k in table.items() if va == vb)
        pairs.append(
            PairAgreement(
                a,
                b,
                items,
                agree / items if items else None,
                kappa_from_table(table),
                len({v for pair in table for v in pair}) == 1,
                _matrix(table, order),
                jaccard(marked[a], marked[b]),
                _overlap(indexes[a], indexes[b]),
            )
        )
    progress = []
    for who in names:
        counts = {v: k for (w, v), k in tally.items() if w == who and v is not None}
        total = sum(k for (w, _), k in tally.items() if w == who)
        progress.append(Progress(who, total, sum(counts.values()), counts))
    return AgreementReport(names, order, krippendorff_alpha(units), len(units), pairs, progress)


def agreement_report(store: Store) -> AgreementReport:
    """Every label in one query (Core rows: no ORM overhead on 100k rows), then compute()."""
    stmt = (
        select(
            Label.claim_id, Annotator.name, Label.verdict, Claim.article_id, Claim.start, Claim.end
        )
        .join(Annotator, Annotator.id == Label.annotator_id)
        .join(Claim, Claim.id == Label.claim_id)
    )
    with store.session() as s:
        rows = s.connection().execute(stmt).all()
    return compute(rows, verdict_names())
