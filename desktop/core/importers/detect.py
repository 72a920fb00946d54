"""Which tool wrote this file? Decided from the content, then read by that format's module.

- .jsonl: Claimdesk and Prodigy lines go to jsonl.py as they always did; Label Studio
  tasks or JSON_MIN records (one a line) and doccano lines to their modules.
- .json: a JSON array (Label Studio's JSON and JSON_MIN exports, or records of any of the
  above) is streamed item by item, so memory stays flat; a single object is one record.
- .zip (doccano's download): every .jsonl/.json member, read the same way; a doccano
  member's file name names its annotator (`ana.jsonl`), `all.jsonl` names nobody.
Every record says which format it was read as; the import summary shows it per file.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from desktop.core.importers import doccano, jsonl, labelstudio
from desktop.core.importers.decode import SNIFF_BYTES, BadInput, human_size, undecodable
from desktop.core.importers.jsonvalues import type_name
from desktop.core.records import ArticleRecord, ImportProblem

Item = ArticleRecord | ImportProblem
SNIFF_LINES = 20
ZIP_MEMBERS = (".jsonl", ".ndjson", ".json")
PLAIN = "JSONL articles"


def kind_of(obj: dict[str, Any]) -> str:
    """The format one JSON object is in."""
    if labelstudio.is_task(obj):
        return labelstudio.FORMAT_TASKS
    if doccano.is_doccano(obj):
        return doccano.FORMAT
    if "claims" in obj:
        return "Claimdesk JSONL"
    if any(k in obj for k in ("spans", "tokens", "answer", "_input_hash")):
        return "Prodigy JSONL"
    if labelstudio.is_min(obj):
        return labelstudio.FORMAT_MIN
    return PLAIN


def builder(kind: str, annotator: str | None, max_bytes: int) -> Callable[[dict], ArticleRecord]:
    def build(obj: dict[str, Any]) -> ArticleRecord:
        if labelstudio.is_task(obj):
            return labelstudio.task_record(obj)
        if kind == doccano.FORMAT or doccano.is_doccano(obj):
            return doccano.line_record(obj, annotator)
        if kind == labelstudio.FORMAT_MIN or (kind != "Claimdesk JSONL" and labelstudio.is_min(obj)):
            return labelstudio.min_record(obj)
        record = jsonl.build_record(obj, max_bytes)
        record.format = record.format or kind
        return record

    return build


# -- .jsonl --------------------------------------------------------------------------------
def read_jsonl(path: Path, max_bytes: int, annotator: str | None = None) -> Iterator[Item]:
    kind = _sniff_lines(path)
    if kind in (labelstudio.FORMAT_TASKS, labelstudio.FORMAT_MIN, doccano.FORMAT):
        yield from _other_tool_lines(path, max_bytes, kind, annotator)
        return
    for item in jsonl.read(path, max_bytes):  # Claimdesk and Prodigy: jsonl.py, as before
        if isinstance(item, ArticleRecord):
            item.format = item.format or kind or "JSONL articles"
        yield item


def _sniff_lines(path: Path) -> str | None:
    found = None
    with open(path, "rb") as f:
        for _ in range(SNIFF_LINES):
            line = f.readline(SNIFF_BYTES * 64)
            if not line:
                break
            try:
                obj = json.loads(line.removeprefix(codecs.BOM_UTF8).decode("utf-8"))
            except (ValueError, RecursionError):
                continue
            if isinstance(obj, dict):
                kind = kind_of(obj)
                if kind != PLAIN or not _empty_label(obj):
                    return kind
                # `"label": []` may be a doccano line its member left unlabelled: a later
                # line says which tool wrote the file
                found = found or kind
    return found


def _empty_label(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("label"), list) and not obj["label"]


def _other_tool_lines(path: Path, max_bytes: int, kind: str, annotator: str | None) -> Iterator[Item]:
    build = builder(kind, annotator, max_bytes)
    limit = max(jsonl.LINE_FACTOR * max_bytes, 1_000_000)
    with open(path, "rb") as f:
        problem = jsonl._sniff(f.read(SNIFF_BYTES))
        if problem:
            yield ImportProblem(str(path), problem)
            return
        f.seek(0)
        for lineno, line in jsonl._lines(f, limit):
            try:
                obj = _line_object(line, limit)
                if obj is None:
                    continue
                record = build(obj)
            except BadInput as e:
                yield ImportProblem(str(path), str(e), line=lineno)
                continue
            record.origin, record.line = record.origin or path.name, lineno
            record.format = record.format or kind
            yield record


def _line_object(line: bytes | None, limit: int) -> dict[str, Any] | None:
    if line is None:
        raise BadInput(f"line is over {human_size(limit)}, too long to import")
    line = line.removeprefix(codecs.BOM_UTF8)
    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BadInput(undecodable(line, e)) from None
    if not s.strip():
        return None
    obj = jsonl._load(s.rstrip())
    if not isinstance(obj, dict):
        raise BadInput(f"expected a JSON object, got {type_name(obj)}")
    return obj  # what is stored of it is checked by prepare.py, for every format


# -- .json ---------------------------------------------------------------------------------
def read_json(path: Path, max_bytes: int, annotator: str | None = None) -> Iterator[Item]:
    import ijson  # streams a JSON array item by item (C backend)

    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
        problem = jsonl._sniff(head)
        if problem:
            yield ImportProblem(str(path), problem.replace("JSONL", "JSON"))
            return
        skip = 3 if head.startswith(codecs.BOM_UTF8) else 0
        first = head[skip:].lstrip()[:1]
        f.seek(skip)
        if first == b"{":
            yield from _single_object(path, f, max_bytes, annotator)
            return
        if first != b"[":
            yield ImportProblem(str(path), "not a JSON array or object of records")
            return
        build, kind, n = None, "", 0
        items = ijson.items(f, "item", use_float=True)
        while True:
            try:
                obj = next(items)
            except StopIteration:
                break
            except (ijson.JSONError, ValueError, UnicodeDecodeError) as e:
                where = f"after item {n}" if n else "at the start"
                yield ImportProblem(str(path), f"malformed JSON {where}: {_short_error(e)}")
                return
            n += 1
            item = _item_name(n, obj)
            try:
                if not isinstance(obj, dict):
                    raise BadInput(f"expected a JSON object, got {type_name(obj)}")
                if build is None:
                    kind = kind_of(obj)
                    kind = "Label Studio JSON" if kind == labelstudio.FORMAT_TASKS else kind
                    build = builder(kind, annotator, max_bytes)
                record = build(obj)
            except BadInput as e:
                yield ImportProblem(str(path), f"{item}: {e}")
                continue
            record.origin, record.item = record.origin or path.name, item
            record.format = kind if kind.startswith("Label Studio") else record.format or kind
            yield record
        if n == 0:
            yield ImportProblem(str(path), "file is empty (a JSON array without records)")


def _single_object(path: Path, f: BinaryIO, max_bytes: int, annotator: str | None) -> Iterator[Item]:
    limit = max(jsonl.LINE_FACTOR * max_bytes, 1_000_000)
    data = f.read(limit + 1)
    try:
        if len(data) > limit:
            raise BadInput(f"a single JSON object over {human_size(limit)} is too big to import")
        obj = _line_object(data, limit)
        if obj is None:
            raise BadInput("file is empty")
        kind = kind_of(obj)
        record = builder(kind, annotator, max_bytes)(obj)
    except BadInput as e:
        yield ImportProblem(str(path), str(e))
        return
    record.origin, record.format = record.origin or path.name, record.format or kind
    yield record


def _item_name(n: int, obj: Any) -> str:
    ident = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(ident, int | str) and not isinstance(ident, bool) and str(ident).strip():
        return f"item {n} (id {str(ident)[:40]})"
    return f"item {n}"


def _short_error(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]


# -- .zip ----------------------------------------------------------------------------------
def read_zip(path: Path, max_bytes: int) -> Iterator[Item]:
    """Each .jsonl/.json member, as if imported on its own; nothing is extracted by name."""
    budget = max(200 * max_bytes, 100_000_000)  # uncompressed bytes read from one .zip
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        yield ImportProblem(str(path), f"not a readable .zip file ({_short_error(e)})")
        return
    with archive, tempfile.TemporaryDirectory(prefix="claimdesk-zip-") as tmp:
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
        seen = False
        for n, info in enumerate(members):
            name = info.filename
            shown = f"{path}/{name}"
            base = name.rsplit("/", 1)[-1]
            if base.startswith(".") or name.startswith("__MACOSX/"):
                continue
            suffix = os.path.splitext(base)[1].lower()
            if suffix not in ZIP_MEMBERS:
                yield ImportProblem(shown, "not imported: only .jsonl and .json files in a .zip are read")
                continue
            seen = True
            if info.file_size > budget:
                yield ImportProblem(shown, f"is {human_size(info.file_size)} uncompressed, over the "
                                           f"{human_size(budget)} a .zip member may hold")  # fmt: skip
                continue
            local = Path(tmp) / f"{n}{suffix}"
            try:
                budget -= _extract(archive, info, local, budget)
            except (BadInput, zipfile.BadZipFile, OSError, EOFError) as e:
                yield ImportProblem(shown, f"can't read it from the .zip ({_short_error(e)})")
                continue
            reader = read_json if suffix == ".json" else read_jsonl
            for item in reader(local, max_bytes, doccano.member_annotator(name)):
                if isinstance(item, ImportProblem):
                    item.file = shown
                else:
                    item.file = shown
                    if item.origin == local.name:
                        item.origin = f"{path.name}/{name}"
                yield item
            local.unlink()
        if not seen:
            yield ImportProblem(str(path), "the .zip holds no .jsonl or .json file to import")


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Copy one member out, refusing to write more than `budget` bytes (a lying header)."""
    written = 0
    with archive.open(info) as src, open(target, "wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > budget:
                raise BadInput(f"more than {human_size(budget)} uncompressed")
            dst.write(chunk)
    return written
