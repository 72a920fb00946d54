"""Exports: one module per output format, all streaming from export.reader.

    export(store, "jsonl", path, ExportOptions(...)) -> ExportCounts

Every format is written atomically (a temp file, then a rename): a failed export leaves
no partial file. Failures to write raise ExportError with a message for the user; a
target that must never be written (the database itself, another SQLite file, a folder,
a device) raises its subclass ExportTargetError before anything is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike

from desktop.core.export.options import ExportCounts, ExportError, ExportOptions
from desktop.core.export.target import ExportTargetError, check_export_target
from desktop.core.store import Store

FORMATS = ("jsonl", "spacy", "csv", "claimreview", "label-studio", "doccano")
WITH_SUGGESTIONS = ("jsonl", "label-studio")  # formats that can carry suggestions

Exporter = Callable[[Store, "str | PathLike[str]", ExportOptions], ExportCounts]


def _exporter(fmt: str) -> Exporter:
    # imported on demand: the spaCy-based formats need not load for a CSV
    if fmt == "jsonl":
        from desktop.core.export.jsonl import export_jsonl as fn
    elif fmt == "spacy":
        from desktop.core.export.spacy_docbin import export_docbin as fn
    elif fmt == "csv":
        from desktop.core.export.csv_ import export_csv as fn
    elif fmt == "claimreview":
        from desktop.core.export.claimreview import export_claimreview as fn
    elif fmt == "label-studio":
        from desktop.core.export.label_studio import export_label_studio as fn
    elif fmt == "doccano":
        from desktop.core.export.doccano import export_doccano as fn
    else:
        raise ExportError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return fn


def export(
    store: Store, fmt: str, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    if fmt != "jsonl" and options.per_claim:
        raise ExportError("--per-claim applies to the jsonl format only")
    if fmt not in WITH_SUGGESTIONS and options.with_suggestions:
        raise ExportError("--with-suggestions applies to the jsonl and label-studio formats only")
    exporter = _exporter(fmt)
    return exporter(store, check_export_target(store, path), options)


__all__ = [
    "FORMATS",
    "ExportCounts",
    "ExportError",
    "ExportOptions",
    "ExportTargetError",
    "check_export_target",
    "export",
]
