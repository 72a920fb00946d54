"""Candidate sentences for claims: whole sentences, never across a line break, trimmed.

Whole sentences, attribution included: "Peskov said that X" and "According to the
Kremlin, X" keep who said it, because who claimed what is part of what gets checked;
trailing ", he added." stays for the same reason. Only whitespace, bullets and stray quote
marks left over from the neighbouring sentence are trimmed.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

_OPENING_QUOTES = "“‘«„"
_CLOSING_QUOTES = "”’»"
_LEADING_JUNK = "-–—•·*>|" + _CLOSING_QUOTES
_TRAILING_JUNK = "-–—•·*|" + _OPENING_QUOTES


def candidate_sentences(doc: Doc) -> Iterator[tuple[Span, tuple[int, int]]]:
    """(sentence, its trimmed character bounds) for each sentence with any word in it."""
    text = doc.text
    for sent in _sentences(doc):
        bounds = _trim(text, sent.start_char, sent.end_char)
        if bounds is not None:
            yield sent, bounds


def _sentences(doc: Doc) -> Iterator[Span]:
    """``doc.sents``, re-joining pieces the parser split off inside one line.

    Next to a preset line start the parser sometimes splits again right after it
    ("Moscow | and Washington announced ..."). A piece that ends in a letter or digit
    (no closing punctuation) is joined to what follows on the same line.
    """
    text = doc.text
    pending: Span | None = None
    for sent in doc.sents:
        if pending is not None:
            if "\n" not in text[pending.start_char : sent.start_char + 1]:
                sent = doc[pending.start : sent.end]
            else:
                yield pending
        tail = text[sent.start_char : sent.end_char].rstrip()
        if tail and tail[-1].isalnum() and "\n" not in text[sent.start_char : sent.end_char]:
            pending = sent
        else:
            pending = None
            yield sent
    if pending is not None:
        yield pending


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) past whitespace, bullets and unmatched quote marks."""
    while start < end and (text[start].isspace() or text[start] in _LEADING_JUNK):
        if text[start] in _CLOSING_QUOTES and _balanced(text, start, end):
            break
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_JUNK):
        if text[end - 1] in _OPENING_QUOTES and _balanced(text, start, end):
            break
        end -= 1
    if start < end and text[start] == '"' and text.count('"', start, end) % 2:
        start += 1  # straight quote closing the previous sentence's quotation
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def _balanced(text: str, start: int, end: int) -> bool:
    opening = sum(text.count(q, start, end) for q in _OPENING_QUOTES)
    closing = sum(text.count(q, start, end) for q in _CLOSING_QUOTES)
    return opening == closing
