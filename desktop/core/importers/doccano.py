"""doccano sequence-labelling exports: JSONL lines, and the .zip its download gives.

A line: `{"id", "text", "label": [[start, end, "LABEL"], ...], "Comments": [...]}`, or with
relations enabled `{"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}], "Comments": [...]}`.
The .zip holds one file per project member, named after them (`ana.jsonl`), or `all.jsonl`
when the project annotates collaboratively; every member's file lists every example, with
an empty `label` where that member labelled nothing. Verdict labels become labels by that
member (or by --annotator when the file names nobody); other labels are kept as the claim's
tag. Offsets count UTF-16 code units, as doccano's annotator (JavaScript) stores them: they
differ from Python's after an emoji, and are converted (checked with doccano 1.8.4).
"""

from __future__ import annotations

from typing import Any

from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import opt_str, short, type_name
from desktop.core.importers.span_labels import SpanCollector
from desktop.core.records import ArticleRecord

FORMAT = "doccano JSONL"
COLLABORATIVE = "all"  # the file name doccano gives a collaborative project's export
FIELDS = ("title", "url", "source", "author", "published")
RELATIONS = "relations not imported: Claimdesk links claims to sources, not to each other"
NOT_META = frozenset({"text", "label", "entities", "relations", "Comments", *FIELDS})


def is_doccano(obj: dict[str, Any]) -> bool:
    if any(k in obj for k in ("claims", "spans", "tokens", "data")):
        return False
    label, entities = obj.get("label"), obj.get("entities")
    if isinstance(entities, list) and "relations" in obj:
        return True
    if isinstance(label, list) and label and all(isinstance(i, list) for i in label):
        return True
    if isinstance(label, list) and not label and isinstance(obj.get("Comments"), list):
        return True  # a line of doccano's export that this member left unlabelled
    return isinstance(entities, list) and any(
        isinstance(e, dict) and "start_offset" in e for e in entities
    )


def line_record(obj: dict[str, Any], annotator: str | None) -> ArticleRecord:
    raw = obj.get("text")
    if raw is None:
        raise BadInput('missing "text"')
    spans = SpanCollector(raw, utf16=True)
    for n, item in enumerate(_list(obj.get("label")), 1):
        if not (isinstance(item, list) and len(item) >= 2):
            continue  # a document label (["POSITIVE"]): kept in meta below
        names = item[2:3] if len(item) >= 3 else []
        _span(spans, n, item[0], item[1], names, annotator)
    for n, item in enumerate(_list(obj.get("entities")), 1):
        if not isinstance(item, dict):
            raise BadInput(f"entity #{n} must be an object, not {type_name(item)}")
        _span(spans, n, item.get("start_offset"), item.get("end_offset"), [item.get("label")],
              annotator)  # fmt: skip
    relations = _list(obj.get("relations"))
    if relations:
        spans.notes.extend([RELATIONS] * len(relations))
    meta = {k: v for k, v in obj.items() if k not in NOT_META}
    label = obj.get("label")
    if isinstance(label, list) and label and not all(isinstance(i, list) for i in label):
        meta["label"] = label
    if obj.get("Comments"):
        meta["doccano_comments"] = obj["Comments"]
    fields = {k: opt_str(obj, k) for k in FIELDS}
    return spans.record(meta=meta, origin="", format=FORMAT, **fields)


def _span(spans: SpanCollector, n: int, start: Any, end: Any, names: list[Any], who) -> None:
    try:
        spans.span(start, end, names, who)
    except BadInput as e:
        raise BadInput(f"span #{n}: {e}") from None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(f"expected a list, got {short(value)}")
    return value


def member_annotator(member: str) -> str | None:
    """`ana.jsonl` in doccano's zip is Ana's work; `all.jsonl` is everyone's."""
    stem = member.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    return None if not stem or stem == COLLABORATIVE else stem[:200]
