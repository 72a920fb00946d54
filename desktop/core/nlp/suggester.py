"""Suggest check-worthy claim spans in a parsed article.

Candidates are sentences, never crossing a line break (the pipeline's newline splitter
sees to that). Choices a fact-checker would make, and why:

* Whole sentences, attribution included: "Peskov said that X" and "According to the
  Kremlin, X" keep who said it, because who claimed what is part of what gets checked;
  trailing ", he added." stays for the same reason (cutting it leaves an unattributed
  quote). Only whitespace, bullets and stray quote marks left over from the neighbouring
  sentence are trimmed.
* Page furniture (see ``boilerplate``) and fragments (no verb, under five words) are
  never suggested, whatever the threshold.
* Scores come from ``features``: a transparent weighted sum through a logistic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from desktop.core.nlp.boilerplate import boilerplate_kind, line_kinds
from desktop.core.nlp.features import score_of, sentence_features

SUGGESTER_VERSION = "1.0"
DEFAULT_THRESHOLD = 0.5
DEFAULT_BATCH_SIZE = 16  # texts per nlp.pipe batch; larger batches were not faster
CHUNK_WORDS = 150  # piece size for suggest_article: first results in ~50 ms
_LINE_END = re.compile(r"\n+")

_OPENING_QUOTES = "“‘«„"
_CLOSING_QUOTES = "”’»"
_LEADING_JUNK = "-–—•·*>|" + _CLOSING_QUOTES
_TRAILING_JUNK = "-–—•·*|" + _OPENING_QUOTES


@dataclass
class Suggestion:
    """A suggested claim: ``text[start:end]`` (character offsets, end exclusive)."""

    start: int
    end: int
    score: float
    reasons: list[str] = field(default_factory=list)


def suggest_doc(doc: Doc, threshold: float = DEFAULT_THRESHOLD) -> list[Suggestion]:
    """Suggestions for ``doc`` scoring at least ``threshold``, in text order."""
    return suggest_piece(doc, threshold, line_kinds(doc.text), 0)


def article_chunks(text: str, chunk_words: int = CHUNK_WORDS) -> list[tuple[int, str]]:
    """``text`` cut at line breaks into ``(offset, piece)`` of about ``chunk_words`` words.

    Candidates never cross a line break, so suggestions per piece are those of the whole
    text (up to the parser's and tagger's few tokens of context at a cut).
    """
    out: list[tuple[int, str]] = []
    start = line_start = words = 0
    for match in _LINE_END.finditer(text):
        words += len(text[line_start : match.start()].split())
        line_start = match.end()
        if words >= chunk_words and match.end() < len(text):
            out.append((start, text[start : match.end()]))
            start, words = match.end(), 0
    if start < len(text) or not out:
        out.append((start, text[start:]))
    return out


def suggest_article(
    nlp: Language,
    text: str,
    threshold: float = DEFAULT_THRESHOLD,
    chunk_words: int = CHUNK_WORDS,
) -> Iterator[list[Suggestion]]:
    """Suggestions for one article, piece by piece, so the first arrive quickly.

    Offsets are into ``text``. Concatenated, the pieces' lists are the article's.
    """
    lines = line_kinds(text)
    chunks = article_chunks(text, chunk_words)
    docs = nlp.pipe((piece for _, piece in chunks), batch_size=1)
    for (offset, _), doc in zip(chunks, docs, strict=True):
        yield suggest_piece(doc, threshold, lines, offset)


def suggest_piece(
    doc: Doc, threshold: float, lines: list[tuple[int, int, str | None]], offset: int
) -> list[Suggestion]:
    """Suggestions for ``doc``, a piece of a text starting at ``offset``; ``lines`` are
    the whole text's lines (absolute offsets) so repeated lines are seen across pieces."""
    text = doc.text
    ents = list(doc.ents)
    out: list[Suggestion] = []
    li = ei = 0
    for sent in _sentences(doc):
        bounds = _trim(text, sent.start_char, sent.end_char)
        if bounds is None:
            continue
        start, end = bounds[0] + offset, bounds[1] + offset
        while li < len(lines) and lines[li][1] <= start:
            li += 1
        if li < len(lines) and lines[li][2] is not None:
            continue  # the whole line is boilerplate
        whole_line = li < len(lines) and lines[li][0] == start and lines[li][1] == end
        if not whole_line and boilerplate_kind(text[bounds[0] : bounds[1]]) is not None:
            continue
        while ei < len(ents) and ents[ei].start < sent.start:
            ei += 1
        sent_ents = []
        j = ei
        while j < len(ents) and ents[j].end <= sent.end:
            sent_ents.append(ents[j])
            j += 1
        features = sentence_features(sent, sent_ents)
        if features is None:
            continue
        score = score_of(features)
        if score >= threshold:
            reasons = [reason for weight, reason in sorted(features, key=_by_weight)]
            out.append(Suggestion(start, end, round(score, 4), reasons))
    return out


def suggest_texts(
    nlp: Language,
    texts: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    threshold: float = DEFAULT_THRESHOLD,
) -> Iterator[list[Suggestion]]:
    """One list of suggestions per text, in order (``nlp.pipe`` underneath)."""
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield suggest_doc(doc, threshold)


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


def _by_weight(feature: tuple[float, str]) -> float:
    return -feature[0]  # strongest evidence first; penalties last


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
