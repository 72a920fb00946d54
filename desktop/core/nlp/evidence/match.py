"""How much a candidate sentence reports the same fact as a claim: a score in [0, 1].

Parts, each explainable to the analyst:
- shared terms weighted by idf (rare words and names say more than "war" or "Trump"),
  both as coverage of the claim and precision of the candidate;
- rapidfuzz token_set_ratio over the concept keys (order-free, forgiving of extra words);
- shared people (same name key, or a near spelling that counts half);
- shared quantities after normalisation (90-minute == an hour and a half).
A candidate about other people than the claim ("Zelensky spoke for an hour" against
"Putin spoke for an hour and a half") is damped: it is likely a different fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from desktop.core.nlp.evidence.features import SentenceFeatures
from desktop.core.nlp.evidence.names import near_name
from desktop.core.nlp.evidence.numbers import same_value

W_LEXICAL, W_SET, W_PEOPLE, W_NUMBERS = 0.5, 0.2, 0.15, 0.15
FIGURE_SHIFT = 0.1  # weight moved from words to figures when the claim gives one
OTHER_PEOPLE_DAMPING = 0.75
NEAR_NAME_CREDIT = 0.6
SPEAKER_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class MatchScore:
    score: float
    shared: tuple[str, ...]  # shared index keys (why the two sentences match)
    other_people: bool  # the candidate is about other people than the claim
    near: tuple[str, ...] = ()  # the claim's name keys the candidate spells otherwise


def keys_of(f: SentenceFeatures) -> set[str]:
    return f.index_keys()


def _names(f: SentenceFeatures) -> set[str]:
    # NER misses names (or tags them ORG); proper-noun terms catch what it missed.
    return {p.key for p in f.people} | {t.key[2:] for t in f.terms if t.key.startswith("p:")}


def _people_overlap(claim: SentenceFeatures, cand: SentenceFeatures) -> tuple[float | None, bool]:
    """(share of the claim's people the candidate names, candidate is about other people)."""
    # Speakers ("Peskov said") are sources, not who the fact is about.
    mine = {p.key for p in claim.people if not p.speaker}
    if not mine:
        return None, False
    theirs = {p.key for p in cand.people if not p.speaker}
    if not theirs:
        return 0.5, False  # "the two leaders": unknown, not contradicting
    their_names, my_names = _names(cand), _names(claim)
    credit = 0.0
    unmatched_mine = set()
    for k in mine:
        if k in their_names:
            credit += 1
        elif any(near_name(k, t) for t in their_names):
            credit += NEAR_NAME_CREDIT
        else:
            unmatched_mine.add(k)
    unmatched_theirs = {
        t for t in theirs if t not in my_names and not any(near_name(t, k) for k in my_names)
    }
    return credit / len(mine), bool(unmatched_mine and unmatched_theirs)


def _numbers(claim: SentenceFeatures, cand: SentenceFeatures) -> float | None:
    qs = [q for q in claim.quantities if q.kind != "count" or q.unit]
    if not qs:
        return None
    hits = sum(1 for q in qs if any(same_value(q, o) for o in cand.quantities))
    return hits / len(qs)


def score(
    claim: SentenceFeatures,
    cand: SentenceFeatures,
    idf: Callable[[str], float],
    claim_keys: set[str] | None = None,
) -> MatchScore:
    mine = claim_keys if claim_keys is not None else keys_of(claim)
    # A speaker's name weighs like any shared word only when the candidate names them too.
    speakers = {"p:" + p.key for p in claim.people if p.speaker} - {
        "p:" + p.key for p in claim.people if not p.speaker
    }
    if not {k for k in mine if k.startswith("p:")} - speakers:
        # "Hegseth said at a meeting in Brussels": when the speaker is the only name, the
        # claim is about their statement, and the speaker is who it is about.
        speakers = set()
    theirs_all = keys_of(cand)
    mine = {k for k in mine if k not in speakers or k in theirs_all}
    theirs = theirs_all
    if not mine or not theirs:
        return MatchScore(0.0, (), False)
    shared = mine & theirs
    # Near spellings of names count as partly shared ("p:folger" ~ "p:fogel").
    near = 0.0
    spelt_otherwise = []
    for k in mine - shared:
        if k.startswith("p:") and any(
            t.startswith("p:") and near_name(k[2:], t[2:]) for t in theirs
        ):
            near += NEAR_NAME_CREDIT * idf(k)
            spelt_otherwise.append(k)
    # Who said it is weaker evidence of the same fact than what was said.
    w_shared = sum(idf(k) * (SPEAKER_WEIGHT if k in speakers else 1.0) for k in shared) + near
    coverage = w_shared / sum(idf(k) for k in mine)
    precision = w_shared / sum(idf(k) for k in theirs)
    lexical = min(1.0, 0.75 * min(1.0, coverage) + 0.25 * min(1.0, precision))
    words_mine = " ".join(sorted(k for k in mine if k[0] in "wp"))
    words_theirs = " ".join(sorted(k for k in theirs if k[0] in "wp"))
    setratio = fuzz.token_set_ratio(words_mine, words_theirs) / 100.0 if words_mine else lexical
    people, other = _people_overlap(claim, cand)
    numbers = _numbers(claim, cand)
    w_lexical, w_numbers = W_LEXICAL, W_NUMBERS
    if numbers is not None:
        # A figure is the crux of a claim that gives one ("spoke for an hour and a half"):
        # a report with the same figure beats one that only names the same people.
        w_lexical, w_numbers = W_LEXICAL - FIGURE_SHIFT, W_NUMBERS + FIGURE_SHIFT
    total = (
        w_lexical * lexical
        + W_SET * min(setratio, lexical + 0.3)
        + W_PEOPLE * (lexical if people is None else people)
        + w_numbers * (lexical if numbers is None else max(numbers, lexical * 0.5))
    )
    if other:
        total *= OTHER_PEOPLE_DAMPING
    return MatchScore(round(min(1.0, total), 4), tuple(shared), other, tuple(spelt_otherwise))
