"""The DocBin export trains a spaCy span categorizer with spaCy's own training API."""

from __future__ import annotations

import math
import random

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from desktop.core.export import export
from tests.core.test_export_fixtures import build


@pytest.mark.slow
def test_spancat_trains_on_the_exported_docbin(store, tmp_path):
    build(store)
    out = tmp_path / "train.spacy"
    export(store, "spacy", out)
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in docs]
    nlp.add_pipe(
        "spancat",
        config={
            "spans_key": "claims",
            "suggester": {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1, "max_size": 16},
        },
    )
    random.seed(0)
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    assert set(nlp.get_pipe("spancat").labels) == {"VERIFIED", "CLAIM"}
    for _ in range(5):
        losses: dict[str, float] = {}
        nlp.update(examples, sgd=optimizer, losses=losses)
        assert math.isfinite(losses["spancat"])
    doc = nlp(docs[0].text)
    assert "claims" in doc.spans  # predicts into the same key
