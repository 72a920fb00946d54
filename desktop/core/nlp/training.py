"""Train the claim scorer: logistic regression by full-batch Adam in numpy.

Full batches make training deterministic (same data, same weights, on any machine)
without a random seed to keep track of, and on 20,000 sentences it takes seconds.
An optional ``prior`` centres the L2 penalty on other weights instead of zero: a team's
model is trained anchored to the base model, so a few hundred decisions move it where
they disagree with it without it forgetting what the base data taught. How far to trust
the prior is learnt too (one unpenalised scale on its score): a team whose idea of
check-worthy differs from the base data turns the base model down as a whole instead of
outvoting it word by word, which a few hundred decisions can't do (tests/bench/bench_learn.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.language import Language

from desktop.core.nlp.features import rule_features
from desktop.core.nlp.scorer import ClaimModel, doc_arrays, sentence_vector, token_keys

SCORER_COMPONENT = "claim_scorer"


@dataclass
class Rows:
    """Sentences as active slots: row i is ``slots[indptr[i]:indptr[i+1]]``; the first
    ``n_grams[i]`` of each row are hashed word slots, the rest rule slots."""

    indptr: np.ndarray
    slots: np.ndarray
    n_grams: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def of(cls, rows: Sequence[tuple[np.ndarray, int]]) -> Rows:
        lengths = np.fromiter((len(s) for s, _ in rows), np.int64, len(rows))
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        slots = np.concatenate([s for s, _ in rows]) if rows else np.empty(0, np.int64)
        return cls(indptr, slots.astype(np.int64), np.array([n for _, n in rows], np.int64))

    def take(self, index: Sequence[int] | np.ndarray) -> Rows:
        return Rows.of([self.row(int(i)) for i in index])

    def row(self, i: int) -> tuple[np.ndarray, int]:
        return self.slots[self.indptr[i] : self.indptr[i + 1]], int(self.n_grams[i])

    def part(self, *, text: bool, rules: bool) -> Rows:
        """The same rows with only word slots, only rule slots, or both (ablations)."""
        out = []
        for i in range(len(self)):
            s, n = self.row(i)
            out.append((np.concatenate([s[:n] if text else s[:0], s[n:] if rules else s[:0]]),
                        n if text else 0))  # fmt: skip
        return Rows.of(out)

    def __add__(self, other: Rows) -> Rows:
        return Rows(
            np.concatenate([self.indptr, other.indptr[1:] + self.indptr[-1]]),
            np.concatenate([self.slots, other.slots]),
            np.concatenate([self.n_grams, other.n_grams]),
        )


def featurize(nlp: Language, texts: Iterable[str], hash_bits: int) -> Iterator[tuple[np.ndarray, int]]:
    """Each text parsed as one sentence, as (slots, number of word slots)."""
    disabled = [SCORER_COMPONENT] if SCORER_COMPONENT in nlp.pipe_names else []
    with nlp.select_pipes(disable=disabled):
        for doc in nlp.pipe(texts, batch_size=256):
            arr = doc_arrays(doc)
            rules, fragment = rule_features(doc[:], list(doc.ents))
            vec = sentence_vector(token_keys(arr), arr, 0, len(doc), rules, fragment, hash_bits)
            yield vec.slots, vec.n_grams


def scores(model: ClaimModel, rows: Rows) -> np.ndarray:
    return _sigmoid(model.bias + _row_sums(model.weights, rows))


def fit(
    rows: Rows,
    y: np.ndarray,
    *,
    hash_bits: int,
    l2: float = 1e-4,
    epochs: int = 300,
    lr: float = 0.05,
    prior: ClaimModel | None = None,
    sample_weight: np.ndarray | None = None,
) -> ClaimModel:
    """Weights minimising mean log-loss + l2/2 * |w - a * prior|^2, where ``a``, the
    prior's scale, is learnt with the bias and neither is penalised (no prior: plain L2).

    Only the slots some row uses are optimised: every other weight ends at ``a`` times its
    prior, as its offset from there has zero gradient and Adam never moves it. Same weights
    as updating all 2**hash_bits of them, several times faster for a team's few hundred
    decisions (they touch a few percent of the slots).
    """
    model = ClaimModel.empty(hash_bits)
    full = prior.weights.astype(np.float64) if prior is not None else np.zeros(len(model.weights))
    used, slots = np.unique(rows.slots, return_inverse=True)
    slots = slots.reshape(-1)
    dim = len(used)
    anchor = full[used]
    offset = np.zeros(dim)  # w = a * anchor + offset
    a = 1.0
    b = float(prior.bias) if prior is not None else 0.0
    y = np.asarray(y, np.float64)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, np.float64)
    sw = sw / sw.sum()
    row_of = np.repeat(np.arange(len(rows)), np.diff(rows.indptr))
    prior_z = np.bincount(row_of, weights=anchor[slots], minlength=len(rows))
    m, v = np.zeros(dim), np.zeros(dim)
    moments = np.zeros((2, 2))  # Adam's first and second moments of (bias, scale)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = b + a * prior_z + np.bincount(row_of, weights=offset[slots], minlength=len(rows))
        g = (_sigmoid(z) - y) * sw
        gw = np.bincount(slots, weights=g[row_of], minlength=dim) + l2 * offset
        gba = np.array([g.sum(), g @ prior_z])
        m = beta1 * m + (1 - beta1) * gw
        v = beta2 * v + (1 - beta2) * gw * gw
        moments[0] = beta1 * moments[0] + (1 - beta1) * gba
        moments[1] = beta2 * moments[1] + (1 - beta2) * gba * gba
        step = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        offset -= step * m / (np.sqrt(v) + eps)
        b, a = np.array([b, a]) - step * moments[0] / (np.sqrt(moments[1]) + eps)
    full *= a
    full[used] += offset
    model.weights = full.astype(np.float32)
    model.bias = float(b)
    return model


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    threshold: float

    def as_dict(self) -> dict:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


def prf(p: np.ndarray, y: np.ndarray, threshold: float) -> PRF:
    pred = p >= threshold
    tp = float(np.sum(pred & (y == 1)))
    precision = tp / pred.sum() if pred.sum() else 0.0
    recall = tp / (y == 1).sum() if (y == 1).sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, threshold)


def average_precision(p: np.ndarray, y: np.ndarray) -> float:
    """Mean precision at the rank of each check-worthy item, scores high to low (ties in
    input order): how well a model ranks, over every item, not only at one threshold.
    Steadier than F1 on a few dozen claims; 0.0 when there is no check-worthy item."""
    y = np.asarray(y)[np.argsort(-np.asarray(p), kind="stable")]
    if not y.sum():
        return 0.0
    precision_at = np.cumsum(y) / np.arange(1, len(y) + 1)
    return float(precision_at[y == 1].mean())


def best_threshold(p: np.ndarray, y: np.ndarray) -> PRF:
    """The threshold (on a 0.01 grid) with the highest F1; ties go to the higher one."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    return max((prf(p, y, float(t)) for t in grid), key=lambda r: (r.f1, r.threshold))


