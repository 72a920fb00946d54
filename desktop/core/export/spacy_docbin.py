"""spaCy DocBin (.spacy) export for training: one Doc per article, claims in
doc.spans["claims"] labelled by final verdict (CLAIM when none).

Docs use the blank English tokenizer, so they load with `spacy.blank("en").vocab`.
Claim offsets that cut a token are widened to whole tokens (alignment_mode="expand").
doc.user_data["meta"] keeps the article meta. A DocBin is serialised in one piece, so
unlike the JSONL export this one holds the whole (compact) DocBin in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from os import PathLike

from spacy.tokens import DocBin

from desktop.core.export.atomic import atomic_file
from desktop.core.export.options import ExportCounts, ExportOptions
from desktop.core.export.reader import ArticleExport, iter_articles
from desktop.core.export.tokens import tokenize
from desktop.core.review import span_label
from desktop.core.store import Store

SPANS_KEY = "claims"


def export_docbin(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    counts = ExportCounts()
    docbin = DocBin(store_user_data=True)
    articles: deque[ArticleExport] = deque()  # those read but not yet tokenized
    source = iter_articles(store, options, counts)

    def texts() -> Iterator[str]:
        for art in source:
            articles.append(art)
            yield art.text

    with atomic_file(path, binary=True) as f:  # opened first: an unwritable path fails fast
        for doc in tokenize(texts()):
            art = articles.popleft()
            spans = []
            for c in art.claims:
                span = doc.char_span(
                    c["start"], c["end"], label=span_label(c["verdict"]), alignment_mode="expand"
                )
                if span is not None:
                    spans.append(span)
            doc.spans[SPANS_KEY] = spans
            doc.user_data["meta"] = art.meta
            docbin.add(doc)
        f.write(docbin.to_bytes())
    return counts
