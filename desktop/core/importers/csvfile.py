"""CSV and TSV articles: one article a row, under a header row.

The text column is `text` (or, failing that, `body`, `content`, `article`); header
names match case-insensitively. title/headline, url/link, source/outlet/publisher,
author/byline and published/date fill the article's fields; other non-empty columns
go into meta under their header name. Line numbers are the file's physical lines.
TSV (tab-separated, as many NLP datasets ship, e.g. CheckThat!'s `Sentence_id Text
class_label`) is read the same way, with CSV-style quoting allowed inside it.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.core.importers.decode import (
    SNIFF_BYTES,
    BadInput,
    looks_binary,
    too_big,
    undecodable,
    utf16_bom,
)
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.urlfield import article_url
from desktop.core.records import ArticleRecord, ImportProblem

TEXT_COLUMNS = ("text", "body", "content", "article")
FIELD_COLUMNS = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "publisher"),
    "author": ("author", "byline"),
    "published": ("published", "date", "published_at"),
}

# Articles are big cells; the per-article limit is max_bytes, checked per row.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class _Lines:
    """Decoded physical lines for csv.reader, remembering line numbers and bad bytes."""

    def __init__(self, f: BinaryIO, utf16: bool) -> None:
        self._f = f
        self._utf16 = utf16
        self.lineno = 0
        self.row_start = 0  # first physical line of the row being read
        self.problems: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        if self._utf16:
            for line in io.TextIOWrapper(self._f, encoding="utf-16", newline=""):
                yield self._note(line)
            return
        first = True
        for raw in self._f:
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            first = False
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                self.lineno += 1
                self.problems.append((self.lineno, undecodable(raw, e)))
                continue  # the row loses this line; it is reported
            yield self._note(line)

    def _note(self, line: str) -> str:
        self.lineno += 1
        if not self.row_start:
            self.row_start = self.lineno
        return line


def read(path: Path, max_bytes: int) -> Iterator[ArticleRecord | ImportProblem]:
    return _read(path, max_bytes, ",")


def read_tsv(path: Path, max_bytes: int) -> Iterator[ArticleRecord | ImportProblem]:
    return _read(path, max_bytes, "\t")


def _read(path: Path, max_bytes: int, delimiter: str) -> Iterator[ArticleRecord | ImportProblem]:
    kind = "TSV" if delimiter == "\t" else "CSV"
    with open(path, "rb") as f:
        sample = f.read(SNIFF_BYTES)
        if not sample:
            yield ImportProblem(str(path), "file is empty")
            return
        utf16 = utf16_bom(sample)
        if not utf16 and looks_binary(sample):
            yield ImportProblem(str(path), "looks like a binary file, not text")
            return
        f.seek(0)
        lines = _Lines(f, utf16)
        try:
            yield from _rows(path, lines, max_bytes, delimiter)
        except UnicodeDecodeError:
            yield ImportProblem(str(path), "not valid UTF-16 text", line=lines.lineno + 1)
        except csv.Error as e:
            yield ImportProblem(str(path), f"malformed {kind}: {e}", line=lines.lineno)


def _rows(
    path: Path, lines: _Lines, max_bytes: int, delimiter: str
) -> Iterator[ArticleRecord | ImportProblem]:
    reader = csv.reader(lines, delimiter=delimiter)
    columns: dict[str, int] | None = None
    header: list[str] = []
    while True:
        lines.row_start = 0
        row = next(reader, None)
        for lineno, reason in lines.problems:
            yield ImportProblem(str(path), reason, line=lineno)
        lines.problems.clear()
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            header = [normalise_text(h).strip() for h in row]
            columns = _find_columns(header)
            if "text" not in columns:
                found = _column_list([h for h in header if h])
                yield ImportProblem(
                    str(path),
                    f"no text column (expected one of: text, body, content, article; found: {found})",
                )
                return
            continue
        yield _record(path, lines.row_start, row, header, columns, max_bytes)
    if columns is None:
        yield ImportProblem(str(path), "file is empty")


def _find_columns(header: list[str]) -> dict[str, int]:
    lower = [h.lower() for h in header]
    columns: dict[str, int] = {}
    wanted = {"text": TEXT_COLUMNS, **FIELD_COLUMNS}
    for field, names in wanted.items():
        for name in names:
            if name in lower:
                columns[field] = lower.index(name)
                break
    return columns


def _record(
    path: Path,
    line: int,
    row: list[str],
    header: list[str],
    columns: dict[str, int],
    max_bytes: int,
) -> ArticleRecord | ImportProblem:
    def cell(i: int) -> str:
        return row[i] if i < len(row) else ""

    raw = cell(columns["text"])
    if not normalise_text(raw).strip():
        return ImportProblem(str(path), "text is empty", line=line)
    size = len(raw.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return ImportProblem(str(path), too_big(size, max_bytes), line=line)
    fields = {f: normalise_text(cell(i)).strip() or None for f, i in columns.items() if f != "text"}
    try:
        fields["url"] = article_url(fields.get("url"))
    except BadInput as e:
        return ImportProblem(str(path), str(e), line=line)
    used = set(columns.values())
    meta = {
        header[i] or f"column {i + 1}": cell(i)
        for i in range(len(header))
        if i not in used and cell(i).strip()
    }
    return ArticleRecord(text=normalise_text(raw), origin=path.name, line=line, meta=meta, **fields)


def _column_list(names: list[str], most: int = 8, width: int = 40) -> str:
    """The header as a reader can take it in: a hostile 200 KB header stays one line."""
    if not names:
        return "none"
    shown = [n if len(n) <= width else n[: width - 1] + "…" for n in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(shown) + more
