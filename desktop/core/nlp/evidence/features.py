"""Per-sentence evidence features, computed once from a spaCy Doc and stored as plain data.

Everything here is picklable and JSON-able (the suggestion workers can compute it in the
same pass and send it across processes). Offsets are article character offsets, so a
claim span can be matched against items without re-running spaCy.

Content words are reduced to concept keys with the synonym table and a crude stemmer,
not spaCy's lemmatizer: the fallback pipeline (no trained model) has none, and a key must not
depend on which pipeline computed it (or the index would silently disagree with itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from spacy.tokens import Doc, Span

from desktop.core.nlp.evidence import lexicon as lx
from desktop.core.nlp.evidence.names import ascii_fold, name_key, person_key
from desktop.core.nlp.evidence.numbers import Quantity, scan_quantities

FEATURES_VERSION = "2"  # 2: glued words ("aUkraine") split, more synonyms
_PERSONISH = {"PERSON"}
_MAX_SENTENCE_CHARS = 2_000  # a "sentence" longer than this is a table or a banner


@dataclass(frozen=True, slots=True)
class Term:
    key: str  # "w:talk", "p:selenski"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Person:
    key: str  # surname key
    text: str
    start: int
    end: int
    title: str = ""  # "president", from the words before the name
    modifiers: tuple[str, ...] = ()  # "former", "acting"...
    title_start: int = -1  # where the title words start (-1: no title)
    speaker: bool = False  # the source of the statement ("Peskov said"), not its subject


@dataclass(frozen=True, slots=True)
class Marker:
    """A date word or a charge: key is the normalised value ("weekday:wednesday")."""

    key: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    start: int
    end: int
    terms: tuple[Term, ...] = ()
    people: tuple[Person, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[Marker, ...] = ()
    charges: tuple[Marker, ...] = ()
    # The index keys, when read back from storage (saves recomputing them per candidate).
    stored_keys: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def index_keys(self) -> set[str]:
        """The inverted-index terms of this sentence."""
        if self.stored_keys is not None:
            return set(self.stored_keys)
        keys = {t.key for t in self.terms}
        keys.update(
            f"n:{q.key}"
            for q in self.quantities
            if q.kind != "year" and (q.kind != "count" or q.unit)
        )
        keys.update(f"d:{d.key}" for d in self.dates)
        keys.update(f"c:{c.key}" for c in self.charges)
        return keys

    def clip(self, start: int, end: int) -> SentenceFeatures:
        """Only the items inside [start, end): the features of a claim that is part of a sentence."""

        def inside(x) -> bool:
            return x.start >= start and x.end <= end

        return SentenceFeatures(
            max(self.start, start),
            min(self.end, end),
            tuple(filter(inside, self.terms)),
            tuple(filter(inside, self.people)),
            tuple(filter(inside, self.quantities)),
            tuple(filter(inside, self.dates)),
            tuple(filter(inside, self.charges)),
        )

    def shifted(self, delta: int) -> SentenceFeatures:
        """The same features for text placed `delta` characters later (chunked documents)."""
        data = self.to_json()
        data["s"] = [self.start + delta, self.end + delta]
        for t in data["t"]:
            t[1] += delta
            t[2] += delta
        for p in data["p"]:
            p[2] += delta
            p[3] += delta
            p[6] = p[6] + delta if p[6] >= 0 else -1
        for q in data["q"]:
            q[3] += delta
            q[4] += delta
        for m in (*data["d"], *data["c"]):
            m[1] += delta
            m[2] += delta
        return SentenceFeatures.from_json(data)

    # -- storage: compact JSON (lists, not dicts, to keep the index table small) ----------
    def to_json(self) -> dict:
        return {
            "s": [self.start, self.end],
            "t": [[t.key, t.start, t.end] for t in self.terms],
            "p": [
                [
                    p.key,
                    p.text,
                    p.start,
                    p.end,
                    p.title,
                    list(p.modifiers),
                    p.title_start,
                    p.speaker,
                ]
                for p in self.people
            ],
            "q": [[q.kind, q.value, q.unit, q.start, q.end, q.text] for q in self.quantities],
            "d": [[d.key, d.start, d.end, d.text] for d in self.dates],
            "c": [[c.key, c.start, c.end, c.text] for c in self.charges],
            "k": sorted(self.index_keys()),
        }

    @classmethod
    def from_json(cls, data: dict) -> SentenceFeatures:
        return cls(
            data["s"][0],
            data["s"][1],
            tuple(Term(*t) for t in data["t"]),
            tuple(
                Person(k, tx, s, e, ti, tuple(m), ts, sp)
                for k, tx, s, e, ti, m, ts, sp in data["p"]
            ),
            tuple(Quantity(*q) for q in data["q"]),
            tuple(Marker(*d) for d in data["d"]),
            tuple(Marker(*c) for c in data["c"]),
            frozenset(data["k"]) if "k" in data else None,
        )

    def as_dict(self) -> dict:
        return asdict(self)


def merge(parts: Iterable[SentenceFeatures]) -> SentenceFeatures:
    parts = list(parts)
    if not parts:
        return SentenceFeatures(0, 0)
    return SentenceFeatures(
        min(p.start for p in parts),
        max(p.end for p in parts),
        tuple(x for p in parts for x in p.terms),
        tuple(x for p in parts for x in p.people),
        tuple(x for p in parts for x in p.quantities),
        tuple(x for p in parts for x in p.dates),
        tuple(x for p in parts for x in p.charges),
    )


# -- extraction -------------------------------------------------------------------------------
def _stem(word: str) -> str:
    """Crude but consistent: include/including/included -> includ; stopped/stop -> stop."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def concept(word: str) -> str | None:
    """The concept key of one lower-case word, or None for a word that carries no fact."""
    w = word.strip("'’").removesuffix("'s").removesuffix("’s")
    if w in lx.SYNONYMS:
        return lx.SYNONYMS[w]
    if w in lx.STOPWORDS or len(w) < 3 or not re.search(r"[a-z]", w):
        return None
    stem = _stem(w)
    return lx.SYNONYMS.get(stem, stem)


