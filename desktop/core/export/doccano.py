"""doccano export, in the shape doccano's sequence-labelling import takes.

- `-o FILE.jsonl`: one article a line, `{"text", "label": [[start, end, LABEL]], ...}`; a
  claim's label is its final verdict (the review, or the verdict its annotators agree on),
  else CLAIM, plus its tag when it has one. With --annotator, that annotator's verdicts.
- `-o FILE.zip`: like doccano's own download, one `NAME.jsonl` per annotator with their
  verdicts, and `all.jsonl` with the claims nobody labelled; importing the .zip back into
  Claimdesk gives every annotator's labels again.
Offsets count UTF-16 code units, as doccano's annotator (JavaScript) does: after an emoji they
differ from Python's, and spans written in code points would be highlighted off by one per
emoji (checked with doccano 1.8.4). Each claim's tag is a second span on the same characters:
create the doccano project with "Allow overlapping spans", or doccano drops it on import.
A doccano import always makes new examples owned by the importing user, so the per-annotator
.zip is for Claimdesk (or for one member's file at a time), the .jsonl for doccano.
"""

from __future__ import annotations

import json
import zipfile
from os import PathLike
from pathlib import Path
from typing import IO, Any

from desktop.core.export.atomic import atomic_file
from desktop.core.export.claim_tags import TagMap, with_tags
from desktop.core.export.options import ExportCounts, ExportError, ExportOptions
from desktop.core.export.reader import ArticleExport, iter_articles
from desktop.core.importers.offsets import has_astral, utf16_offsets
from desktop.core.review import CLAIM_LABEL
from desktop.core.store import Store

FIELDS = ("title", "source", "url", "published")
COLLABORATIVE = "all"  # doccano's name for the file of no one in particular


def _line(art: ArticleExport, spans: list[list[Any]]) -> str:
    obj: dict[str, Any] = {"text": art.text, "label": spans}
    obj.update((k, art.meta[k]) for k in FIELDS if art.meta.get(k) is not None)
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _units(art: ArticleExport) -> list[int] | None:
    """Code point -> UTF-16 offset for a text with emoji; None where they are the same."""
    return utf16_offsets(art.text) if has_astral(art.text) else None


def _span(c: dict[str, Any], label: str, units: list[int] | None) -> list[Any]:
    if units is None:
        return [c["start"], c["end"], label]
    return [units[c["start"]], units[c["end"]], label]


def _spans(art: ArticleExport, tags: TagMap) -> list[list[Any]]:
    """Each claim once with its final verdict (or its tag, or CLAIM), its tag beside it."""
    out: list[list[Any]] = []
    units = _units(art)
    for c in art.claims:
        verdict, tag = c["verdict"], tags.get((art.id, c["start"], c["end"]))
        out.append(_span(c, verdict or tag or CLAIM_LABEL, units))
        if verdict and tag:
            out.append(_span(c, tag, units))
    return out


def write_jsonl(f: IO[str], store: Store, options: ExportOptions, counts: ExportCounts) -> None:
    for art, tags in with_tags(store, iter_articles(store, options, counts)):
        f.write(_line(art, _spans(art, tags)))


def _safe_member(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "@._-" else "_" for ch in name).strip("._")
    return (cleaned or "annotator")[:100]


def write_zip(target: IO[bytes], store: Store, options: ExportOptions, counts: ExportCounts,
              tmp: Path) -> None:  # fmt: skip
    """Per-annotator files are written to temp files as the articles stream, then zipped."""
    files: dict[str, IO[str]] = {}
    members: dict[str, str] = {}  # annotator -> member name
    try:
        for art, tags in with_tags(store, iter_articles(store, options, counts)):
            by_name: dict[str, list[list[Any]]] = {}
            nobody: list[list[Any]] = []
            units = _units(art)
            for c in art.claims:
                tag = tags.get((art.id, c["start"], c["end"]))
                if not c["labels"]:
                    nobody.append(_span(c, tag or CLAIM_LABEL, units))
                for lb in c["labels"]:
                    spans = by_name.setdefault(lb["annotator"], [])
                    spans.append(_span(c, lb["verdict"] or tag or CLAIM_LABEL, units))
                    if lb["verdict"] and tag:
                        spans.append(_span(c, tag, units))
            for name, spans in [*by_name.items(), *([(None, nobody)] if nobody else [])]:
                key = name or ""
                if key not in files:
                    member = COLLABORATIVE if name is None else _safe_member(name)
                    while member in members.values() or (name and member == COLLABORATIVE):
                        member += "_"
                    members[key] = member
                    files[key] = open(tmp / f"{len(files)}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
                files[key].write(_line(art, spans))
    finally:
        for fh in files.values():
            fh.close()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n, key in enumerate(files):
            z.write(tmp / f"{n}.jsonl", arcname=f"{members[key]}.jsonl")


def export_doccano(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    import tempfile

    options = options or ExportOptions()
    counts = ExportCounts()
    if Path(path).suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(prefix="claimdesk-doccano-") as tmp, \
                atomic_file(path, binary=True) as f:  # fmt: skip
            write_zip(f, store, options, counts, Path(tmp))
        return counts
    if Path(path).suffix.lower() not in (".jsonl", ".json", ".ndjson", ""):
        raise ExportError("doccano exports are .jsonl (one file) or .zip (one file per annotator)")
    with atomic_file(path) as f:
        write_jsonl(f, store, options, counts)
    return counts