def steady_threshold(p: np.ndarray, y: np.ndarray, near: float, max_share: float = 1.0) -> float:
    """The threshold (0.01 grid) where F1, averaged over it and its three neighbours on
    each side, is highest, among those flagging at most ``max_share`` of the items; ties go
    to the one nearest ``near``, and ``near`` itself is kept when no allowed threshold
    finds a claim. For a team's out-of-fold scores: with a few dozen claims the single
    F1-best threshold jumps with two or three sentences; the averaged curve's peak does
    not. The share cap keeps a model that separates a rare topic poorly from "finding" it
    by suggesting nearly every sentence."""
    grid = np.round(np.arange(0.01, 0.951, 0.01), 2)
    f1 = np.array([prf(p, y, float(t)).f1 for t in grid])
    allowed = np.array([np.mean(p >= t) <= max_share for t in grid])
    if not (f1 * allowed).max():
        return near
    width = 3
    smooth = np.convolve(np.pad(f1, width, mode="edge"), np.ones(2 * width + 1) / (2 * width + 1),
                         mode="valid")  # fmt: skip
    smooth[~allowed] = -1.0
    best = max(range(len(grid)), key=lambda i: (round(float(smooth[i]), 9), -abs(grid[i] - near)))
    return float(grid[best])


def _row_sums(weights: np.ndarray, rows: Rows) -> np.ndarray:
    row_of = np.repeat(np.arange(len(rows)), np.diff(rows.indptr))
    return np.bincount(row_of, weights=weights[rows.slots], minlength=len(rows))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