def _is_name_token(tok, in_person: bool) -> bool:
    if in_person:
        return True
    if tok.pos_ == "PROPN":
        return True
    # Without a tagger (fallback pipeline) a capitalised word inside a sentence is a name.
    return (
        not tok.pos_ and not tok.is_sent_start and tok.text[:1].isupper() and tok.text[1:].islower()
    )


_DATE_WORDS = frozenset(lx.WEEKDAYS + lx.MONTHS)
_GLUED = re.compile(r"^([a-z]{1,3})([A-Z][a-z]{2,})$")


def _terms(sent: Span, person_tokens: set[int], known: dict[str, str]) -> list[Term]:
    out: list[Term] = []
    toks = list(sent)
    i = 0
    while i < len(toks):
        tok = toks[i]
        low = ascii_fold(tok.lower_)
        pair = (low, ascii_fold(toks[i + 1].lower_)) if i + 1 < len(toks) else None
        if pair in lx.PHRASES:
            out.append(
                Term(
                    "w:" + lx.SYNONYMS.get(lx.PHRASES[pair], lx.PHRASES[pair]),
                    tok.idx,
                    toks[i + 1].idx + len(toks[i + 1]),
                )
            )
            i += 2
            continue
        i += 1
        if tok.is_punct or tok.is_space or tok.like_num:
            continue
        glued = _GLUED.match(tok.text)
        if glued and glued.group(1).lower() in lx.STOPWORDS:
            # A lost space in scraped text: "aUkraine", "theEuropean" -> the second word.
            word = glued.group(2)
            skip = len(glued.group(1))
            key = concept(ascii_fold(word.lower()))
            if key is not None:
                kind = "w:" if word.lower() in lx.SYNONYMS or not word[:1].isupper() else "p:"
                value = key if kind == "w:" else name_key(word)
                out.append(Term(kind + value, tok.idx + skip, tok.idx + len(tok)))
            continue
        if low == "us" and tok.text != "US":  # the pronoun, not the country
            continue
        if any(ch.isdigit() for ch in low):
            continue  # "pre-2014", "24-hour": the numbers scanner has them
        if low in _DATE_WORDS and tok.text[:1].isupper():
            continue  # dates are compared as dates, not as words
        if low in lx.TITLES or low in lx.ROLE_MODIFIERS or low in lx.CHARGES:
            continue  # they belong to a person or a charge, compared as such
        key = concept(low)
        if key is None:
            continue
        named = tok.i in person_tokens or (tok.text[:1].isupper() and name_key(tok.text) in known)
        if low not in lx.SYNONYMS and _is_name_token(tok, named):
            nk = name_key(tok.text)
            if len(nk) >= 2:
                out.append(Term("p:" + nk, tok.idx, tok.idx + len(tok)))
            continue
        out.append(Term("w:" + key, tok.idx, tok.idx + len(tok)))
    return out


def _title_before(sent: Span, ent: Span) -> tuple[str, tuple[str, ...], int]:
    """Title and modifiers in the words right before a name: "former U.S. President"."""
    title, mods, first = "", [], -1
    i = ent.start - 1
    steps = 0
    while i >= sent.start and steps < 6:
        tok = sent.doc[i]
        low = ascii_fold(tok.lower_).strip(".")
        if low in lx.TITLES and not title:
            title, first = lx.TITLES[low], tok.idx
        elif low in lx.ROLE_MODIFIERS:
            mods.append(lx.ROLE_MODIFIERS[low])
            first = tok.idx
        elif (
            low in ("-",)
            or (tok.pos_ in ("PROPN", "ADJ", "NOUN", "") and not tok.is_punct)
            or low in ("u.s", "us", "of", "the")
        ):
            pass  # "U.S.", "Ukrainian", "Secretary of State", "Special Envoy"
        else:
            break
        i -= 1
        steps += 1
    if not title and not mods:
        return "", (), -1
    if title == "vice":
        title, mods = "president", [*mods, "vice"]
    return title, tuple(sorted(set(mods))), first


