"""What a sentence asserts: the verb of its claim, past any reporting verb.

"Peskov said that the leaders spoke for an hour" asserts "spoke", not "said"; "“We
will ask the US for it,” Zelensky said" states an intent. Whether the claim's verb
reports an event or fact, a stance (wants, welcomes, stressed) or the speaker's own
intent is what best separates check-worthy sentences from quoted opinion in news.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.symbols import AUX, VERB
from spacy.tokens import Span, Token

from desktop.core.nlp.lexicon import FIRST_PERSON, REPORTING_VERBS, STANCE_VERBS, lemma

_FINITE_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBP", "MD"})
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
_INTENT_AUX = frozenset({"will", "'ll", "shall", "must", "would", "can", "should", "wo", "ca"})
_MODAL_AUX = frozenset({"can", "could", "may", "might", "must", "should", "would", "ca"})
_SECOND_PERSON = frozenset({"you", "your"})


class Predicate(NamedTuple):
    kind: str  # "assertion" | "stance" | "intent" | ""
    text: str  # for the reason shown, e.g. "we will ask"


def claim_predicate(sent: Span) -> Predicate:
    """Classify the claim verb of ``sent`` (needs a dependency parse)."""
    verb = sent.root
    for _ in range(2):  # "X said (that) Y added ..." at most two levels deep
        if lemma(verb) not in REPORTING_VERBS:
            break
        comp = next((c for c in verb.children if c.dep_ in _COMPLEMENT_DEPS), None)
        if comp is None or comp.pos not in (VERB, AUX):
            break
        verb = comp
    if verb.pos not in (VERB, AUX):
        return Predicate("", "")
    subject = _subject(verb)
    subj = subject.lower_ if subject is not None and subject.text != "US" else ""
    auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.lower_ == "let" or (subj in FIRST_PERSON and verb.tag_ != "VBD" and verb.tag_ != "VBN"):
        aux = " ".join(auxes)
        return Predicate("intent", " ".join(w for w in (subj, aux, verb.text) if w))
    if subj in _SECOND_PERSON:
        return Predicate("intent", f"{subj} {verb.text}")
    if lemma(verb) in STANCE_VERBS:
        return Predicate("stance", verb.text)
    if any(a in _MODAL_AUX for a in auxes):
        return Predicate("", "")  # "can be achieved", "must be present": not a fact yet
    if verb.tag_ in _FINITE_TAGS or auxes:
        if subject is None and not auxes and verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return Predicate("", "")
        return Predicate("assertion", verb.text)
    return Predicate("", "")


def _subject(verb: Token) -> Token | None:
    # xcomp verbs ("agreed to meet") share their head's subject.
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None
