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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate, combinations
from typing import Any

from sqlmodel import select

from desktop.core.models import Annotator, Claim, Label
from desktop.core.store import Store
from desktop.core.verdicts import verdict_names

# (claim_id, annotator, verdict or None, article_id, start, end)
LabelRow = tuple[int, str, str | None, int, int, int]


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' (a, b) verdicts on the same items."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected == 1.0:  # both used one same verdict throughout: see module docstring
        return 1.0
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: Iterable[Sequence[str]]) -> float | None:
    """Krippendorff's alpha, nominal metric. A unit is the list of values given to one
    item (any number of raters; missing ones left out); units with < 2 values are not
    pairable and ignored."""
    totals: Counter[str] = Counter()
    disagree = 0.0  # sum over units of the off-diagonal coincidences
    for values in units:
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        totals.update(counts)
        disagree += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    n = sum(totals.values())
    if n == 0:
        return None
    expected = (n * n - sum(c * c for c in totals.values())) / (n - 1)
    if expected == 0:  # a single value used throughout: see module docstring
        return 1.0
    return 1.0 - disagree / expected


def confusion(pairs: Iterable[tuple[str, str]], categories: Sequence[str]) -> list[list[int]]:
    """matrix[i][j] = items the first rater called categories[i] and the second categories[j]."""
    index = {c: i for i, c in enumerate(categories)}
    matrix = [[0] * len(categories) for _ in categories]
    for a, b in pairs:
        matrix[index[a]][index[b]] += 1
    return matrix


def jaccard(a: set, b: set) -> float | None:
    union = len(a | b)
    return len(a & b) / union if union else None


def _overlapping(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> int:
    """How many of `spans` overlap at least one of `others` (both in one article)."""
    if not others:
        return 0
    others = sorted(others)
    starts = [s for s, _ in others]
    max_end = list(accumulate((e for _, e in others), max))
    hits = 0
    for s, e in spans:
        k = bisect_left(starts, e)  # others starting before this span ends
        if k and max_end[k - 1] > s:
            hits += 1
    return hits


def overlap_agreement(
    a: dict[int, list[tuple[int, int]]], b: dict[int, list[tuple[int, int]]]
) -> float | None:
    """Share of both annotators' spans that overlap a span of the other (per article):
    (hits of a in b + hits of b in a) / (|a| + |b|). Lenient twin of the exact Jaccard."""
    total = sum(map(len, a.values())) + sum(map(len, b.values()))
    if not total:
        return None
    hits = sum(_overlapping(spans, b.get(art, [])) for art, spans in a.items())
    hits += sum(_overlapping(spans, a.get(art, [])) for art, spans in b.items())
    return hits / total


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
    progress: dict[str, Progress] = {}
    for claim_id, who, verdict, article_id, start, end in rows:
        marked[who].add(claim_id)
        spans[who][article_id].append((start, end))
        p = progress.setdefault(who, Progress(who, 0, 0))
        p.claims += 1
        if verdict is not None:
            verdicts[claim_id][who] = verdict
            p.with_verdict += 1
            p.verdicts[verdict] = p.verdicts.get(verdict, 0) + 1
    names = sorted(marked)
    used = {v for by in verdicts.values() for v in by.values()}
    order = [c for c in categories if c in used] + sorted(used - set(categories))
    pairs_by: dict[tuple[str, str], list[tuple[str, str]]] = {p: [] for p in combinations(names, 2)}
    for by in verdicts.values():
        if len(by) > 1:
            for a, b in combinations(sorted(by), 2):
                pairs_by[a, b].append((by[a], by[b]))
    pairs = []
    for (a, b), pv in pairs_by.items():
        observed = sum(x == y for x, y in pv) / len(pv) if pv else None
        pairs.append(
            PairAgreement(
                a,
                b,
                len(pv),
                observed,
                cohen_kappa(pv),
                bool(pv) and len({v for pair in pv for v in pair}) == 1,
                confusion(pv, order),
                jaccard(marked[a], marked[b]),
                overlap_agreement(spans[a], spans[b]),
            )
        )
    units = [list(by.values()) for by in verdicts.values() if len(by) > 1]
    return AgreementReport(
        names, order, krippendorff_alpha(units), len(units), pairs, [progress[n] for n in names]
    )


def agreement_report(store: Store) -> AgreementReport:
    with store.session() as s:
        rows = s.exec(
            select(
                Label.claim_id,
                Annotator.name,
                Label.verdict,
                Claim.article_id,
                Claim.start,
                Claim.end,
            )
            .join(Annotator, Annotator.id == Label.annotator_id)
            .join(Claim, Claim.id == Label.claim_id)
        ).all()
    return compute(rows, verdict_names())
