"""Article importers: files and folders in, ArticleRecord / ImportProblem records out.

One module per format, each exposing `read(path, max_bytes)`. Bad content never raises:
it becomes an ImportProblem (`file[:line]: reason`) and the rest of the batch goes on.
Pure Python: no Qt, no database.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.core.importers import csvfile, detect, html, text
from desktop.core.records import ArticleRecord, ImportProblem

Reader = Callable[[Path, int], Iterator[ArticleRecord | ImportProblem]]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".jsonl": detect.read_jsonl,  # Claimdesk, Prodigy, Label Studio, doccano: by content
    ".ndjson": detect.read_jsonl,
    ".json": detect.read_json,  # Label Studio JSON / JSON_MIN exports, arrays of records
    ".zip": detect.read_zip,  # doccano's download: one file per annotator
    ".csv": csvfile.read,
    ".tsv": csvfile.read_tsv,
}
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(READERS)
DEFAULT_MAX_BYTES = 5_000_000

__all__ = ["SUPPORTED_EXTENSIONS", "read_paths", "read_file"]


def read_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[ArticleRecord | ImportProblem]:
    """Read files and folders (recursively, sorted) in the order given.

    Inside folders, hidden entries and files of unknown type are skipped silently; a
    file named explicitly with an unknown type is a problem.
    """
    if isinstance(paths, str | os.PathLike):  # one path, not an iterable of characters
        paths = [paths]
    for p in paths:
        path = Path(p)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield ImportProblem(str(path), "no such file or folder")
            continue
        except OSError as e:
            yield ImportProblem(str(path), _os_reason(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            for child in _walk(path):
                yield from read_file(child, max_bytes=max_bytes)
        else:
            yield from read_file(path, max_bytes=max_bytes)


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ArticleRecord | ImportProblem]:
    """Read one file by its extension (no folder expansion)."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield ImportProblem(str(path), f"unsupported file type {path.suffix or '(no extension)'}")
        return
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # FIFOs, devices: reading could hang
            yield ImportProblem(str(path), "not a regular file")
            return
        for item in reader(path, max_bytes):
            if isinstance(item, ArticleRecord) and not item.file:
                item.file = str(path)  # the per-file summary names the file as given
            yield item
    except OSError as e:
        yield ImportProblem(str(path), _os_reason(e))


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, non-hidden files under folder, sorted, depth first."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif path.suffix.lower() in READERS and entry.is_file():
                yield path
        except OSError:
            continue


def _os_reason(e: OSError) -> str:
    return f"can't read: {e.strerror or e}".rstrip()
