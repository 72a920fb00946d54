"""The scorer inputs of the team's decided sentences, parsed once and kept in the database
(``ExampleFeatures``): ``learn`` reads them back and parses only sentences it has not seen.

Parsing is most of a learning run (5,000 decisions: 15 of 19 s), and the window runs one
every 50 decisions, so without this a big team's model spent its time re-reading the same
sentences. Keyed by text, not by decision: relabelling a sentence, or two articles holding
it, needs no new parse.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from desktop.core.importers.normalise import text_sha256
from desktop.core.learning_tables import ExampleFeatures
from desktop.core.store import Store, StoreError
from desktop.core.upsert import insert_many_or_ignore

log = logging.getLogger(__name__)
FEATURES_VERSION = 1  # bump when what training.featurize makes of a sentence changes
_CHUNK = 500  # texts per query: well under SQLite's bound-parameter limit


def featurizer_key(nlp, hash_bits: int) -> str:
    """What a sentence's features depend on: the spaCy model, the hash size, the feature
    code and its rule slots. Features made under another key are never read."""
    from desktop.core.nlp.scorer import RULE_SLOTS

    rules = hashlib.sha256("\n".join(RULE_SLOTS).encode()).hexdigest()[:12]
    meta = nlp.meta
    return (
        f"{meta.get('name', '')}-{meta.get('version', '')}/{hash_bits}/{FEATURES_VERSION}/{rules}"
    )


def rows_for(store: Store, texts: Sequence[str], nlp, hash_bits: int):
    """``training.Rows`` of ``texts`` in order: stored features where there are some, the
    rest parsed now and stored for the next run."""
    from desktop.core.nlp.training import Rows, featurize

    key = featurizer_key(nlp, hash_bits)
    shas = [text_sha256(t) for t in texts]
    known = _read(store, key, list(dict.fromkeys(shas)))
    missing = {sha: text for sha, text in zip(shas, texts, strict=True) if sha not in known}
    if missing:
        parsed = dict(zip(missing, featurize(nlp, missing.values(), hash_bits), strict=True))
        known.update(parsed)
        _write(store, key, parsed.items())
    return Rows.of([known[sha] for sha in shas])


def _read(store: Store, key: str, shas: list[str]) -> dict[str, tuple[np.ndarray, int]]:
    out: dict[str, tuple[np.ndarray, int]] = {}
    with store.session() as s:
        for i in range(0, len(shas), _CHUNK):
            rows = s.exec(
                select(ExampleFeatures.text_sha, ExampleFeatures.slots, ExampleFeatures.n_grams)
                .where(ExampleFeatures.featurizer == key)
                .where(ExampleFeatures.text_sha.in_(shas[i : i + _CHUNK]))
            ).all()  # fmt: skip
            for sha, blob, n_grams in rows:
                out[sha] = (np.frombuffer(blob, "<i4").astype(np.int64), int(n_grams))
    return out


def _write(store: Store, key: str, parsed: Iterable[tuple[str, tuple[np.ndarray, int]]]) -> None:
    """Store new features, ``_CHUNK`` rows a transaction: the write lock is held ~30 ms at a
    time (5,000 rows at once held SQLite's for 0.3 s, and a label made in the window then
    waited for it). A teammate's run storing the same ones first is no error. A failure
    here costs only a parse next time, so it is logged, never raised."""
    values = [{"text_sha": sha, "featurizer": key, "slots": slots.astype("<i4").tobytes(),
               "n_grams": n_grams} for sha, (slots, n_grams) in parsed]  # fmt: skip
    try:
        for i in range(0, len(values), _CHUNK):
            with store.write() as s:
                insert_many_or_ignore(s, ExampleFeatures, values[i : i + _CHUNK],
                                      ["text_sha", "featurizer"])  # fmt: skip
    except (DatabaseError, StoreError) as exc:
        log.warning("parsed features not kept (%s); the next learn parses them again", exc)
