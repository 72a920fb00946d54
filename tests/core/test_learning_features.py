"""Parsed features of decided sentences are kept, so learning parses each sentence once."""

from __future__ import annotations

import numpy as np
import pytest
from sqlmodel import func, select

from desktop.core import learning_features
from desktop.core.learning import learn
from desktop.core.learning_features import featurizer_key, rows_for
from desktop.core.learning_tables import ExampleFeatures
from desktop.core.nlp import training
from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.training import Rows, featurize
from desktop.core.store import StoreError

TEXTS = [
    "Unemployment fell to 4 percent in 2019, the bureau said.",
    "We spent $2 trillion on the war in Iraq.",
    "Thank you all for being here tonight.",
    "Unemployment fell to 4 percent in 2019, the bureau said.",  # the same sentence twice
    "Crime went up 12 percent last year in Chicago.",
]


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Every text handed to the parser, in order."""
    seen: list[str] = []

    def counting(nlp, texts, hash_bits):
        texts = list(texts)
        seen.extend(texts)
        return featurize(nlp, texts, hash_bits)

    monkeypatch.setattr(training, "featurize", counting)
    return seen


@pytest.mark.parametrize("db", ["store", "pg_store"])
def test_features_are_parsed_once_and_read_back_the_same(db, request, parsed) -> None:
    store = request.getfixturevalue(db)
    nlp, _ = load_pipeline(scorer=False)
    first = rows_for(store, TEXTS, nlp, 12)
    assert parsed == [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[4]]  # the repeat parsed once
    fresh = Rows.of(list(featurize(nlp, TEXTS, 12)))
    assert np.array_equal(first.slots, fresh.slots) and np.array_equal(first.indptr, fresh.indptr)
    assert np.array_equal(first.n_grams, fresh.n_grams)
    parsed.clear()
    again = rows_for(store, [*TEXTS, "Exports grew 7% in March."], nlp, 12)
    assert parsed == ["Exports grew 7% in March."]  # only the new sentence
    assert np.array_equal(again.take(range(len(TEXTS))).slots, fresh.slots)
    assert np.array_equal(again.n_grams[: len(TEXTS)], fresh.n_grams)


def test_another_featurizer_parses_again(store, parsed, monkeypatch) -> None:
    """Features made by other feature code (or another spaCy model, hash size) are never
    read: they would score differently from what the model is trained to read."""
    nlp, _ = load_pipeline(scorer=False)
    rows_for(store, TEXTS[:2], nlp, 12)
    before = featurizer_key(nlp, 12)
    monkeypatch.setattr(
        learning_features, "FEATURES_VERSION", learning_features.FEATURES_VERSION + 1
    )
    assert featurizer_key(nlp, 12) != before
    parsed.clear()
    rows_for(store, TEXTS[:2], nlp, 12)
    assert parsed == TEXTS[:2]
    rows_for(store, TEXTS[:2], nlp, 16)  # another hash size: another key too
    assert parsed == TEXTS[:2] * 2
    with store.session() as s:
        assert s.exec(select(func.count()).select_from(ExampleFeatures)).one() == 6


def test_features_that_cannot_be_stored_cost_a_parse_not_the_run(
    store, parsed, monkeypatch
) -> None:
    nlp, _ = load_pipeline(scorer=False)

    def refuse():
        raise StoreError("the database is read-only")

    monkeypatch.setattr(store, "write", refuse)
    rows = rows_for(store, TEXTS[:3], nlp, 12)
    assert len(rows) == 3 and parsed == TEXTS[:3]


def test_a_second_learn_parses_only_the_new_decisions(seeded_decisions, parsed) -> None:
    store, n = seeded_decisions
    learn(store)
    assert len(set(parsed)) == len(parsed) <= n  # each decided sentence once
    parsed.clear()
    from desktop.core import labelling, queries

    art = queries.list_articles(store)[0]
    labelling.create_claim(store, "bob", art.id, 0, 20)
    learn(store)
    assert len(parsed) == 1  # the new claim's sentence alone


@pytest.fixture
def seeded_decisions(store, seeds_dir):
    from desktop.core import suggesting
    from desktop.core.importing import import_paths
    from tests.core.test_learn import decide_like_a_statistics_desk

    import_paths(store, [seeds_dir])
    suggesting.compute_suggestions(store, in_process=True)
    return store, decide_like_a_statistics_desk(store)


def test_many_new_features_are_stored_in_short_transactions(store, monkeypatch) -> None:
    """A first learn on 5,000 imported decisions stores 5,000 rows: in one transaction that
    held SQLite's write lock 0.3 s, and a label made in the window waited for it."""
    import contextlib

    opened = []
    write = store.write

    @contextlib.contextmanager
    def counted():
        opened.append(1)
        with write() as s:
            yield s

    monkeypatch.setattr(store, "write", counted)
    parsed = [(f"{i:064x}", (np.arange(i % 40 + 1, dtype=np.int64), 1)) for i in range(1200)]
    learning_features._write(store, "k", parsed)
    assert len(opened) == 3  # 500 + 500 + 200
    with store.session() as s:
        assert s.exec(select(func.count()).select_from(ExampleFeatures)).one() == 1200
