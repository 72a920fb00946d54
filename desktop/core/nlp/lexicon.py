"""Word lists the suggester's rules match against (lower-cased surface forms), read from
``patterns/lexicon.json`` so they can be edited without touching code.

Surface forms rather than lemmas so the pipeline can run without its lemmatizer (about
5 % of parsing time). A "set" list becomes a frozenset; a "list" keeps its order.
"""

from __future__ import annotations

import json
from importlib import resources

_FILE = resources.files("desktop.core.nlp").joinpath("patterns", "lexicon.json")
_LISTS = json.loads(_FILE.read_text(encoding="utf-8"))


def _words(name: str):
    entry = _LISTS[name]
    return frozenset(entry["words"]) if entry["kind"] == "set" else tuple(entry["words"])


REPORTING_VERBS: frozenset[str] = _words("REPORTING_VERBS")
MENTAL_VERBS: frozenset[str] = _words("MENTAL_VERBS")
STANCE_VERBS: frozenset[str] = _words("STANCE_VERBS")
FIRST_PERSON: frozenset[str] = _words("FIRST_PERSON")
AUXILIARIES: frozenset[str] = _words("AUXILIARIES")
COMMON_VERBS: frozenset[str] = _words("COMMON_VERBS")
CAUSAL_MARKERS: frozenset[str] = _words("CAUSAL_MARKERS")
PREDICTION_MARKERS: frozenset[str] = _words("PREDICTION_MARKERS")
HEDGES: frozenset[str] = _words("HEDGES")
FOREIGN_STOPWORDS: frozenset[str] = _words("FOREIGN_STOPWORDS")
WEEKDAYS: tuple[str, ...] = _words("WEEKDAYS")
MONTHS: tuple[str, ...] = _words("MONTHS")
MONTH_ABBREVIATIONS: tuple[str, ...] = _words("MONTH_ABBREVIATIONS")
