"""Recognise page furniture that scraped news text carries along with the article.

Subscription banners, newsletter prompts, ads, copyright and byline lines, photo
captions, navigation and other-language blocks are never claims. They are matched per
line (and per sentence, for a boilerplate sentence inside a longer line); anything
matched here is never suggested, whatever the threshold.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from desktop.core.nlp.lexicon import FOREIGN_STOPWORDS

_I = re.IGNORECASE

# (kind, pattern): the kind is the reason shown in debugging output and tests.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "navigation",
        re.compile(
            r"^\W*(share(\s+this)?|comments?|read more|more information|related( articles| stories)?|"
            r"archived in|back to\b.*|view (property|more|all|gallery)|see also|follow us\b.*|"
            r"click here\b.*|continue reading|recommended( for you)?|recomendaciones\b.*|"
            r"top stories|most (read|popular)|next article|previous article|print|email|"
            r"skip to (main )?content|listen to (this )?article|watch(:.*)?|video:?|"
            r"reference\(s\):?|tags?:.*|topics?:.*)\W*$",
            _I,
        ),
    ),
    (
        "subscription",
        re.compile(
            r"\b(subscribe (now|today|to|for)|sign up (for|to|now)|newsletters?|"
            r"(your|our|a) (digital )?subscription|already a subscriber|log ?in to|"
            r"create an account|register (now|for free)|suscripci[oó]n|abonnement)\b",
            _I,
        ),
    ),
    ("advertising", re.compile(r"^\W*(advertisement|anzeige|publicidad)\b", _I)),
    (
        "advertising",  # whole short line only: "Sponsored by X" may open a real sentence
        re.compile(
            r"^\W*(sponsored|promoted|paid|partner)(\s+(content|post|story|links?))?"
            r"(\s+by(\s+\S+){1,3})?\W*$",
            _I,
        ),
    ),
    ("copyright", re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", _I)),
    (
        "byline",
        re.compile(
            # "By Jane Doe", "By Jane Doe and John Roe", "By Jane Doe, Reuters"
            r"^\W*[Bb]y\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}"
            r"(\s*(and|&)\s*[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})*"
            r"(\s*,\s*[A-Z][\w.&-]*(\s+[A-Z][\w.&-]*){0,4})?\W*$"
        ),
    ),
    (
        "byline",
        re.compile(
            r"^\W*(((additional )?reporting|writing|editing|edited|compiled|written) by\b|"
            r"(authors?|sources?|editor|correspondent|credits?|published|updated|posted|"
            r"last modified)\s*:)",
            _I,
        ),
    ),
    (
        "caption",
        re.compile(
            r"^\W*(photo|photos|foto|image|picture|file photo|pictured|illustration|"
            r"video|graphic)\s*(:|/|by\b|credit)|"
            r"\((ap|afp|reuters|epa|getty|efe|ansa)\b[^)]*\)\s*$|"
            r"\b(ap photo|afp photo|getty images|shutterstock|reuters/|efe/|epa/)|"
            # trailing agency credit: "Aaron Schwartz / POOL (EFE)", "John Doe/AFP"
            r"\S\s*/\s*(pool|afp|ap|epa|efe|reuters|getty|ansa|dpa|sipa)\b[^.!?]*$",
            _I,
        ),
    ),
    (
        "web address",
        re.compile(
            r"^\W*(https?://\S+|www\.\S+|[\w-]+(\.[\w-]+)*\.(com|org|net|"
            r"co\.uk|io|info|news|tv))\W*$",
            _I,
        ),
    ),  # fmt: skip
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def boilerplate_kind(text: str) -> str | None:
    """The kind of boilerplate ``text`` (a line or a sentence) is, or None."""
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    if not is_english(text):
        return "not English"
    return None


def is_english(text: str) -> bool:
    """Cheap stopword vote: other-language function words must not outnumber English ones."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return True  # too short to tell; the fragment rules deal with these
    en = sum(w in STOP_WORDS for w in words)
    foreign = sum(w in FOREIGN_STOPWORDS and w not in STOP_WORDS for w in words)
    non_ascii = sum(not w.isascii() for w in words)
    return en >= foreign and not (non_ascii * 3 > len(words) and en * 5 < len(words))


def line_kinds(text: str) -> list[tuple[int, int, str | None]]:
    """Non-empty lines of ``text`` as (start, end, boilerplate kind or None).

    Beyond the per-line patterns, a line repeated verbatim (a title or caption shown
    twice) is boilerplate from its second occurrence on, and a line that the next
    line starts with is a caption followed by its credited copy.
    """
    out: list[tuple[int, int, str | None]] = []
    seen: set[str] = set()
    prev: tuple[int, int, str] | None = None
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, pos = pos, pos + len(raw)
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        s, e = start + lead, start + lead + len(stripped)
        kind = boilerplate_kind(stripped)
        if kind is None and stripped in seen:
            kind = "repeated line"
        if prev is not None and stripped != prev[2] and stripped.startswith(prev[2]):
            kind = kind or "caption"
            if out[-1][2] is None:
                out[-1] = (out[-1][0], out[-1][1], "caption")
        seen.add(stripped)
        out.append((s, e, kind))
        prev = (s, e, stripped)
    if any(kind is None and _is_body(text[s:e]) for s, e, kind in out):
        out = [(s, e, "headline" if kind is None and is_headline(text[s:e]) else kind)
               for s, e, kind in out]  # fmt: skip
    return out


# A sentence ends in . ! ? … (or : ;), maybe followed by closing quotes or brackets; speech
# cut off ends in a dash, an ellipsis or a comma. Headlines, decks and subheads end in none.
_SENTENCE_END = re.compile(r"[.!?…:;][\s\"”’'»)\]\\]*$")
_CUT_OFF = re.compile(r"(?:-|—|–|\.\.\.|…|,)\s*[\"”’']?\s*$")
_HEADLINE_WORDS = 30
_BODY_WORDS = 15


def is_headline(line: str) -> bool:
    """A headline, deck or subhead: a short line that does not end as a sentence does.

    News states a headline's fact again in the body, with its attribution and context;
    that sentence is the one to label. Only applied to a text with a body (see
    ``_is_body``), so a list of claims typed without full stops is never cut.
    """
    line = line.strip()
    return (
        bool(line)
        and not _SENTENCE_END.search(line)
        and not _CUT_OFF.search(line)
        and len(line.split()) <= _HEADLINE_WORDS
    )


def _is_body(line: str) -> bool:
    """A paragraph of running text: long, and ending as a sentence does."""
    return len(line.split()) >= _BODY_WORDS and bool(_SENTENCE_END.search(line.strip()))
