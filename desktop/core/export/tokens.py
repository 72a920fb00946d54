"""Tokens and token-aligned spans, exactly as spaCy's blank English tokenizer makes them.

The blank tokenizer has the same rules as en_core_web_sm's. It splits a text into runs of
whitespace and of other characters and tokenizes each run on its own (one ' ' after a run
becomes its last token's trailing space, the rest of a whitespace run is a token), so a
run's tokens never depend on its neighbours. `FastTokens` uses that: each distinct unit
(a run and the ' ' after it) is tokenized once by spaCy itself, so the result is the
same, and cached with its JSON; an article's token JSON is then a join and a %-format in
C. News text repeats its words: after a few hundred articles nearly every unit is a hit.
Building a Doc per article and a JSON string per token in Python cost ~1.3 ms a 600-word
article, more than the rest of the export together.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import itemgetter

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

# A unit: a run of non-space characters with the one ' ' that may follow it (spaCy makes
# that space the token's trailing whitespace), or a run of whitespace left over (a token).
_UNITS = re.compile(r"\S+ ?|\s+")  # \s is str.isspace, as in spaCy's tokenizer loop
CACHE_LIMIT = 40_000  # units per cache generation; two generations at most (~25 MB)


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    return spacy.blank("en")


def tokenize(texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """spaCy Docs (for the DocBin export, which needs Doc objects)."""
    return blank_nlp().tokenizer.pipe(texts, batch_size=batch_size)


def _template(text: str, ws: bool) -> str:
    return (
        '{"text":' + encode_basestring(text).replace("%", "%%")
        + ',"start":%d,"end":%d,"id":%d,"ws":' + ("true" if ws else "false") + "}"
    )  # fmt: skip


class FastTokens:
    """Tokenizes texts into `Tokens`, caching each distinct unit's tokens and JSON.

    Per article everything runs in C: a regex findall, dict lookups through map(), joins
    of the cached JSON fragments and of the cached offsets (int32 bytes), a few numpy
    operations for the absolute offsets, one %-format.
    """

    def __init__(self) -> None:
        self._tokenizer = blank_nlp().tokenizer
        # unit -> (JSON fragment with %d for start, end and id of each token,
        #          (relative start, relative end) per token as int32 bytes,
        #          (token count, unit length) as int32 bytes)
        self._units: dict[str, tuple[str, bytes, bytes]] = {}
        self._old: dict[str, tuple[str, bytes, bytes]] = {}  # the previous generation
        # A plain ASCII word is one token unless it is a special case ("dont", "cannot"):
        # no prefix, suffix or infix rule of English matches letters alone.
        self._special = frozenset(self._tokenizer.rules or ())

    def _learn(self, units: list[str]) -> None:
        """Tokenize new units with one spaCy call: word runs joined by single spaces are
        tokenized exactly as each alone (that is the property the cache rests on)."""
        words = []
        for u in dict.fromkeys(units):
            stem = u[:-1] if u.endswith(" ") else u
            if u.isspace():  # whitespace left over from a run: rare, tokenized alone
                self._store(u, False, list(self._tokenizer(u)), 0)
            elif stem.isascii() and stem.isalpha() and stem not in self._special:
                self._units[u] = (_template(stem, stem != u), array("i", (0, len(stem))).tobytes(),
                                  array("i", (1, len(u))).tobytes())  # fmt: skip
            else:
                words.append(u)
        if not words:
            return
        stems = [u[:-1] if u.endswith(" ") else u for u in words]
        toks = list(self._tokenizer(" ".join(stems)))
        k, pos = 0, 0
        for unit, stem in zip(words, stems, strict=True):
            end, mine = pos + len(stem), []
            while k < len(toks) and toks[k].idx < end:
                mine.append(toks[k])
                k += 1
            self._store(unit, unit.endswith(" "), mine, pos)
            pos = end + 1

    def _store(self, unit: str, spaced: bool, toks: list, offset: int) -> None:
        frags = [_template(t.text, bool(t.whitespace_)) for t in toks[:-1]]
        frags.append(_template(toks[-1].text, spaced))
        offsets = array("i")
        for t in toks:
            offsets.extend((t.idx - offset, t.idx - offset + len(t.text)))
        self._units[unit] = (",".join(frags), offsets.tobytes(),
                             array("i", (len(toks), len(unit))).tobytes())  # fmt: skip

    def __call__(self, text: str) -> Tokens:
        if not text:
            return Tokens("", [])
        units = _UNITS.findall(text)
        infos = list(map(self._units.get, units))
        if None in infos:
            missing = [u for u, info in zip(units, infos, strict=True) if info is None]
            if len(self._units) + len(missing) >= CACHE_LIMIT:
                # bounded: a new generation; the units still in use come back from the old
                # one by a dict lookup, the rare ones are forgotten with it
                self._old, self._units = self._units, {}
                missing = units
            old = self._old
            unknown = []
            for u in missing:
                found = old.get(u)
                if found is None:
                    unknown.append(u)
                else:
                    self._units[u] = found
            if unknown:
                self._learn(unknown)
            infos = list(map(self._units.__getitem__, units))
        sizes = np.frombuffer(b"".join(map(itemgetter(2), infos)), dtype=np.intc).reshape(-1, 2)
        unit_starts = np.zeros(len(units), dtype=np.int64)
        np.cumsum(sizes[:-1, 1], out=unit_starts[1:])
        rel = np.frombuffer(b"".join(map(itemgetter(1), infos)), dtype=np.intc).reshape(-1, 2)
        base = np.repeat(unit_starts, sizes[:, 0])
        numbers = np.empty((len(rel), 3), dtype=np.int64)
        numbers[:, :2] = rel
        numbers[:, 0] += base
        numbers[:, 1] += base
        numbers[:, 2] = np.arange(len(rel))
        body = ",".join(map(itemgetter(0), infos)) % tuple(numbers.ravel().tolist())
        return Tokens(body, numbers[:, 0].tolist())


class Tokens:
    """One article's tokens: their JSON (Prodigy's `tokens` list) and start offsets."""

    def __init__(self, body: str, starts: list[int]) -> None:
        self._body = body
        self.starts = starts

    def json(self) -> str:
        return "[" + self._body + "]"

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token touching [start, end); last is inclusive, as in Prodigy."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = max(bisect_right(self.starts, end - 1) - 1, first)
        return first, last
