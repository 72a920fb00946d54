"""The learned claim scorer: a logistic regression over hashed word n-grams and rule features.

A sentence becomes a set of feature slots: its lower-cased words and word pairs (numbers
by their shape, so "2021" and "1998" are one feature "dddd"), hashed into ``2**hash_bits``
slots, plus one slot per rule feature (entities, figures, attribution, quotation, ... from
``features.py``) and a length bucket. The score is ``logistic(bias + sum of the weights of
its slots)``: each slot's weight is learned (``training.py``), and the strongest ones are
the readable reasons ("model 0.82: 'percent', 'since dddd'").

The model is a few numpy arrays; ``ClaimModel.to_bytes`` is what ships as package data and
what a team's retrained model is stored as in the database.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, SHAPE
from spacy.tokens import Doc

from desktop.core.nlp.features import KINDS, Feature

DEFAULT_HASH_BITS = 18
# Rule slots sit after the hashed slots, so they never collide with a word.
RULE_SLOTS: tuple[str, ...] = (
    *KINDS,
    "named entities 2",
    "named entities 3",
    "fragment",
    "words <8",
    "words 8-14",
    "words 15-24",
    "words 25+",
)
_RULE_INDEX = {name: i for i, name in enumerate(RULE_SLOTS)}
_PAIR = np.uint64(0x9E3779B97F4A7C15)  # mixes the first word of a pair (golden ratio)
_ATTRS = [LOWER, SHAPE, LIKE_NUM, IS_ALPHA, IS_SPACE, IS_PUNCT]
REASON_TERMS = 3  # learned terms shown in a reason


def doc_arrays(doc: Doc) -> np.ndarray:
    """Per-token attributes the scorer reads, once per doc (columns as in ``_ATTRS``)."""
    return doc.to_array(_ATTRS)


def token_keys(arr: np.ndarray) -> np.ndarray:
    """A key per token: its lower-case form, or its shape for numbers ("dd.d")."""
    numeric = (arr[:, 2] != 0) & (arr[:, 3] == 0)
    return np.where(numeric, arr[:, 1], arr[:, 0]).astype(np.uint64)


def length_slot(words: int) -> str:
    if words < 8:
        return "words <8"
    if words < 15:
        return "words 8-14"
    if words < 25:
        return "words 15-24"
    return "words 25+"


@dataclass
class SentenceVector:
    """One sentence's active slots; ``grams[k]`` = (token offset, n) of hashed slot k."""

    slots: np.ndarray  # int64, hashed n-gram slots first, then rule slots
    n_grams: int  # how many of ``slots`` are hashed n-grams
    grams: list[tuple[int, int]]


def sentence_vector(
    keys: np.ndarray,
    arr: np.ndarray,
    start: int,
    end: int,
    rules: Sequence[Feature],
    fragment: bool,
    hash_bits: int,
    *,
    text: bool = True,
    rule_inputs: bool = True,
) -> SentenceVector:
    """The slots of tokens ``[start, end)`` (``keys``/``arr`` are the doc's)."""
    size = 1 << hash_bits
    keep = np.flatnonzero(arr[start:end, 4] == 0) + start  # skip whitespace tokens
    words = int(np.count_nonzero(arr[keep, 5] == 0))
    grams: list[tuple[int, int]] = []
    hashed = np.empty(0, dtype=np.int64)
    if text and len(keep):
        k = keys[keep]
        uni = k % np.uint64(size)
        with np.errstate(over="ignore"):
            bi = (k[:-1] * _PAIR + k[1:] + np.uint64(1)) % np.uint64(size)
        hashed = np.concatenate([uni, bi]).astype(np.int64)
        grams = [(int(t), 1) for t in keep] + [(int(t), 2) for t in keep[:-1]]
        hashed, first = np.unique(hashed, return_index=True)
        grams = [grams[i] for i in first]
    rule_slots: list[int] = []
    if rule_inputs:
        names = {kind for kind, _ in rules if kind in _RULE_INDEX}
        if fragment:
            names.add("fragment")
        names.add(length_slot(words))
        rule_slots = sorted(size + _RULE_INDEX[n] for n in names)
    slots = np.concatenate([hashed, np.asarray(rule_slots, dtype=np.int64)])
    return SentenceVector(slots, len(hashed), grams)


@dataclass
class ClaimModel:
    """Weights of the claim scorer.

    ``threshold`` is the probability chosen as the cut-off when the model was trained;
    ``score`` is shifted by it so that 0.5 always means "at the cut-off", whichever model
    is in use (the shown threshold setting stays meaningful across retraining).
    """

    weights: np.ndarray  # float32, 2**hash_bits + len(RULE_SLOTS)
    bias: float
    hash_bits: int = DEFAULT_HASH_BITS
    threshold: float = 0.5
    version: str = "base"
    info: dict = field(default_factory=dict)

    @classmethod
    def empty(cls, hash_bits: int = DEFAULT_HASH_BITS) -> ClaimModel:
        return cls(np.zeros((1 << hash_bits) + len(RULE_SLOTS), np.float32), 0.0, hash_bits)

    def score(self, vec: SentenceVector) -> float:
        z = self.bias + float(self.weights[vec.slots].sum()) - self.offset
        return float(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))

    @property
    def offset(self) -> float:
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        return math.log(t / (1 - t))

    def reasons(
        self, vec: SentenceVector, score: float, doc: Doc, rules: Sequence[Feature]
    ) -> list[str]:
        """"model 0.82: 'percent', 'since 2021'", then the rule reasons, strongest first."""
        terms: list[str] = []
        if vec.n_grams:
            w = self.weights[vec.slots[: vec.n_grams]]
            for i in np.argsort(-w, kind="stable"):
                if w[i] <= 0 or len(terms) >= REASON_TERMS:
                    break
                tok, n = vec.grams[i]
                span = doc[tok : tok + n]
                if all(t.is_punct or t.is_stop for t in span):
                    continue  # "the", ", and": true but useless as a reason
                quoted = f"'{span.text}'"
                if quoted not in terms:
                    terms.append(quoted)
        head = f"model {score:.2f}" + (f": {', '.join(terms)}" if terms else "")
        size = 1 << self.hash_bits

        def weight(kind: str) -> float:
            return float(self.weights[size + _RULE_INDEX[kind]]) if kind in _RULE_INDEX else 0.0

        ranked = sorted((r for r in rules if r[1]), key=lambda r: -weight(r[0]))
        return [head] + [reason for _, reason in ranked]

    def to_bytes(self) -> bytes:
        nz = np.flatnonzero(self.weights).astype(np.int32)
        meta = {
            "bias": self.bias,
            "hash_bits": self.hash_bits,
            "threshold": self.threshold,
            "version": self.version,
            "info": self.info,
            "rule_slots": list(RULE_SLOTS),
        }
        buf = io.BytesIO()
        np.savez_compressed(
            buf, index=nz, value=self.weights[nz].astype(np.float32), meta=json.dumps(meta)
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ClaimModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("rule_slots") != list(RULE_SLOTS):
                raise ValueError("claim model was built for other rule features; rebuild it")
            model = cls.empty(int(meta["hash_bits"]))
            model.weights[z["index"]] = z["value"]
        model.bias = float(meta["bias"])
        model.threshold = float(meta["threshold"])
        model.version = str(meta["version"])
        model.info = dict(meta.get("info") or {})
        return model
