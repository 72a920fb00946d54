"""HTML articles via trafilatura: main text plus title, author, date, site name, url.

Safety: the HTML is parsed offline by lxml inside trafilatura. Scripts are never run
(lxml does not execute anything) and nothing is fetched: we pass the markup, never a
URL, and no `url=` argument, so no download function is reached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.core.importers.decode import BadInput, decode_bytes, read_bytes
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.urlfield import derived_url
from desktop.core.records import ArticleRecord, ImportProblem

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def read(path: Path, max_bytes: int) -> Iterator[ArticleRecord | ImportProblem]:
    try:
        data = read_bytes(path, max_bytes)
        markup = decode_bytes(data, fallback_encoding=_declared_charset(data))
    except BadInput as e:
        yield ImportProblem(str(path), str(e))
        return
    if not markup.strip():
        yield ImportProblem(str(path), "file is empty")
        return
    try:
        doc = _extract(markup)
        if not doc.get("text") and "<body" not in markup.lower():
            doc = _extract(f"<html><body>{markup}</body></html>")  # a bare fragment
    except ImportError as e:  # our installation is broken, not the user's file: say so
        yield ImportProblem(str(path), missing_part(e))
        return
    except Exception as e:  # third-party parser on hostile input: report, don't crash
        yield ImportProblem(str(path), f"couldn't parse the HTML ({type(e).__name__})")
        return
    text = normalise_text(doc.get("text") or "")
    if not text.strip():
        yield ImportProblem(str(path), "no article text found in HTML")
        return
    yield ArticleRecord(
        text=text,
        origin=path.name,
        title=_field(doc, "title"),
        source=_field(doc, "sitename"),
        url=derived_url(_field(doc, "url")),
        author=_field(doc, "author"),
        published=_field(doc, "date"),
        meta={k: v for k in ("description", "language") if (v := _field(doc, k))},
    )


def missing_part(exc: ImportError) -> str:
    what = exc.name or " ".join(str(exc).split())
    return (
        f"Claimdesk can't read HTML on this installation: a package its HTML reader needs "
        f"is missing ({what}). This is a fault of the installation, not of the file: "
        "reinstall Claimdesk."
    )


def _extract(markup: str) -> dict[str, Any]:
    import trafilatura  # 150 ms to import: only when an HTML file is read

    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        fast=False,
    )
    if doc is None:
        return {}
    return doc if isinstance(doc, dict) else doc.as_dict()


def _field(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if not isinstance(value, str):
        return None
    value = normalise_text(" ".join(value.split()))
    return value or None


def _declared_charset(data: bytes) -> str | None:
    """The encoding the page declares (<meta charset>), used only if UTF-8 fails."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