def _is_speaker(ent: Span) -> bool:
    """ "Peskov confirmed ...", "... Trump said", "according to Zelensky's office"."""
    root = ent.root
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lower_ in lx.REPORTING_VERBS:
        return True
    if root.dep_ == "poss":  # "Zelensky's office said"
        return _is_speaker(ent.doc[head.i : head.i + 1])
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


def _people(sent: Span, ents: list[Span], known: dict[str, str]) -> list[Person]:
    out: list[Person] = []
    for ent in ents:
        label = ent.label_
        text = ent.text.strip()
        words = text.split()
        # NER often calls a lone surname ORG or GPE ("Zelenskiy", "Trump"); trust the
        # document: if the same key is a PERSON elsewhere in it, it is that person.
        if label not in _PERSONISH and (len(words) != 1 or person_key(text) not in known):
            continue
        if ascii_fold(text.lower()).removesuffix("'s") in lx.SYNONYMS:
            continue  # "Kyiv" tagged PERSON
        key = person_key(text)
        if not key:
            continue
        title, mods, tstart = _title_before(sent, ent)
        out.append(
            Person(key, text, ent.start_char, ent.end_char, title, mods, tstart, _is_speaker(ent))
        )
    return out


_DATE_WORD = re.compile(r"\b(" + "|".join(lx.WEEKDAYS + lx.MONTHS) + r")\b", re.I)


def _dates(text: str, offset: int, quantities: list[Quantity]) -> list[Marker]:
    out = [
        Marker(f"year:{int(q.value)}", q.start, q.end, q.text)
        for q in quantities
        if q.kind == "year"
    ]
    for m in _DATE_WORD.finditer(text):
        word = m.group(1)
        if not word[0].isupper():  # "may", "march" as verbs
            continue
        kind = "weekday" if word.lower() in lx.WEEKDAYS else "month"
        out.append(Marker(f"{kind}:{word.lower()}", offset + m.start(), offset + m.end(), word))
    return out


_CHARGE_WORD = re.compile(r"\b(" + "|".join(lx.CHARGES) + r")\b", re.I)


def _charges(text: str, offset: int) -> list[Marker]:
    return [
        Marker(lx.CHARGES[m.group(1).lower()], offset + m.start(), offset + m.end(), m.group(1))
        for m in _CHARGE_WORD.finditer(text)
    ]


def sentence_features(
    sent: Span, known: dict[str, str], ents: list[Span] | None = None
) -> SentenceFeatures:
    text = sent.text
    ents = list(sent.ents) if ents is None else ents
    people = _people(sent, ents, known)
    person_tokens = {i for e in ents if e.label_ in _PERSONISH for i in range(e.start, e.end)}
    quantities = scan_quantities(text, sent.start_char)
    return SentenceFeatures(
        sent.start_char,
        sent.end_char,
        tuple(_terms(sent, person_tokens, known)),
        tuple(people),
        tuple(quantities),
        tuple(_dates(text, sent.start_char, quantities)),
        tuple(_charges(text, sent.start_char)),
    )


_WORD = re.compile(r"[^\W\d_]{2,}")


def extract_features(doc: Doc) -> list[SentenceFeatures]:
    """Features of each sentence of `doc` worth indexing (banners and fragments are skipped)."""
    all_ents = list(doc.ents)  # doc.ents is rebuilt on each access: read it once
    known = {
        person_key(e.text): e.text
        for e in all_ents
        if e.label_ in _PERSONISH and ascii_fold(e.text.lower()) not in lx.SYNONYMS
    }
    out = []
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    e = 0
    for sent in sents:
        while e < len(all_ents) and all_ents[e].start < sent.start:
            e += 1
        ents = []
        while e < len(all_ents) and all_ents[e].end <= sent.end:
            ents.append(all_ents[e])
            e += 1
        stripped = sent.text.strip()
        if len(stripped) > _MAX_SENTENCE_CHARS or len(_WORD.findall(stripped)) < 4:
            continue
        feats = sentence_features(_trim(sent), known, ents)
        if len({t.key for t in feats.terms}) >= 2:
            out.append(feats)
    return out


def _trim(sent: Span) -> Span:
    """Drop leading/trailing white space tokens so offsets point at the words."""
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end]
