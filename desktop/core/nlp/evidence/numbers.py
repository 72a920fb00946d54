"""Quantities in plain text, normalised so that paraphrases compare equal.

"90-minute", "an hour and a half", "1.5 hours" and "three-and-a-half-hour" all become a
duration in minutes; "fourteen years" and "14 years" a duration too; bare numbers a count
of the noun that follows ("17 grams" is a mass, "40 allies" a count of "allies"). A
hand-written scanner, not spaCy's NER: NER labels "63" a DATE and misses hyphenated forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NOUN_NUMBERS = {"dozen": 12, "couple": 2, "half": 0.5}

# unit word -> (kind, factor to the canonical unit)
_UNITS: dict[str, tuple[str, float]] = {
    **{w: ("duration", 1 / 60) for w in ("second", "seconds", "sec", "secs")},
    **{w: ("duration", 1.0) for w in ("minute", "minutes", "min", "mins")},
    **{w: ("duration", 60.0) for w in ("hour", "hours", "hr", "hrs")},
    **{w: ("duration", 1440.0) for w in ("day", "days")},
    **{w: ("duration", 10080.0) for w in ("week", "weeks")},
    **{w: ("duration", 43830.0) for w in ("month", "months")},
    **{w: ("duration", 525960.0) for w in ("year", "years")},
    **{w: ("percent", 1.0) for w in ("percent", "per-cent", "%")},
    **{w: ("mass", 1.0) for w in ("gram", "grams", "g")},
    **{w: ("mass", 1000.0) for w in ("kilogram", "kilograms", "kg", "kilo", "kilos")},
    **{w: ("mass", 1_000_000.0) for w in ("ton", "tons", "tonne", "tonnes")},
    **{w: ("distance", 1.0) for w in ("kilometre", "kilometres", "kilometer", "kilometers", "km")},
    **{w: ("distance", 1.609) for w in ("mile", "miles")},
    **{w: ("money", 1.0) for w in ("dollar", "dollars", "usd")},
}
_CURRENCY_PREFIX = {"$": "money"}
_A = {"a", "an", "one"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:\.[A-Za-z]\.?)?|[$%]")


@dataclass(frozen=True, slots=True)
class Quantity:
    kind: str  # duration (minutes), year, count, percent, mass (g), distance (km), money
    value: float
    unit: str  # canonical unit, or for counts the counted noun ("" when none)
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.unit}:{round(self.value, 3):g}"

    def describe(self) -> str:
        if self.kind == "duration":
            return _describe_minutes(self.value)
        return self.text


def _describe_minutes(minutes: float) -> str:
    if minutes >= 525960 * 0.99:
        return f"{minutes / 525960:g} years"
    if minutes >= 1440:
        return f"{minutes / 1440:g} days"
    if minutes >= 60:
        return f"{minutes / 60:g} hours"
    return f"{minutes:g} minutes"


def same_value(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind or a.unit != b.unit:
        return False
    return abs(a.value - b.value) <= 1e-6 * max(1.0, abs(a.value), abs(b.value))


def comparable(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and a.unit == b.unit


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = [
            (m.group(0), m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)
        ]

    def low(self, i: int) -> str:
        return self.toks[i][1] if i < len(self.toks) else ""

    def number(self, i: int) -> tuple[float, int] | None:
        """A number starting at token i: (value, index after it)."""
        w = self.low(i)
        if not w:
            return None
        if w[0].isdigit():
            try:
                value = (
                    float(w.replace(",", ""))
                    if "," in w and re.fullmatch(r"\d{1,3}(,\d{3})+", w)
                    else float(w.replace(",", "."))
                )
            except ValueError:
                return None
            j = i + 1
            if self.low(j) in _SCALES:
                value *= _SCALES[self.low(j)]
                j += 1
            return value, j
        if w in _ONES or w in _TENS:
            value, j, current = 0.0, i, 0.0
            while True:
                t = self.low(j)
                if t in _ONES:
                    current += _ONES[t]
                elif t in _TENS:
                    current += _TENS[t]
                elif t in _SCALES and j > i:
                    current = max(current, 1) * _SCALES[t]
                    if _SCALES[t] >= 1000:
                        value, current = value + current, 0.0
                elif t == "and" and self.low(j + 1) in _ONES | _TENS and j > i:
                    pass
                else:
                    break
                j += 1
            return value + current, j
        if w in _A:
            nxt = self.low(i + 1)
            if nxt in _SCALES:
                return float(_SCALES[nxt]), i + 2
            if nxt in _NOUN_NUMBERS:
                return float(_NOUN_NUMBERS[nxt]), i + 2
            if nxt in _UNITS:
                return 1.0, i + 1
            return None
        if w == "half":  # "half an hour"
            if self.low(i + 1) in _A and self.low(i + 2) in _UNITS:
                return 0.5, i + 2
            if self.low(i + 1) in _UNITS:
                return 0.5, i + 1
        if w == "dozen" and self.low(i + 1) not in _SCALES:
            return 12.0, i + 1
        return None

    def and_a_half(self, j: int) -> int:
        return (
            j + 3
            if (self.low(j), self.low(j + 1), self.low(j + 2))
            in {("and", "a", "half"), ("and", "one", "half")}
            else j
        )


def scan_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """All quantities in `text`; offsets are shifted by `offset` (the text's place in its article)."""
    sc = _Scanner(text)
    out: list[Quantity] = []
    i = 0
    while i < len(sc.toks):
        currency = _CURRENCY_PREFIX.get(sc.low(i))
        start_tok = i
        if currency:
            i += 1
        found = sc.number(i)
        if found is None:
            i = start_tok + 1
            continue
        value, j = found
        k = sc.and_a_half(j)  # "one and a half hours"
        if k != j:
            value, j = value + 0.5, k
        unit = sc.low(j)
        kind, canon = "count", ""
        if currency:
            kind, canon = currency, "usd"
        elif unit in _UNITS:
            kind, factor = _UNITS[unit]
            j += 1
            k = sc.and_a_half(j)  # "an hour and a half"
            if k != j:
                value, j = value + 0.5, k
            value *= factor
            canon = {"duration": "min", "mass": "g", "distance": "km", "money": "usd"}.get(kind, "")
        elif unit in {"p.m", "a.m", "p.m.", "a.m.", "pm", "am", "o"}:
            i = j + 1  # clock times are not quantities of a fact we compare
            continue
        else:
            raw = sc.toks[start_tok][1]
            if re.fullmatch(r"(1[89]|20)\d\d", raw) and j == start_tok + 1:
                kind = "year"
            elif (
                unit.isalpha()
                and len(unit) > 2
                and unit not in _FILLERS
                and not unit.endswith(("ed", "ing"))
                and j < len(sc.toks)
                and text[sc.toks[j - 1][3] : sc.toks[j][2]] in (" ", "-")
            ):
                canon = _stem(unit)  # "40 allies"; not "63, sentenced"
        first, last = sc.toks[start_tok], sc.toks[j - 1]
        out.append(
            Quantity(
                kind, value, canon, offset + first[2], offset + last[3], text[first[2] : last[3]]
            )
        )
        i = j
    return [q for q in out if not _noise(q)]


_FILLERS = frozenset("and or of to in on at for the a an with by from as than per".split())


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def _noise(q: Quantity) -> bool:
    # "one of", "a dozen" alone carry no checkable figure; a lone "one" is usually a pronoun.
    return q.kind == "count" and q.value in (0.0, 1.0) and not q.text[0].isdigit()
