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
from spacy.tokens import Doc, Span
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


# The last doc's matches: rule_features asks once per sentence and label, and one matcher
# pass over the doc costs a fraction of one per sentence and label (~15 % of suggesting
# time before). Holding the doc itself makes the check exact (no reused id()).
_last: tuple[Doc, list[tuple[int, int, str]]] | None = None


def doc_phrases(doc: Doc) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of every phrase in ``doc``, in text order."""
    global _last
    last = _last
    if last is not None and last[0] is doc:
        return last[1]
    annotated = frozenset(a for a in _ANNOTATIONS if doc.has_annotation(a))
    strings = doc.vocab.strings
    found = sorted((start, end, strings[match_id])
                   for match_id, start, end in _matcher(doc.vocab, annotated)(doc))  # fmt: skip
    _last = (doc, found)
    return found


def first_phrase(sent: Span, label: str) -> str:
    """The text of the first ``label`` phrase inside ``sent`` (lower-cased), or ""."""
    for start, end, found in doc_phrases(sent.doc):
        if start >= sent.end:
            break
        if found == label and start >= sent.start and end <= sent.end:
            return sent.doc[start:end].text.lower()
    return ""
