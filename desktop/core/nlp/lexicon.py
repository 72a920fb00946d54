"""Word lists the suggester's rules match against, read from ``patterns/lexicon.json`` so
they can be edited without touching code.

Verb lists hold lemmas ("say", not "said", "says", "saying"): the pipeline keeps
en_core_web_sm's lemmatizer, so one lemma stands for every inflection. The fallback
pipeline (no trained model) has no lemmatizer; ``rules_fallback`` gives its tokens base
forms from ``FALLBACK_IRREGULAR_FORMS`` and regular suffixes. A "set" list becomes a
frozenset, a "list" keeps its order, a "map" is a dict.
"""

from __future__ import annotations

import json
from importlib import resources

from spacy.tokens import Token

_FILE = resources.files("desktop.core.nlp").joinpath("patterns", "lexicon.json")
_LISTS = json.loads(_FILE.read_text(encoding="utf-8"))


def _words(name: str):
    entry = _LISTS[name]
    kind = entry["kind"]
    if kind == "map":
        return dict(entry["words"])
    return frozenset(entry["words"]) if kind == "set" else tuple(entry["words"])


def lemma(tok: Token) -> str:
    """A token's lower-case lemma (its lower-case text where no lemma was set)."""
    return tok.lemma_.lower() or tok.lower_


REPORTING_VERBS: frozenset[str] = _words("REPORTING_VERBS")
MENTAL_VERBS: frozenset[str] = _words("MENTAL_VERBS")
STANCE_VERBS: frozenset[str] = _words("STANCE_VERBS")
FIRST_PERSON: frozenset[str] = _words("FIRST_PERSON")
AUXILIARIES: frozenset[str] = _words("AUXILIARIES")
COMMON_VERBS: frozenset[str] = _words("COMMON_VERBS")
CAUSAL_MARKERS: frozenset[str] = _words("CAUSAL_MARKERS")
HEDGES: frozenset[str] = _words("HEDGES")
FOREIGN_STOPWORDS: frozenset[str] = _words("FOREIGN_STOPWORDS")
WEEKDAYS: tuple[str, ...] = _words("WEEKDAYS")
MONTHS: tuple[str, ...] = _words("MONTHS")
MONTH_ABBREVIATIONS: tuple[str, ...] = _words("MONTH_ABBREVIATIONS")
FALLBACK_IRREGULAR_FORMS: dict[str, str] = _words("FALLBACK_IRREGULAR_FORMS")
