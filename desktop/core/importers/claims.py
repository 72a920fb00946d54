"""The `claims` list of a Claimdesk JSONL export: claims, labels, sources, reviews."""

from __future__ import annotations

import re
from typing import Any

from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import offset, opt_str, short, type_name
from desktop.core.importers.spans import Placer
from desktop.core.records import ClaimRecord, LabelRecord, ReviewRecord, SourceRecord
from desktop.core.urls import UnsafeURL, safe_url
from desktop.core.verdicts import check_stance, check_verdict, verdict_names

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_CLUSTER_KEY = re.compile(r"[0-9A-Za-z_\-]{1,40}")


def parse_claims(items: Any, placer: Placer) -> list[ClaimRecord]:
    if not isinstance(items, list):
        raise BadInput(f"claims must be a list, not {type_name(items)}")
    claims: dict[tuple[int, int], ClaimRecord] = {}
    scheme = frozenset(verdict_names())  # read once per record, not once per label
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise BadInput(f"claim #{n} must be an object, not {type_name(item)}")
        start, end = placer.place(item.get("start"), item.get("end"), item.get("text"))
        where = f"claim {start}-{end}"
        if (start, end) in claims:
            raise BadInput(f"{where} appears twice")
        if item.get("verdict") is not None:  # derived on export; still must be known
            _verdict(item, where)
        claims[start, end] = ClaimRecord(
            start=start,
            end=end,
            labels=_labels(item.get("labels"), where, scheme),
            review=_review(item.get("review"), where),
            cluster=_cluster_key(item.get("cluster"), where),
        )
    return list(claims.values())


def _cluster_key(value: Any, where: str) -> str | None:
    """The claim's cluster key (issue 14): kept, so a teammate's split or merge survives."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"{where}: cluster must be a string or null, not {type_name(value)}")
    if not _CLUSTER_KEY.fullmatch(value):
        raise BadInput(f"{where}: cluster {short(value)} is not a cluster key (1-40 letters, "
                       "digits, '-' or '_')")
    return value


def stated_clusters(sha256: str, claims: list[ClaimRecord]) -> list[tuple[str, int, int, str]]:
    """(article sha256, start, end, cluster key) of the claims a file puts in a cluster."""
    return [(sha256, c.start, c.end, c.cluster) for c in claims if c.cluster]


def _labels(items: Any, where: str, scheme: frozenset[str] = frozenset()) -> list[LabelRecord]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadInput(f"{where}: labels must be a list, not {type_name(items)}")
    labels: list[LabelRecord] = []
    names: list[str] = []
    # A labelled import has two labels a claim: absent fields skip opt_str, a verdict of
    # the scheme skips _verdict, and the "label by" place is written only for a message.
    for item in items:
        if not isinstance(item, dict):
            raise BadInput(f"{where}: a label must be an object, not {type_name(item)}")
        annotator = (opt_str(item, "annotator") or "").strip()
        if not annotator:
            raise BadInput(f"{where}: label without annotator")
        if annotator in names:
            raise BadInput(f"{where}: two labels by {annotator!r}")
        names.append(annotator)
        verdict = item.get("verdict")
        if verdict is not None and (type(verdict) is not str or verdict not in scheme):
            verdict = _verdict(item, _label_at(where, annotator), optional=True, scheme=scheme)
        sources = item.get("sources")
        labels.append(
            LabelRecord(
                annotator,
                verdict,
                None if item.get("note") is None else opt_str(item, "note"),
                None if item.get("created_at") is None else opt_str(item, "created_at"),
                None if item.get("updated_at") is None else opt_str(item, "updated_at"),
                [] if sources is None else [
                    _source(s, _label_at(where, annotator))
                    for s in _list(sources, _label_at(where, annotator), "sources")
                ],
            )
        )
    return labels


def _label_at(where: str, annotator: str) -> str:
    return f"{where}, label by {annotator!r}"


def _review(item: Any, where: str) -> ReviewRecord | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        raise BadInput(f"{where}: review must be an object or null, not {type_name(item)}")
    reviewer = (opt_str(item, "reviewer") or "").strip()
    if not reviewer:
        raise BadInput(f"{where}: review without reviewer")
    return ReviewRecord(
        reviewer=reviewer,
        verdict=_verdict(item, f"{where}, review"),
        note=opt_str(item, "note"),
        decided_at=opt_str(item, "decided_at"),
    )


def _source(item: Any, where: str) -> SourceRecord:
    if not isinstance(item, dict):
        raise BadInput(f"{where}: a source must be an object, not {type_name(item)}")
    stance = opt_str(item, "stance")
    try:
        stance = check_stance(stance) if stance is not None else "supports"
    except ValueError as e:
        raise BadInput(f"{where}: {e}") from None
    record = SourceRecord(stance=stance, title=opt_str(item, "title"), note=opt_str(item, "note"))
    url, article = opt_str(item, "url"), opt_str(item, "article")
    if (url is None) == (article is None):
        raise BadInput(f"{where}: a source needs either a url or an article (not both)")
    if url is not None:
        try:
            record.url = safe_url(url)
        except UnsafeURL as exc:
            raise BadInput(f"{where}: source url refused: {exc}") from None
        return record
    # A span of another article, by its sha256: offsets are checked when that is known.
    start, end = offset(item.get("start")), offset(item.get("end"))
    if start < 0 or start >= end:
        raise BadInput(f"{where}: source span {start}-{end} is empty or negative")
    if not _SHA256.fullmatch(article or ""):
        raise BadInput(f"{where}: source article {short(article)} is not a sha256 (64 hex digits)")
    quoted = item.get("text")
    record.article_sha256 = article.lower()
    record.start, record.end = start, end
    record.text = quoted if isinstance(quoted, str) else None
    return record


def _verdict(
    item: dict[str, Any], where: str, *, optional: bool = False, scheme: frozenset[str] = frozenset()
) -> str | None:
    value = item.get("verdict")
    if value is None and optional:  # a label still gathering sources, or no final verdict yet
        return None
    if not isinstance(value, str):  # before the set lookup: a list there is a TypeError
        raise BadInput(f"{where}: verdict must be a string, not {type_name(value)}")
    if value in scheme:  # the common case: a known verdict, written as the scheme writes it
        return value
    try:
        return check_verdict(value)
    except ValueError as e:
        raise BadInput(f"{where}: {e}") from None


def _list(value: Any, where: str, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(f"{where}: {key} must be a list, not {type_name(value)}")
    return value
