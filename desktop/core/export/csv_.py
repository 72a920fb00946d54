"""CSV export: one row per label (a claim nobody labelled yet gets one row with empty
label columns, so no claim is lost). Cells are escaped against formula injection."""

from __future__ import annotations

import csv
from os import PathLike
from typing import Any

from desktop.core.export.atomic import atomic_file
from desktop.core.export.options import ExportCounts, ExportOptions
from desktop.core.export.reader import iter_articles
from desktop.core.store import Store

COLUMNS = (
    "article_id",
    "origin",
    "title",
    "source",
    "url",
    "claim_start",
    "claim_end",
    "claim_text",
    "annotator",
    "verdict",
    "note",
    "sources",
    "created_at",
    "updated_at",
    "final_verdict",
    "reviewer",
    "review_verdict",
    "review_note",
    "decided_at",
)
# A spreadsheet runs a cell starting with one of these as a formula (=1+1, @SUM, -2+3,
# a leading tab or CR in some importers): a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def source_text(src: dict[str, Any]) -> str:
    """One source as "stance: url" or "stance: article sha256[start:end]", plus its title."""
    where = src["url"] if "url" in src else f"article {src['article']}[{src['start']}:{src['end']}]"
    return f"{src['stance']}: {where}" + (f" ({src['title']})" if src.get("title") else "")


def _rows(art, claim) -> list[list[Any]]:
    m, review = art.meta, claim["review"] or {}
    head = [
        m["article_id"],
        m["origin"],
        m["title"],
        m["source"],
        m["url"],
        claim["start"],
        claim["end"],
        claim["text"],
    ]
    tail = [
        claim["verdict"],
        review.get("reviewer"),
        review.get("verdict"),
        review.get("note"),
        review.get("decided_at"),
    ]
    labels = claim["labels"] or [None]
    return [
        head
        + (
            [
                lb["annotator"],
                lb["verdict"],
                lb["note"],
                " | ".join(source_text(s) for s in lb["sources"]),
                lb["created_at"],
                lb["updated_at"],
            ]
            if lb
            else [None] * 6
        )
        + tail
        for lb in labels
    ]


def export_csv(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    counts = ExportCounts()
    with atomic_file(path) as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for art in iter_articles(store, options, counts):
            for claim in art.claims:
                out.writerows([safe_cell(v) for v in row] for row in _rows(art, claim))
    return counts
