"""Suggest check-worthy claim spans in a parsed article.

Candidates are sentences, never crossing a line break (the pipeline's newline splitter
sees to that). Choices a fact-checker would make, and why:

* Whole sentences, attribution included (see ``sentences``).
* Page furniture (see ``boilerplate``), fragments (no verb, under five words) and, in a
  text with a body, headlines, decks and subheads (the body says their fact again, with
  its attribution) are never suggested, whatever the threshold.
* Scores and reasons come from the ``claim_scorer`` component (``claim_component``), a
  learned model over the sentence's words and rule features; this module reads its spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from desktop.core.nlp.boilerplate import boilerplate_kind, line_kinds
from desktop.core.nlp.claim_component import component_config

SUGGESTER_VERSION = "2.2"  # 2.2: rule word lists matched by lemma (lemmatizer kept)
DEFAULT_THRESHOLD = 0.5
DEFAULT_BATCH_SIZE = 16  # texts per nlp.pipe batch; larger batches were not faster
CHUNK_WORDS = 150  # piece size for suggest_article: first results in ~50 ms
_LINE_END = re.compile(r"\n+")

SPANS_KEY = component_config()["spans_key"]


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
    out: list[Suggestion] = []
    li = 0
    for span in doc.spans[SPANS_KEY]:  # in text order
        local_start, local_end = span._.claim_bounds
        start, end = local_start + offset, local_end + offset
        while li < len(lines) and lines[li][1] <= start:
            li += 1
        if li < len(lines) and lines[li][2] is not None:
            continue  # the whole line is boilerplate
        whole_line = li < len(lines) and lines[li][0] == start and lines[li][1] == end
        if not whole_line and boilerplate_kind(text[local_start:local_end]) is not None:
            continue
        score = span._.claim_score
        if score >= threshold:
            out.append(Suggestion(start, end, round(score, 4), list(span._.claim_reasons)))
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


