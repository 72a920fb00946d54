"""What differs between a claim and a matching sentence, and why it matters.

Checked facts, each with a rule:
- number: quantities of one kind (durations, masses, counts of one noun...) compared after
  normalising units and number words; flagged when the two sides share no value.
  Durations of very different scale ("an hour" vs "14 years") are different facts.
- date: years, weekdays, months; flagged when both sides name some and none agree.
- name: a person on one side whose name key differs from, but is close to, a name on the
  other ("Mark Folger" vs "Marc Fogel"). Transliterations with equal keys
  (Zelensky/Zelenskiy/Zelenskyy/Selensky) are one name and never flagged.
- role: one person with different titles, or a modifier only one side gives
  ("former U.S. President" vs "US President": the "former" is flagged).
- charge: both sides name charges and none agree ("drug trafficking" vs "possession").
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.nlp.evidence.features import Person, SentenceFeatures
from desktop.core.nlp.evidence.names import given_keys, near_name
from desktop.core.nlp.evidence.numbers import Quantity, comparable, same_value

KINDS = ("number", "date", "name", "role", "charge")
_MAX_DURATION_RATIO = 20.0


@dataclass(frozen=True, slots=True)
class Discrepancy:
    kind: str  # one of KINDS
    message: str
    claim_start: int  # offsets in the claim's article
    claim_end: int
    claim_text: str
    match_start: int  # offsets in the matching article
    match_end: int
    match_text: str

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "claim": {"start": self.claim_start, "end": self.claim_end, "text": self.claim_text},
            "match": {"start": self.match_start, "end": self.match_end, "text": self.match_text},
        }


def _d(kind: str, message: str, a, b) -> Discrepancy:
    return Discrepancy(kind, message, a.start, a.end, a.text, b.start, b.end, b.text)


def _comparable(a: Quantity, b: Quantity) -> bool:
    if not comparable(a, b) or a.kind == "year":
        return False
    if a.kind == "duration":
        lo, hi = sorted((a.value, b.value))
        return lo > 0 and hi / lo <= _MAX_DURATION_RATIO
    return True


def numbers(claim: SentenceFeatures, match: SentenceFeatures) -> list[Discrepancy]:
    out = []
    for q in claim.quantities:
        others = [o for o in match.quantities if _comparable(q, o)]
        if not others or any(same_value(q, o) for o in others):
            continue
        nearest = min(others, key=lambda o: abs(o.value - q.value))
        out.append(
            _d(
                "number",
                f'{q.kind} differs: "{q.text}" ({q.describe()}) vs '
                f'"{nearest.text}" ({nearest.describe()})',
                q,
                nearest,
            )
        )
    return out


def dates(claim: SentenceFeatures, match: SentenceFeatures) -> list[Discrepancy]:
    out = []
    for kind in ("year", "weekday", "month"):
        mine = [d for d in claim.dates if d.key.startswith(kind + ":")]
        theirs = [d for d in match.dates if d.key.startswith(kind + ":")]
        if mine and theirs and not {d.key for d in mine} & {d.key for d in theirs}:
            out.append(
                _d(
                    "date",
                    f'{kind} differs: "{mine[0].text}" vs "{theirs[0].text}"',
                    mine[0],
                    theirs[0],
                )
            )
    return out


def _initials_agree(a: Person, b: Person) -> bool:
    ga, gb = given_keys(a.text), given_keys(b.text)
    if not ga or not gb:
        return True  # "Zelensky" vs "Volodymyr Zelensky": a dropped first name is not a claim
    return ga[0] == gb[0] or ga[0][:1] == gb[0][:1] and (len(ga[0]) == 1 or len(gb[0]) == 1)


def _name_pool(match: SentenceFeatures, match_text: str | None) -> list[Person]:
    """The match's people, plus proper-noun words NER missed ("Marc Fogel's" untagged)."""
    pool = list(match.people)
    if match_text is not None:
        known = {p.key for p in pool}
        for t in match.terms:
            if t.key.startswith("p:") and t.key[2:] not in known:
                pool.append(Person(t.key[2:], match_text[t.start : t.end], t.start, t.end))
    return pool


