"""Tokens and token-aligned spans from spaCy's blank English tokenizer.

The blank tokenizer has the same rules as en_core_web_sm's, loads in milliseconds and
needs no model. Token JSON is written by hand with the C string encoder: building a
dict per token and json.dumps-ing it was 2.5x slower and tokens dominate export time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]

import spacy
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    return spacy.blank("en")


def tokenize(texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    return blank_nlp().tokenizer.pipe(texts, batch_size=batch_size)


class Tokens:
    """One article's tokens as flat columns: start offsets, lengths, trailing spaces.
    Flat lists of ints, not a list per token: millions of small lists would keep the
    garbage collector busy for a quarter of the export time."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.text = text
        cols = doc.to_array([IDX, LENGTH, SPACY]).T
        self.starts: list[int] = cols[0].tolist()
        self.lengths: list[int] = cols[1].tolist()
        self.spaces: list[int] = cols[2].tolist()

    def json(self) -> str:
        text, enc = self.text, encode_basestring
        return (
            "["
            + ",".join(
                f'{{"text":{enc(text[s : s + n])},"start":{s},"end":{s + n},"id":{i},'
                f'"ws":{"true" if w else "false"}}}'
                for i, (s, n, w) in enumerate(
                    zip(self.starts, self.lengths, self.spaces, strict=True)
                )
            )
            + "]"
        )

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token touching [start, end); last is inclusive, as in Prodigy."""
        first = max(bisect_right(self.starts, start) - 1, 0)
        last = max(bisect_right(self.starts, end - 1) - 1, first)
        return first, last
