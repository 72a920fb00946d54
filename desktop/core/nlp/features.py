"""Rule features of one sentence, each a kind and a readable reason.

The features are inputs of the learned scorer (``scorer.py``), which weighs them with
the sentence's words; the reasons are what the analyst sees next to the model's score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.symbols import ADJ, ADV, AUX, PROPN, VERB
from spacy.tokens import Span, Token

from desktop.core.nlp.lexicon import (
    CAUSAL_MARKERS,
    FIRST_PERSON,
    HEDGES,
    MENTAL_VERBS,
    REPORTING_VERBS,
    lemma,
)
from desktop.core.nlp.phrases import first_phrase
from desktop.core.nlp.predicate import Predicate, claim_predicate

# Every kind of rule feature; the learned scorer (scorer.py) gives each its weight.
KINDS: tuple[str, ...] = (
    "number", "percent", "money", "date", "ordinal", "named entities", "attributed",
    "quotation", "comparison", "causal", "prediction", "assertion", "stance", "intent",
    "question", "opinion", "exclamation", "hedged", "headline", "short",
)  # fmt: skip
MIN_WORDS = 5  # below this a sentence is a fragment and never suggested
SHORT_WORDS = 7

_NUMBER_LABELS = {
    "CARDINAL": "number",
    "QUANTITY": "number",
    "PERCENT": "percent",
    "MONEY": "money",
    "DATE": "date",
    "TIME": "date",
    "ORDINAL": "ordinal",
}
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
# Too vague to count as a specific number or date.
_VAGUE = frozenset({"one", "today", "now", "recent days", "the future", "the past"})
_NOT_COMPARISON = frozenset(
    {"later", "earlier", "further", "rather", "sooner", "more", "most", "less", "least", "other"}
)
_DURATION = re.compile(
    r"\b(\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|half|"
    r"dozens?|hundreds?|thousands?)\b[\w\s-]*?\b(years?|months?|weeks?|days?|hours?|minutes?)\b",
    re.IGNORECASE,
)
_COMPARATIVE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
_COMPARE_WORDS = frozenset({"more", "most", "less", "least"})
_QUOTES = frozenset('"“”«»„')
_END_PUNCT = frozenset(".!?…:;")
_EVENT_TAGS = frozenset({"VBD", "VBN", "VBZ"})

Feature = tuple[str, str]  # (kind, reason shown to the analyst)


def sentence_features(sent: Span, ents: Sequence[Span]) -> list[Feature] | None:
    """Features of ``sent`` (``ents``: the doc entities inside it), or None for a fragment."""
    features, fragment = rule_features(sent, ents)
    return None if fragment else features


def rule_features(sent: Span, ents: Sequence[Span]) -> tuple[list[Feature], bool]:
    """(features of ``sent``, is it a fragment: under MIN_WORDS words or without a verb)."""
    words = 0
    has_verb = False
    title_words = long_words = 0
    first_person_at = -10
    opinion = hedge = prediction = causal = comparison = event = ""
    attributed = ""
    last = first = None
    parsed = sent.doc.has_annotation("DEP")
    for i, tok in enumerate(sent):
        if tok.is_space:
            continue
        if first is None:
            first = tok
        last = tok
        if tok.is_punct:
            continue
        words += 1
        lower = tok.lower_
        base = lemma(tok)
        pos = tok.pos
        tag = tok.tag_
        if pos in (VERB, AUX):
            has_verb = True
        if len(lower) > 3 and tok.is_alpha:
            long_words += 1
            title_words += tok.is_title
        if lower in FIRST_PERSON and tok.text != "US":
            first_person_at = i
        elif base in MENTAL_VERBS and i - first_person_at <= 3 and not opinion:
            opinion = f"{sent[first_person_at].text} {tok.text}"
        if base in REPORTING_VERBS and pos == VERB and not attributed:
            attributed = _attribution(tok)
        elif lower == "according" and not attributed:
            attributed = _according_to(sent, i)
        if not parsed and tag in _EVENT_TAGS and pos == VERB and not event:
            event = tok.text  # without a parse: the first finite verb
        if tag in _COMPARATIVE_TAGS and not comparison:
            comparison = _comparison(sent, i, lower)
        if lower in CAUSAL_MARKERS:
            causal = causal or lower
        if tag == "MD" and lower in ("will", "'ll", "wo", "shall"):
            prediction = prediction or lower
        elif lower in HEDGES and pos != PROPN:
            hedge = hedge or lower
    if first is None or last is None:
        return [], True
    fragment = words < MIN_WORDS or not has_verb

    out: list[Feature] = []
    out.extend(_entity_features(ents))
    if attributed:
        out.append(("attributed", f"attributed: {attributed}"))
    if any(ch in _QUOTES for ch in sent.text):
        out.append(("quotation", "quotation"))
    if comparison:
        out.append(("comparison", f"comparison: {comparison}"))
    causal = causal or first_phrase(sent, "CAUSAL")
    if causal:
        out.append(("causal", f"causal: {causal}"))
    predicate = claim_predicate(sent) if parsed else Predicate("assertion" if event else "", event)
    if predicate.kind == "intent":
        prediction = ""  # "we will ..." is a plan, already scored as intent
    elif prediction := prediction or first_phrase(sent, "PREDICTION"):
        out.append(("prediction", f"prediction: {prediction}"))
    if predicate.kind and not (opinion and predicate.kind in ("stance", "intent")):
        out.append((predicate.kind, f"{predicate.kind}: {predicate.text}"))
    end = _end_char(sent)
    if end == "?":
        out.append(("question", "question"))
    elif end == "!":
        out.append(("exclamation", "exclamation"))
    if opinion:
        out.append(("opinion", f"opinion: {opinion}"))
    if hedge:
        out.append(("hedged", f"hedged: {hedge}"))
    if end not in _END_PUNCT and long_words >= 3 and title_words * 5 >= long_words * 3:
        out.append(("headline", "headline"))
    if words < SHORT_WORDS:
        out.append(("short", "short"))
    return out, fragment


def _entity_features(ents: Sequence[Span]) -> list[Feature]:
    by_kind: dict[str, list[str]] = {}
    names: list[str] = []
    for ent in ents:
        label = ent.label_
        text = ent.text.strip()
        if label in _NAME_LABELS:
            if text not in names:
                names.append(text)
        elif label in _NUMBER_LABELS and text.lower() not in _VAGUE:
            kind = _NUMBER_LABELS[label]
            if kind == "date" and _DURATION.search(text):
                kind = "number"  # "14 years", "an hour and a half": a quantity of time
            by_kind.setdefault(kind, []).append(text)
    out = [(kind, f"{kind}: {', '.join(vals[:3])}") for kind, vals in by_kind.items()]
    if names:
        out.append(("named entities", f"named entities: {', '.join(names[:4])}"))
        if len(names) > 1:  # a second and third name: a count the model weighs on its own
            out.append((f"named entities {min(len(names), 3)}", ""))
    return out


def _attribution(verb: Token) -> str:
    # Show who said it when the parse gives a subject: "Peskov said".
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            subj = child.doc[child.left_edge.i : child.i + 1]
            text = subj.text if len(subj) <= 4 else child.text
            return f"{text} {verb.text}"
    return verb.text


def _according_to(sent: Span, i: int) -> str:
    toks = list(sent[i : i + 8])
    if len(toks) < 3 or toks[1].lower_ != "to":
        return ""
    tail = []
    for t in toks[2:]:
        if t.is_punct:
            break
        tail.append(t.text)
    return "according to " + " ".join(tail)


def _comparison(sent: Span, i: int, lower: str) -> str:
    tok = sent[i]
    if lower not in _NOT_COMPARISON:
        return tok.text
    # "more than 40", "the most blunt": only with what follows is it a comparison.
    if lower in _COMPARE_WORDS and i + 1 < len(sent):
        nxt = sent[i + 1]
        if nxt.lower_ == "than" or (lower in ("most", "least") and nxt.pos in (ADJ, ADV)):
            return f"{tok.text} {nxt.text}"
    return ""


def _end_char(sent: Span) -> str:
    text = sent.text.rstrip()
    for ch in reversed(text):
        if ch not in _QUOTES and ch not in ")’'":
            return ch
    return ""
