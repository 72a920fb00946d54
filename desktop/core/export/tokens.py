"""Tokens and token-aligned spans, exactly as spaCy's blank English tokenizer makes them.

The blank tokenizer has the same rules as en_core_web_sm's. It splits a text at spaces and
tokenizes each piece between them on its own: a ' ' after a piece becomes its last
token's trailing space. Two exceptions tie neighbours together: whitespace on both sides
of a ' ' (one token of the whole run), and special cases that the affix rules split
(";)"), which spaCy matches over the tokens of the whole text. `FastTokens` uses that:
each distinct piece (with or without the ' ' after it) is tokenized once, by spaCy or
as a piece of the same shape was (letters by case, digits; see _learn), and kept as
numbers in arrays; a text with a tie goes to spaCy whole. Articles' tokens are then
str.split, dict lookups and a few numpy operations per batch of articles, and their JSON
one join over cached strings. News text repeats its words: after a few hundred articles
nearly every piece is a hit. (A Doc per article cost ~1.3 ms a 600-word article;
%-formatting offsets into cached JSON templates ~0.4 ms; now ~0.35 ms with learning the
new pieces, ~0.28 ms without, on the realistic bench corpus.) What costs most is memory
traffic, not Python calls: strings shared (one JSON head per distinct token) and values
kept in lists until a batch needs them paid; a cached (start, end) string per token and
rows of columns gathered together did not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import NamedTuple

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# Units of a text whose spaces can't all be cut at (a ' ' between two whitespace
# characters, or a leading ' '): a run of non-space characters with the one ' ' that may
# follow it, or a leftover whitespace run (a token of its own). \s is str.isspace, as in
# spaCy's tokenizer loop.
_UNITS = re.compile(r"\S+ ?|\s+")
_SHAPE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "a" * 26 + "A" * 26 + "0" * 10
)
# what English's rules tell apart beyond a shape: a number's unit, "'s", "$", URLs
_UNSHAPED = re.compile(r"[0-9][A-Za-z]|[A-Za-z][0-9]|['`$]|[A-Za-z0-9][.:/@][A-Za-z0-9]")
CACHE_LIMIT = 150_000  # pieces per cache generation (~150 bytes each)


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    return spacy.blank("en")


def tokenize(texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
    """spaCy Docs (for the DocBin export, which needs Doc objects)."""
    return blank_nlp().tokenizer.pipe(texts, batch_size=batch_size)


class _Column:
    """A growable numpy array (amortised appends; views stay cheap to index). Values
    are added to a list and go into the array at sync(): once per batch of texts
    rather than once per text that has new pieces (a numpy call costs ~1 us)."""

    def __init__(self, dtype) -> None:
        self.data = np.empty(1024, dtype=dtype)
        self.saved = 0  # values in data
        self.pending: list = []  # values added since

    @property
    def size(self) -> int:
        return self.saved + len(self.pending)

    def extend(self, values: list) -> None:
        self.pending += values

    def sync(self) -> None:
        if not self.pending:
            return
        values = np.asarray(self.pending, dtype=self.data.dtype)
        end = self.saved + len(values)
        if end > len(self.data):
            grown = np.empty(max(end, 2 * len(self.data)), dtype=self.data.dtype)
            grown[: self.saved] = self.data[: self.saved]
            self.data = grown
        self.data[self.saved : end] = values
        self.saved = end
        self.pending = []

    def clear(self) -> None:
        self.saved = 0
        self.pending = []


class _Numbers:
    """Cached JSON pieces holding numbers: str(n), ',"end":n' and
    ',"id":n,"ws":B},' (index 2n + ws; `last` without the ','), as object arrays that
    numpy indexes without a Python loop."""

    def __init__(self) -> None:
        self.size = 0
        self.grow(4096)

    def grow(self, n: int) -> None:
        if n <= self.size:
            return
        size = max(n, 2 * self.size)
        self.num = np.array([str(i) for i in range(size)], dtype=object)
        self.end = np.array([f',"end":{i}' for i in range(size)], dtype=object)
        last = [f',"id":{i // 2},"ws":{"true" if i % 2 else "false"}}}' for i in range(2 * size)]
        self.last = np.array(last, dtype=object)
        self.id_ws = np.array([x + "," for x in last], dtype=object)
        self.size = size


def _units(text: str) -> list[tuple[str, bool]]:
    """(piece, followed by ' ') for each unit of _UNITS."""
    return [
        (u[:-1], True) if u[-1] == " " and not u.isspace() else (u, False)
        for u in _UNITS.findall(text)
    ]


class _Specials:
    """Tokens that follow each other inside a special case the affix rules split (";)" is
    ";" ")"): spaCy matches those over the tokens of the whole text, so such a pair
    across a space ("0; ):A") can change how a piece is split. Each such token has a
    number (0: none), table[last, first] says whether two may meet. A special case
    token may have been its affix tokens before spaCy joined them: both count."""

    def __init__(self, tokenizer) -> None:
        t = tokenizer
        bare = Tokenizer(t.vocab, rules={}, prefix_search=t.prefix_search,
                         suffix_search=t.suffix_search, infix_finditer=t.infix_finditer,
                         token_match=t.token_match, url_match=t.url_match)  # fmt: skip
        self.split = {s: [tok.text for tok in bare(s)] for s in t.rules or ()}
        pairs = set()
        for toks in self.split.values():
            pairs.update(zip(toks, toks[1:], strict=False))
        self.left = {x: i for i, x in enumerate(sorted({x for x, _ in pairs}), start=1)}
        self.right = {y: i for i, y in enumerate(sorted({y for _, y in pairs}), start=1)}
        assert max(len(self.left), len(self.right)) < 256, "numbers must fit in 8 bits"
        self.table = np.zeros((256, 256), dtype=bool)
        for x, y in pairs:
            self.table[self.left[x], self.right[y]] = True
        # the bits of edges() a piece's first / last token sets (others: none), looked up
        # once per new piece (a piece ending in "." or "," is most of them)
        self.begin = {t: self._begin_bits(t) for t in {*self.right, *self.split}}
        self.end = {t: self._end_bits(t) for t in {*self.left, *self.split}}

    def lasts(self, token: str) -> tuple[int, int]:
        inner = self.split.get(token)
        return self.left.get(token, 0), self.left.get(inner[-1], 0) if inner else 0

    def firsts(self, token: str) -> tuple[int, int]:
        inner = self.split.get(token)
        return self.right.get(token, 0), self.right.get(inner[0], 0) if inner else 0

    def meet(self, last: str, first: str) -> bool:
        return any(self.table[x, y] for x in self.lasts(last) for y in self.firsts(first))

    def edges(self, piece: str, first: str | None, last: str | None) -> int:
        """What may tie a piece to its neighbours (first, last: its first and last token,
        None without tokens): bit 1 it starts with whitespace, bit 2 it ends with
        whitespace (both: empty); bit 4 its first token has a number, bit 8 its last token
        has; bytes 1-2 its first token's numbers, bytes 3-4 its last token's. (A piece's
        bits 2 and 8 face the next one's 1 and 4: one shift tests both ties, see _tied.)"""
        edge = 3 if not piece else piece[0].isspace() | piece[-1].isspace() << 1
        if first is not None:
            edge |= self.begin.get(first, 0) | self.end.get(last, 0)  # type: ignore[arg-type]
        return edge

    def _begin_bits(self, first: str) -> int:
        f1, f2 = self.firsts(first)
        return f1 << 8 | f2 << 16 | (4 if f1 or f2 else 0)

    def _end_bits(self, last: str) -> int:
        l1, l2 = self.lasts(last)
        return l1 << 24 | l2 << 32 | (8 if l1 or l2 else 0)

    def tie(self, edge: np.ndarray) -> bool:
        return bool(self.ties(edge).any())

    def ties(self, edge: np.ndarray) -> np.ndarray:
        """Per pair of neighbouring pieces: whether a special case may run across them."""
        before, after = edge[:-1], edge[1:]
        numbered = before & (after << 1) & 8 != 0
        if not numbered.any():  # nearly always: no numbered pair
            return numbered
        out = np.zeros(len(numbered), dtype=bool)
        for last in (24, 32):
            for first in (8, 16):
                out |= self.table[(before >> last) & 0xFF, (after >> first) & 0xFF]
        return out


def _head(text: str) -> str:
    """A token's JSON up to its start offset."""
    return '{"text":' + encode_basestring(text) + ',"start":'


class _Heads(dict):
    """Token text -> its JSON head (_head), one string per distinct token: the "," of
    every "word," piece is one object, which the per-token numpy gathers and the join
    then find in the CPU cache instead of one copy per piece scattered in memory."""

    def __missing__(self, text: str) -> str:
        head = self[text] = _head(text)
        return head


def _utf8(text: str) -> bytes:
    # a str join and one encode: a bytes join costs twice as much (a buffer per item)
    return text.encode("utf-8", "surrogatepass")


class _Shape(NamedTuple):
    """How pieces of one shape split (see FastTokens._learn_shape): each token's (start,
    end) in the piece, the strings spaCy looks up that may be a special case, and the
    token columns: start, length, trailing space when the piece ends a text or a unit
    (bare) or is followed by ' ' (spaced)."""

    bounds: list[tuple[int, int]]
    risky: list[tuple[int, int]]
    rels: list[int]
    lens: list[int]
    bare: list[bool]
    spaced: list[bool]


class _NewPieces:
    """Pieces being learnt, saved to the cache's columns in one go."""

    def __init__(self, cache: FastTokens) -> None:
        self.cache = cache
        self.pieces = cache._count.size
        self.tokens = cache._rel.size
        self.counts, self.lengths, self.firsts, self.edges = [], [], [], []
        self.begin, self.end = cache._specials.begin, cache._specials.end
        self.rels, self.lens, self.wss, self.heads = [], [], [], []

    def add(self, piece: str, spaced: bool, toks: list[tuple[str, int, bool]]) -> None:
        c = self.cache
        (c._spaced if spaced else c._bare)[piece] = self.pieces + len(self.counts)
        self.counts.append(len(toks))
        self.lengths.append(len(piece) + spaced)
        self.firsts.append(self.tokens)
        first, last = (toks[0][0], toks[-1][0]) if toks else (None, None)
        self.edges.append(c._specials.edges(piece, first, last))
        self.tokens += len(toks)
        for text, rel, ws in toks:
            self.rels.append(rel)
            self.lens.append(len(text))
            self.wss.append(ws)
            self.heads.append(c._heads[text])

    def add_words(self, words: list[tuple[str, bool]]) -> None:
        """add() for plain ASCII words, each one token (most new pieces), in bulk."""
        c = self.cache
        start = self.pieces + len(self.counts)
        for i, (word, spaced) in enumerate(words, start):
            (c._spaced if spaced else c._bare)[word] = i
        self.counts += [1] * len(words)
        self.lengths += [len(w) + spaced for w, spaced in words]
        self.firsts += range(self.tokens, self.tokens + len(words))
        self.tokens += len(words)
        begin, end = c._specials.begin, c._specials.end
        self.edges += [begin.get(w, 0) | end.get(w, 0) for w, _ in words]  # no whitespace
        self.rels += [0] * len(words)
        self.lens += [len(w) for w, _ in words]
        self.wss += [spaced for _, spaced in words]
        self.heads += map(c._heads.__getitem__, [w for w, _ in words])

    def add_shaped(self, piece: str, spaced: bool, shape: _Shape) -> None:
        """add() for a piece without whitespace split as its shape is: the token columns
        come from the shape; only the token texts are cut from the piece."""
        c = self.cache
        (c._spaced if spaced else c._bare)[piece] = self.pieces + len(self.counts)
        texts = [piece[a:b] for a, b in shape.bounds]
        first, last = texts[0], texts[-1]
        self.counts.append(len(texts))
        self.lengths.append(len(piece) + spaced)
        self.firsts.append(self.tokens)
        self.tokens += len(texts)
        self.edges.append(self.begin.get(first, 0) | self.end.get(last, 0))  # no whitespace
        self.rels += shape.rels
        self.lens += shape.lens
        self.wss += shape.spaced if spaced else shape.bare
        self.heads += map(self.cache._heads.__getitem__, texts)

    def save(self) -> None:
        c = self.cache
        for col, values in zip(c._columns(), (self.counts, self.lengths, self.firsts, self.edges,
                                              self.rels, self.lens, self.wss, self.heads),
                               strict=True):  # fmt: skip
            col.extend(values)


class FastTokens:
    """Tokenizes texts into `Tokens`, caching each distinct piece's tokens.

    Per piece (key: the piece; one table for pieces followed by ' ', one for those that
    end a text or a unit): its token count, its length with the ' ', where its tokens
    start in the token tables, and what may tie it to its neighbours. Per cached token:
    start and length relative to the piece, trailing space, and its JSON up to the start
    offset ('{"text":"...","start":', UTF-8). At most CACHE_LIMIT pieces plus one batch's:
    then a new generation starts (memory flat in corpus size).
    """

    def __init__(self) -> None:
        self._tokenizer = blank_nlp().tokenizer
        # A plain ASCII word is one token unless it is a special case ("dont", "cannot"):
        # no prefix, suffix or infix rule of English matches letters alone.
        self._special = frozenset(self._tokenizer.rules or ())
        self._specials = _Specials(self._tokenizer)
        self._spaced: dict[str, int] = {}
        self._bare: dict[str, int] = {}
        self._shapes: dict[str, _Shape] = {}
        self._special_shapes = frozenset(x.translate(_SHAPE) for x in self._special if x.isascii())
        # per piece: token count, length (with the ' '), first token, ties (_Specials.edges)
        self._count, self._length = _Column(np.int64), _Column(np.int64)
        self._first, self._edge = _Column(np.int64), _Column(np.int64)
        # per cached token: start in its piece, length, trailing space, JSON head
        self._rel, self._len, self._ws = _Column(np.int64), _Column(np.int64), _Column(np.int64)
        self._head = _Column(object)
        self._heads = _Heads()
        self._numbers = _Numbers()

    def __len__(self) -> int:
        """Pieces cached."""
        return self._count.size

    def _columns(self) -> tuple[_Column, ...]:
        return (self._count, self._length, self._first, self._edge,
                self._rel, self._len, self._ws, self._head)  # fmt: skip

    def _sync(self) -> None:
        """The pieces learnt so far into the numpy columns (before reading them)."""
        for col in self._columns():
            col.sync()

    def _reset(self) -> None:
        """A new generation: bounded memory; the pieces in use are learnt again."""
        self._spaced.clear()
        self._bare.clear()
        self._shapes.clear()
        self._heads.clear()
        for col in self._columns():
            col.clear()

    def _learn(self, pieces: list[tuple[str, bool]]) -> None:
        """Tokenize new pieces that hold no whitespace (with one spaCy call: such pieces
        joined by single spaces are tokenized exactly as each alone) or only whitespace
        (alone, with the ' ' after it as in the text)."""
        new = _NewPieces(self)
        plain, words = [], []
        special, shapes = self._special, self._shapes
        for unit in dict.fromkeys(pieces):
            piece = unit[0]
            if piece.isascii():
                if piece.isalpha() and piece not in special:
                    words.append(unit)
                    continue
                # split as its shape was, unless a special case is among the strings looked
                # up (only shapes without _UNSHAPED are kept: such a piece finds none)
                shape = shapes.get(piece.translate(_SHAPE))
                if shape is not None and not (shape.risky and self._has_special(piece, shape.risky)):
                    new.add_shaped(piece, unit[1], shape)
                    continue
            if piece.strip():
                plain.append(unit)
            else:
                spaced = unit[1]
                doc = self._tokenizer(piece + " " if spaced else piece)
                new.add(piece, spaced, [(t.text, t.idx, bool(t.whitespace_)) for t in doc])
        new.add_words(words)
        if plain:
            doc = self._tokenizer(" ".join(p for p, _ in plain))
            toks = [(t.text, t.idx) for t in doc]
            k, pos, split = 0, 0, []
            for piece in (p for p, _ in plain):
                end, mine = pos + len(piece), []
                while k < len(toks) and toks[k][1] < end:
                    mine.append((toks[k][0], toks[k][1] - pos))
                    k += 1
                split.append(mine)
                pos = end + 1
            meet = self._specials.meet
            for i, ((piece, spaced), mine) in enumerate(zip(plain, split, strict=True)):
                if mine and (
                    (i and split[i - 1] and meet(split[i - 1][-1][0], mine[0][0]))
                    or (i + 1 < len(split) and split[i + 1] and meet(mine[-1][0], split[i + 1][0][0]))
                ):  # a special case may have run across from a neighbour: alone
                    mine = [(t.text, t.idx) for t in self._tokenizer(piece)]
                else:
                    self._learn_shape(piece, [(rel, rel + len(text)) for text, rel in mine])
                new.add(piece, spaced, [(text, rel, spaced and rel + len(text) == len(piece))
                                        for text, rel in mine])  # fmt: skip
        new.save()

    # -- shapes: pieces alike but for which letters or digits they have ------------------
    # English's prefix, suffix and infix rules and its URL pattern tell letters apart only
    # by case, and digits not at all, except: the units after a number ("5km"), "'s",
    # "$" currencies and the IP numbers a URL can't start with ("10.", "127."). So pieces
    # of one shape (a for a lowercase ASCII letter, A for an uppercase one, 0 for a digit,
    # other characters as they are) split at the same places, unless a special case
    # ("a.", "cannot", ":)") is one of the strings the tokenizer looks up on the way:
    # those are between token boundaries, in the piece and in the one spaCy split.

    def _shape_of(self, piece: str) -> str | None:
        if not piece.isascii() or _UNSHAPED.search(piece):
            return None
        return piece.translate(_SHAPE)

    def _has_special(self, piece: str, cuts: list[tuple[int, int]]) -> bool:
        special = self._special
        return any(piece[a:b] in special for a, b in cuts)

    def _learn_shape(self, piece: str, bounds: list[tuple[int, int]]) -> None:
        shape = self._shape_of(piece)
        if shape is None or shape in self._shapes:
            return
        at = sorted({0, len(piece), *(a for a, _ in bounds), *(b for _, b in bounds)})
        cuts = [(a, b) for i, a in enumerate(at) for b in at[i + 1 :]]  # the strings looked up
        if not self._has_special(piece, cuts):
            # a piece of this shape has a special case at a cut only where the special
            # case has that cut's shape: only those cuts are checked per piece
            risky = [(a, b) for a, b in cuts if shape[a:b] in self._special_shapes]
            self._shapes[shape] = _Shape(bounds, risky, [a for a, _ in bounds],
                                         [b - a for a, b in bounds], [False] * len(bounds),
                                         [False] * (len(bounds) - 1) + [True])  # fmt: skip

    def _id(self, unit: tuple[str, bool]) -> int | None:
        return (self._spaced if unit[1] else self._bare).get(unit[0])

    def _piece_ids(self, text: str) -> list[int]:
        """The cache index of each piece between spaces of `text` (not starting with ' '),
        learning the pieces not cached; a piece mixing whitespace and other characters
        ("end.\\n\\nNext") gives its _UNITS' indexes (_learn_pieces)."""
        pieces = text.split(" ")
        last = pieces.pop()
        ids = list(map(self._spaced.get, pieces))
        ids.append(self._bare.get(last))
        if None in ids:
            pieces.append(last)
            return self._learn_pieces(pieces, ids)
        return ids  # type: ignore[return-value]

    def _unit_ids(self, text: str) -> np.ndarray | None:
        """The cache index of each of the _UNITS of `text`, for a text whose pieces can't
        all be tokenized apart (a ' ' between whitespace, or a leading ' '). None when a
        special case may run across units: spaCy must see the whole text."""
        units = _units(text)
        ids = [self._id(u) for u in units]
        if None in ids:
            ids = self._learn_units(units, ids)
        ids = np.array(ids, dtype=np.int64)
        self._sync()
        return None if self._specials.tie(self._edge.data[ids]) else ids

    def _learn_pieces(self, pieces: list[str], ids: list[int | None]) -> list[int]:
        """ids with the missing pieces learnt; a piece mixing whitespace and other
        characters is replaced by the ids of its _UNITS (with its ' ')."""
        n = len(pieces)
        missing, i = [], -1
        while True:  # index() searches in C: most pieces are cached
            try:
                i = ids.index(None, i + 1)
            except ValueError:
                break
            missing.append(i)
        units, spans = [], []
        for i in missing:
            piece, spaced = pieces[i], i < n - 1
            if piece.isprintable():  # no whitespace (but ' ', which cut the pieces): fast
                units.append((piece, spaced))
                spans.append((i, len(units) - 1, len(units)))
                continue
            words = piece.split()
            if not words or (len(words) == 1 and len(words[0]) == len(piece)):
                mine = [(piece, spaced)]  # whitespace alone, or none
            elif len(words) == 2 and piece == f"{words[0]}\n\n{words[1]}":  # a new paragraph
                mine = [(words[0], False), ("\n\n", False), (words[1], spaced)]
            else:
                mine = _units(piece + " " if spaced else piece)
            spans.append((i, len(units), len(units) + len(mine)))
            units.extend(mine)
        spaced_of, bare_of = self._spaced.get, self._bare.get
        new = [u for u in units if (spaced_of if u[1] else bare_of)(u[0]) is None]
        if new:
            self._learn(new)
        got = [(spaced_of if spaced else bare_of)(piece) for piece, spaced in units]
        for i, a, b in reversed(spans):
            if b == a + 1:
                ids[i] = got[a]
            else:  # a piece of several units: the list grows
                ids[i : i + 1] = got[a:b]
        return ids

    def _learn_units(self, units: list[tuple[str, bool]], ids: list[int | None]) -> list[int]:
        new = [u for u, i in zip(units, ids, strict=True) if i is None]
        if new:
            self._learn(new)
        return [self._id(u) for u in units]

    def __call__(self, text: str) -> Tokens:
        return self.many([text])[0]

    def many(self, texts: list[str]) -> list[Tokens]:
        """The tokens of each text. Texts go through numpy together: its cost is per
        call as much as per token."""
        if len(self) > CACHE_LIMIT:
            # bounded: a new generation, only between batches (ids found for a text
            # must stay valid until its tokens are made)
            self._reset()
        out: list[Tokens | None] = [None] * len(texts)
        fast = [i for i, text in enumerate(texts) if text and text[0] != " "]
        flat: list[int] = []
        sizes = []
        for i in fast:
            ids = self._piece_ids(texts[i])
            flat += ids
            sizes.append(len(ids))
        ids = np.fromiter(flat, dtype=np.int64, count=len(flat))
        sizes = np.array(sizes, dtype=np.int64)
        slow = set(range(len(texts))).difference(fast)
        self._sync()
        tied = self._tied(self._edge.data[ids], sizes)
        if tied:  # rare: those texts by their units, the others as they are
            keep = np.repeat(~np.isin(np.arange(len(fast)), tied), sizes)
            ids, sizes = ids[keep], np.delete(sizes, tied)
            slow.update(fast[k] for k in tied)
            fast = [i for i in fast if i not in slow]
        extra: list[tuple[int, np.ndarray]] = []
        for i in sorted(slow):
            found = self._unit_ids(texts[i]) if texts[i] else None
            if found is None:
                out[i] = self._whole(texts[i])
            else:
                extra.append((i, found))
        if extra:  # in text order with the others (_together's output follows its input)
            fast, sizes, ids = self._merged(fast, sizes, ids, extra)
        if fast:
            longest = max(len(texts[i]) for i in fast)
            for i, tokens in zip(fast, self._together(ids, sizes, longest), strict=True):
                out[i] = tokens
        return out  # type: ignore[return-value]

    def _tied(self, edge: np.ndarray, sizes: np.ndarray) -> list[int]:
        """Which texts (by place in `sizes`) have two pieces that can't be tokenized apart:
        whitespace on both sides of the ' ' between them, or a special case that may run
        across it. Pairs across two texts don't count."""
        facing = edge[:-1] & (edge[1:] << 1)
        if not np.any(facing & 10):  # nearly always: no whitespace tie, no numbered pair
            return []
        pair = facing & 2 != 0
        pair |= self._specials.ties(edge)
        ends = np.cumsum(sizes)
        pair[ends[:-1] - 1] = False  # a text's last piece and the next one's first
        at = np.flatnonzero(pair)
        return sorted(set(np.searchsorted(ends, at, side="right").tolist()))

    @staticmethod
    def _merged(fast: list[int], sizes: np.ndarray, ids: np.ndarray,
                extra: list[tuple[int, np.ndarray]]) -> tuple[list[int], np.ndarray, np.ndarray]:  # fmt: skip
        """The texts' ids and sizes with those of `extra` ((text, ids)) put in text order."""
        parts = dict(zip(fast, np.split(ids, np.cumsum(sizes)[:-1]), strict=True)) if fast else {}
        parts.update(extra)
        order = sorted(parts)
        arrays = [parts[i] for i in order]
        return order, np.array([len(a) for a in arrays], dtype=np.int64), np.concatenate(arrays)

    def _together(self, ids: np.ndarray, sizes: np.ndarray, longest: int) -> list[Tokens]:
        """Tokens of texts from their pieces' cache indexes (`ids`, `sizes` per text)."""
        first_piece = np.zeros(len(sizes), dtype=np.int64)
        np.cumsum(sizes[:-1], out=first_piece[1:])
        counts = self._count.data[ids]
        lengths = self._length.data[ids]
        offset = np.zeros(len(ids), dtype=np.int64)  # of each piece, from the first text
        np.cumsum(lengths[:-1], out=offset[1:])
        offset -= np.repeat(offset[first_piece], sizes)  # from its own text's start
        before = np.zeros(len(ids), dtype=np.int64)  # tokens before each piece
        np.cumsum(counts[:-1], out=before[1:])
        n = int(before[-1] + counts[-1])
        kinds = np.repeat(self._first.data[ids] - before, counts) + np.arange(n)
        starts = np.repeat(offset, counts) + self._rel.data[kinds]
        bounds = [*before[first_piece].tolist(), n]  # each text's first token
        number = np.arange(n) - np.repeat(before[first_piece], np.diff(bounds))
        flat = self._json(longest, starts, starts + self._len.data[kinds], number,
                          self._head.data[kinds], self._ws.data[kinds], bounds[1:])  # fmt: skip
        return [
            Tokens(_utf8("".join(flat[4 * a : 4 * b])), starts[a:b])
            for a, b in zip(bounds, bounds[1:], strict=False)
        ]

    def _whole(self, text: str) -> Tokens:
        """A text a special case may run across pieces in: spaCy on all of it (rare)."""
        doc = self._tokenizer(text)
        if not len(doc):
            return Tokens(b"", np.zeros(0, dtype=np.int64))
        heads = np.empty(len(doc), dtype=object)
        heads[:] = [_head(t.text) for t in doc]
        starts = np.array([t.idx for t in doc], dtype=np.int64)
        ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
        ws = np.array([bool(t.whitespace_) for t in doc], dtype=np.int64)
        flat = self._json(len(text), starts, ends, np.arange(len(doc)), heads, ws, [len(doc)])
        return Tokens(_utf8("".join(flat)), starts)

    def _json(self, longest: int, starts, ends, number, heads, ws, ends_of_texts) -> list[str]:
        """Each token's JSON in four cached strings ('{"text":"...","start":', '12',
        ',"end":14', ',"id":3,"ws":true},'; no ',' after a text's last token), picked by
        numpy: no Python loop."""
        numbers = self._numbers
        numbers.grow(longest + 1)
        parts = np.empty((len(starts), 4), dtype=object)
        parts[:, 0] = heads
        parts[:, 1] = numbers.num[starts]
        parts[:, 2] = numbers.end[ends]
        id_ws = 2 * number + ws
        parts[:, 3] = numbers.id_ws[id_ws]
        last = np.asarray(ends_of_texts, dtype=np.int64) - 1
        parts[last, 3] = numbers.last[id_ws[last]]
        return parts.ravel().tolist()


class Tokens:
    """One article's tokens: their JSON (Prodigy's `tokens` list) and start offsets."""

    def __init__(self, body: bytes, starts: np.ndarray) -> None:
        self.body = body  # the list's items in UTF-8, without the brackets
        self.starts = starts

    def json(self) -> str:
        return "[" + self.body.decode("utf-8", "surrogatepass") + "]"

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """(first, last) token touching [start, end); last is inclusive, as in Prodigy."""
        first, last = self.token_ranges([start], [end])
        return int(first[0]), int(last[0])

    def token_ranges(self, starts, ends) -> tuple[np.ndarray, np.ndarray]:
        """token_range for many spans at once."""
        first = np.maximum(np.searchsorted(self.starts, starts, side="right") - 1, 0)
        last = np.maximum(
            np.searchsorted(self.starts, np.asarray(ends) - 1, side="right") - 1, first
        )
        return first, last
