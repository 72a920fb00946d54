"""Plain-text articles (.txt, .text, .md): the whole file is the article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from desktop.core.importers.decode import BadInput, decode_bytes, read_bytes
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.textmeta import guess_meta
from desktop.core.records import ArticleRecord, ImportProblem


def read(path: Path, max_bytes: int) -> Iterator[ArticleRecord | ImportProblem]:
    try:
        text = normalise_text(decode_bytes(read_bytes(path, max_bytes)))
    except BadInput as e:
        yield ImportProblem(str(path), str(e))
        return
    if not text.strip():
        yield ImportProblem(str(path), "file is empty")
        return
    meta = guess_meta(text)
    # The stored text is the whole file, unstripped: offsets must match the file.
    yield ArticleRecord(
        text=text,
        origin=path.name,
        title=meta.title,
        source=meta.source,
        author=meta.author,
        published=meta.published,
    )