def names(
    claim: SentenceFeatures, match: SentenceFeatures, match_text: str | None = None
) -> list[Discrepancy]:
    out = []
    pool = _name_pool(match, match_text)
    theirs = {p.key: p for p in pool}
    seen = set()
    for p in claim.people:
        if p.key in seen:
            continue
        seen.add(p.key)
        if p.key in theirs:
            other = theirs[p.key]
            if not _initials_agree(p, other):
                out.append(
                    _d("name", f'first name differs: "{p.text}" vs "{other.text}"', p, other)
                )
            continue
        near = [o for o in pool if near_name(p.key, o.key)]
        if near:
            out.append(
                _d(
                    "name",
                    f'name spelled differently: "{p.text}" vs "{near[0].text}" '
                    "(a misspelling or a different person)",
                    p,
                    near[0],
                )
            )
    return out


def _role_span(p: Person, article_text: str | None) -> tuple[int, int, str]:
    start = p.title_start if p.title_start >= 0 else p.start
    text = article_text[start : p.end] if article_text is not None else p.text
    return start, p.end, text


def roles(
    claim: SentenceFeatures,
    match: SentenceFeatures,
    claim_text: str | None = None,
    match_text: str | None = None,
    match_context: list[SentenceFeatures] | None = None,
) -> list[Discrepancy]:
    """Titles of people both sides name. `match_context` (the matching article's other
    sentences) supplies a title the matching sentence itself leaves out."""
    out = []
    for p in claim.people:
        if not p.title:
            continue
        pool = [o for o in match.people if o.key == p.key and o.title]
        if not pool and match_context:
            pool = [o for f in match_context for o in f.people if o.key == p.key and o.title]
        if not pool:
            continue
        same_title = [o for o in pool if o.title == p.title]
        if not same_title:
            o = pool[0]
            msg = f"title differs: {p.title} vs {o.title}"
        elif any(o.modifiers == p.modifiers for o in same_title):
            continue
        else:
            o = same_title[0]
            only_here = sorted(set(p.modifiers) - set(o.modifiers))
            only_there = sorted(set(o.modifiers) - set(p.modifiers))
            parts = []
            if only_here:
                parts.append(f'only the claim says "{", ".join(only_here)}"')
            if only_there:
                parts.append(f'only the match says "{", ".join(only_there)}"')
            msg = f"role of {p.text} differs: " + "; ".join(parts)
        cs, ce, ct = _role_span(p, claim_text)
        ms, me, mt = _role_span(o, match_text)
        out.append(Discrepancy("role", msg, cs, ce, ct, ms, me, mt))
    return out


def charges(claim: SentenceFeatures, match: SentenceFeatures) -> list[Discrepancy]:
    mine, theirs = list(claim.charges), list(match.charges)
    if mine and theirs and not {c.key for c in mine} & {c.key for c in theirs}:
        return [
            _d(
                "charge",
                f'charge differs: "{mine[0].text}" vs "{theirs[0].text}"',
                mine[0],
                theirs[0],
            )
        ]
    return []


def find_discrepancies(
    claim: SentenceFeatures,
    match: SentenceFeatures,
    *,
    claim_text: str | None = None,
    match_text: str | None = None,
    match_context: list[SentenceFeatures] | None = None,
    other_people: bool = False,
) -> list[Discrepancy]:
    """All discrepancies; `*_text` are the full article texts (for role spans). When the
    match is about other people (`other_people`), its figures and dates describe another
    fact and are not compared."""
    out: list[Discrepancy] = []
    if not other_people:
        out += numbers(claim, match)
        out += dates(claim, match)
    out += names(claim, match, match_text)
    out += roles(claim, match, claim_text, match_text, match_context)
    out += charges(claim, match)
    return out
