"""Rule components for the blank English pipeline used when no trained model exists.

They fill in just what the suggester's scoring reads (POS for verbs, TAG for
comparatives, a few entity types) so the same scoring code runs in both modes, only
less accurately. Crude by design: a trained model is the real answer.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from desktop.core.nlp.lexicon import (
    AUXILIARIES,
    COMMON_VERBS,
    FALLBACK_IRREGULAR_FORMS,
    MENTAL_VERBS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    REPORTING_VERBS,
    STANCE_VERBS,
)

RULES_VERSION = "2"
LEMMAS_COMPONENT = "claimdesk_fallback_lemmas"
_KNOWN_LEMMAS = COMMON_VERBS | REPORTING_VERBS | MENTAL_VERBS | STANCE_VERBS

_MONTHS = [*MONTHS, *MONTH_ABBREVIATIONS]
_DAYS = "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow"
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_NUM = {"LIKE_NUM": True, "LOWER": {"NOT_IN": _ORDINALS}}


def base_form(word: str) -> str:
    """The lemma of a lower-case word whose lemma the word lists know (irregular forms
    from the lexicon, regular ones by their suffix: "announced", "denies", "planning");
    otherwise the word itself."""
    if word in _KNOWN_LEMMAS:
        return word
    if word in FALLBACK_IRREGULAR_FORMS:
        return FALLBACK_IRREGULAR_FORMS[word]
    for suffix, ending in (("ies", "y"), ("ied", "y"), ("ing", "e"), ("ing", ""), ("ed", "e"),
                           ("ed", ""), ("es", ""), ("s", "")):  # fmt: skip
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            for candidate in (stem + ending, stem[:-1]):  # "planned": a doubled consonant
                if candidate in _KNOWN_LEMMAS:
                    return candidate
    return word


@Language.component(LEMMAS_COMPONENT)
def fallback_lemmas(doc: Doc) -> Doc:
    """Base forms for the rules' word lists, where no lemmatizer set a lemma."""
    for tok in doc:
        if not tok.lemma_:
            tok.lemma_ = base_form(tok.lower_)
    return doc


def add_rule_components(nlp: Language) -> None:
    nlp.add_pipe(LEMMAS_COMPONENT)
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": sorted(AUXILIARIES)}}]], {"POS": "AUX", "TAG": "MD"})
    verbs = sorted(COMMON_VERBS | REPORTING_VERBS)
    ruler.add([[{"LEMMA": {"IN": verbs}}]], {"POS": "VERB", "TAG": "VBD"})
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
