"""ClaimReview export: a JSON array of schema.org ClaimReview objects, one per reviewed
claim (only reviews are published verdicts; labels are work in progress).

Verdicts map to ratings in VERDICT_RATINGS (1 worst .. 5 best, as fact-checkers' scales
go). A verdict added to the scheme without a row here gets its capitalised name as
alternateName and no ratingValue, which schema.org allows.

The file is JSON-LD meant to be pasted into a `<script type="application/ld+json">` tag:
`<`, `>` and `&` are written as \\u escapes (still the same JSON), so a claim or a note
containing `</script>` can't end the tag and run as page markup. Only http(s) URLs that
pass desktop.core.urls are written.
"""

from __future__ import annotations

import json
from os import PathLike
from typing import Any

from desktop.core.export.atomic import atomic_file
from desktop.core.export.options import ExportCounts, ExportOptions
from desktop.core.export.reader import ArticleExport, iter_articles
from desktop.core.store import Store
from desktop.core.urls import is_safe_url

BEST, WORST = 5, 1
VERDICT_RATINGS: dict[str, tuple[str, int]] = {
    "verified": ("True", 5),
    "conflicting": ("Mixed", 3),
    "unsupported": ("Unproven", 2),
    "refuted": ("False", 1),
}


def rating(verdict: str) -> dict[str, Any]:
    name, value = VERDICT_RATINGS.get(verdict, (verdict.capitalize(), None))
    out: dict[str, Any] = {"@type": "Rating", "alternateName": name}
    if value is not None:
        out["ratingValue"] = value
    out.update(bestRating=BEST, worstRating=WORST)
    return out


def claim_review(art: ArticleExport, claim: dict[str, Any]) -> dict[str, Any]:
    review, meta = claim["review"], art.meta
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": meta["title"]}
    if meta["url"] and is_safe_url(meta["url"]):
        appearance["url"] = meta["url"]
    if meta["published"]:
        appearance["datePublished"] = meta["published"]
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if meta["source"]:
        item["author"] = {"@type": "Organization", "name": meta["source"]}
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim["text"],
        "reviewRating": rating(review["verdict"]),
        "itemReviewed": item,
        "author": {"@type": "Person", "name": review["reviewer"]},
        "datePublished": review["decided_at"][:10],
    }
    if review["note"]:
        out["reviewBody"] = review["note"]
    return out


_HTML_SIGNIFICANT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(value: Any) -> str:
    """JSON that is safe inside an HTML <script> element (and still equal JSON)."""
    text = json.dumps(value, ensure_ascii=False).translate(_HTML_SIGNIFICANT)
    # U+2028/2029 end a line in JavaScript parsers older than ES2019
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def export_claimreview(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    # only reviewed claims can be published, whatever the options say
    options = ExportOptions(
        annotator=options.annotator if options else None,
        reviewed_only=True,
        chunk_size=options.chunk_size if options else 500,
    )
    counts = ExportCounts()
    with atomic_file(path) as f:
        f.write("[")
        sep = "\n"
        for art in iter_articles(store, options, counts):
            for claim in art.claims:
                f.write(sep + json_ld(claim_review(art, claim)))
                sep = ",\n"
        f.write("\n]\n")
    return counts
