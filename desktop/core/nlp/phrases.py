"""Multi-word cues the suggester's rules look for ("due to", "led to", "going to raise"),
as spaCy ``Matcher`` patterns in ``patterns/phrases.jsonl`` (EntityRuler's format: a label
and a token pattern), so they match whole tokens and can be edited without touching code.

Single words stay plain word lists (``lexicon``). A pattern may ask for a tag, part of speech
or lemma ("going to" before a base-form verb is a prediction, "going to Moscow" is not;
"led to" is causal, "a lead to" is not). spaCy refuses such patterns on a doc without that
annotation (the fallback pipeline tags only some words): there they are left out.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from spacy.matcher import Matcher
from spacy.tokens import Span
from spacy.vocab import Vocab

_FILE = resources.files("desktop.core.nlp").joinpath("patterns", "phrases.jsonl")


def patterns() -> list[dict]:
    return [json.loads(line) for line in _FILE.read_text(encoding="utf-8").splitlines() if line]


_ANNOTATIONS = ("TAG", "POS", "LEMMA")  # token attributes spaCy needs a component for


@functools.lru_cache(maxsize=16)
def _matcher(vocab: Vocab, annotated: frozenset[str]) -> Matcher:
    """The patterns that ask only for annotations the doc has."""
    matcher = Matcher(vocab)
    by_label: dict[str, list] = {}
    for entry in patterns():
        wanted = {key for token in entry["pattern"] for key in token if key in _ANNOTATIONS}
        if wanted <= annotated:
            by_label.setdefault(entry["label"], []).append(entry["pattern"])
    for label, token_patterns in by_label.items():
        matcher.add(label, token_patterns)
    return matcher


def first_phrase(sent: Span, label: str) -> str:
    """The text of the first ``label`` phrase in ``sent`` (lower-cased), or ""."""
    doc = sent.doc
    annotated = frozenset(a for a in _ANNOTATIONS if doc.has_annotation(a))
    strings = doc.vocab.strings
    for match_id, start, end in sorted(_matcher(doc.vocab, annotated)(sent), key=lambda m: m[1]):
        if strings[match_id] == label:
            return sent[start:end].text.lower()
    return ""
