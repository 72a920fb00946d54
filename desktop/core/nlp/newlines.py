"""A pipeline component that starts a new sentence after every line break.

News text puts titles, captions and bylines on their own lines, usually without a full
stop; without this the parser glues a title onto the first sentence of the body.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NEWLINE_COMPONENT = "claimdesk_newlines"


@Language.component(NEWLINE_COMPONENT)
def split_on_newlines(doc: Doc) -> Doc:
    # Whitespace other than a single space is its own token, so a line break is always
    # inside a space token; the token after it opens a new sentence.
    text = doc.text
    if "\n" not in text:
        return doc
    n = len(doc)
    start = 0
    while True:
        pos = text.find("\n", start)
        if pos < 0:
            break
        tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if tok is not None:
            nxt = tok.end
            if nxt < n:
                doc[nxt].is_sent_start = True
        start = pos + 1
    return doc
