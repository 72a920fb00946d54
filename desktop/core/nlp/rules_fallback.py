"""Rule components for the blank English pipeline used when no trained model exists.

They fill in just what the suggester's scoring reads (POS for verbs, TAG for
comparatives, a few entity types) so the same scoring code runs in both modes, only
less accurately. Crude by design: a trained model is the real answer.
"""

from __future__ import annotations

from spacy.language import Language

from desktop.core.nlp.lexicon import (
    AUXILIARIES,
    COMMON_VERBS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    REPORTING_VERBS,
)

RULES_VERSION = "1"

_MONTHS = [*MONTHS, *MONTH_ABBREVIATIONS]
_DAYS = "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow"
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_NUM = {"LIKE_NUM": True, "LOWER": {"NOT_IN": _ORDINALS}}


def add_rule_components(nlp: Language) -> None:
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": sorted(AUXILIARIES)}}]], {"POS": "AUX", "TAG": "MD"})
    verbs = sorted(COMMON_VERBS | REPORTING_VERBS)
    ruler.add([[{"LOWER": {"IN": verbs}}]], {"POS": "VERB", "TAG": "VBD"})
    # Regular past tense/participles ("announced", "agreed") are the commonest verbs in news.
    ruler.add([[{"LOWER": {"REGEX": r"^[a-z]{3,}ed$"}}]], {"POS": "VERB", "TAG": "VBD"})
    ruler.add([[{"LOWER": {"IN": ["more", "less", "fewer"]}}]], {"TAG": "JJR"})
    ruler.add([[{"LOWER": {"IN": ["most", "least", "biggest", "largest", "best", "worst"]}}]],
              {"TAG": "JJS"})  # fmt: skip
    ruler.add([[{"TEXT": "?"}]], {"POS": "PUNCT"})

    ents = nlp.add_pipe("entity_ruler")
    ents.add_patterns(
        [
            {"label": "PERCENT", "pattern": [_NUM, {"LOWER": {"IN": ["%", "percent"]}}]},
            {"label": "MONEY", "pattern": [{"IS_CURRENCY": True}, _NUM]},
            {"label": "MONEY", "pattern": [_NUM, {"LOWER": {"IN": ["dollars", "euros"]}}]},
            {"label": "DATE", "pattern": [{"LOWER": {"IN": _MONTHS}}, _NUM]},
            {"label": "ORDINAL", "pattern": [{"LOWER": {"IN": _ORDINALS}}]},
            {"label": "DATE", "pattern": [{"LOWER": {"IN": _DAYS.split()}}]},
            {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}]},
            {"label": "CARDINAL", "pattern": [_NUM]},
            # Two or more capitalised words in a row: a cheap stand-in for a name.
            {"label": "PERSON", "pattern": [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "+"}]},
        ]
    )
