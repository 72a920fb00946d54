"""Name keys: one spelling-independent key per name, so transliterations meet.

Rule (documented for analysts): two names whose keys are equal are spellings of one name
(Zelensky, Zelenskiy, Zelenskyy, Selensky; Marc, Mark) and are never flagged. Names whose
keys differ but are close (similarity >= NEAR) are flagged as a possible misspelling or a
different person (Folger vs Fogel). Farther names are simply different people.

The key folds what transliteration systems disagree on: diacritics, y/i/j endings, doubled
letters, c/k, z/s, w/v, ph/f, kh/h.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process

NEAR = 70.0  # rapidfuzz ratio of keys at or above which different keys look like a typo

_FOLDS: tuple[tuple[str, str], ...] = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("qu", "kv"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("z", "s"),
    ("y", "i"),
    ("j", "i"),
    ("ou", "u"),
    ("ee", "i"),
)


def ascii_fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(word: str) -> str:
    """The spelling-independent key of one name word ("Zelenskyy" -> "selenski")."""
    s = re.sub(r"[^a-z]", "", ascii_fold(word).lower())
    if s.endswith("'s"):
        s = s[:-2]
    for old, new in _FOLDS:
        s = s.replace(old, new)
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters: Zelenskyy, Muammar/Moammar
    s = re.sub(r"i+$", "i", s)
    return s


def person_key(name: str) -> str:
    """A person's key is the key of the surname (last word): mentions often drop first names."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if re.search(r"[A-Za-z]", w)]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return name_key(words[-1]) if words else ""


def given_keys(name: str) -> tuple[str, ...]:
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if re.search(r"[A-Za-z]", w)]
    return tuple(name_key(w) for w in words[:-1] if len(w.strip(".")) > 1)


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


@functools.lru_cache(maxsize=65_536)  # scoring asks about the same few name pairs again and again
def near_name(key_a: str, key_b: str) -> bool:
    """Keys that differ but look like a misspelling of one another."""
    if key_a == key_b or min(len(key_a), len(key_b)) < 3:
        return False
    if abs(len(key_a) - len(key_b)) > max(len(key_a), len(key_b)) * (1 - NEAR / 100):
        return False  # ratio can't reach NEAR
    return similarity(key_a, key_b) >= NEAR


RARE_NAME_DF = 3  # a name key in this few sentences may be a misspelling worth widening


def near_keys(key: str, vocabulary, limit: int = 5) -> list[str]:
    """Name keys of `vocabulary` that look like a misspelling or another transliteration of
    `key` ("hesgeth" -> "hegseth", "fogle" -> "fogel"), closest first; `key` itself excluded.
    The vocabulary is any iterable of bare keys (no "p:" prefix)."""
    if len(key) < 4:
        return []  # short names are too often another name one letter apart
    found = process.extract(key, vocabulary, scorer=fuzz.ratio, score_cutoff=NEAR, limit=limit + 1)
    return [k for k, _sc, _i in found if k != key and near_name(key, k)][:limit]
