"""Label Studio exports: tasks (JSON, or one task a line) and JSON_MIN records.

A task: `{"id", "data": {"text", ...}, "annotations": [{"completed_by", "result": [{"type":
"labels", "value": {"start", "end", "text", "labels": [...]}}], "was_cancelled", ...}],
"predictions": [{"model_version", "score", "result": [...]}]}`.
A JSON_MIN record: the task's data flattened (`text`, ...), one key per labelling control
holding `[{"start", "end", "text", "labels"}]`, and `annotator`, `annotation_id`,
`created_at`, `updated_at`, `lead_time`; one record per annotation, so a task annotated
twice is two records with the same text, merged on import.
Span labels that are verdicts become labels by the annotation's author; other labels are
kept as the claim's tag; predictions become suggestions; what can't be imported is said.

What Label Studio 1.23.2 really writes (checked against the running tool): its Export button
(`/api/projects/N/export`) gives `completed_by` and JSON_MIN's `annotator` as bare user ids
and `predictions` as a list of ids; an export snapshot with full serialisation gives the user
object (`{"id", "email", "first_name", "last_name"}`), JSON_MIN the e-mail, and predictions
in full. Ids are kept as "label-studio user N" and the summary says what they lost.
Claimdesk's own export names an annotator without an e-mail `NAME@claimdesk.invalid`
(Label Studio needs an e-mail); that reads back as NAME.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import opt_str, type_name
from desktop.core.importers.span_labels import SpanCollector
from desktop.core.records import ArticleRecord

FORMAT_TASKS = "Label Studio tasks"
FORMAT_MIN = "Label Studio JSON_MIN"
SPAN_TYPES = frozenset({"labels", "hypertextlabels", "paragraphlabels"})
MIN_KEYS = frozenset({"annotator", "annotation_id", "created_at", "updated_at", "lead_time",
                      "agreement", "id", "text"})  # fmt: skip
TEXT_KEYS = ("text", "body", "content", "article")
FIELDS = ("title", "url", "source", "author", "published")
CANCELLED = "cancelled (skipped) annotations not imported: they hold no decision"
RELATIONS = "relations not imported: Claimdesk links claims to sources, not to each other"
PREDICTION_IDS = ("predictions exported as ids only (Label Studio's Export button): not imported; "
                  "an export snapshot with full predictions brings them as suggestions")
USER_IDS = ('annotations name their author by Label Studio user id only, kept as "label-studio '
            'user N"; an export snapshot with full annotators gives their e-mails')
NO_EMAIL_DOMAIN = "@claimdesk.invalid"  # what Claimdesk's export gives a name without an e-mail


def is_task(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("data"), dict)


def is_min(obj: dict[str, Any]) -> bool:
    if "annotation_id" in obj or "annotator" in obj:
        return True
    return isinstance(obj.get("text"), str) and any(_span_list(v) for v in obj.values())


def _span_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "start" in v and "end" in v for v in value)
    )


def annotator_name(value: Any) -> str | None:
    """completed_by / annotator: an e-mail or name as written, a user id as "label-studio
    user N", a user object by its e-mail or name."""
    if isinstance(value, dict):
        name = " ".join(
            str(value[k]).strip() for k in ("first_name", "last_name") if value.get(k)
        ).strip()
        value = value.get("email") or name or value.get("id")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return f"label-studio user {value}"
    if isinstance(value, str) and value.strip():
        value = value.strip()
        if value.lower().endswith(NO_EMAIL_DOMAIN) and len(value) > len(NO_EMAIL_DOMAIN):
            value = unquote(value[: -len(NO_EMAIL_DOMAIN)]).strip() or value
        return value[:200]
    return None


def no_email_address(name: str) -> str:
    """The stand-in e-mail Claimdesk's export gives a name Label Studio can't take as one."""
    local = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else
                    "".join(f"%{b:02X}" for b in ch.encode()) for ch in name)  # fmt: skip
    return local + NO_EMAIL_DOMAIN


def _text(data: dict[str, Any]) -> tuple[str, str]:
    for key in TEXT_KEYS:
        if isinstance(data.get(key), str):
            return key, data[key]
    strings = [(k, v) for k, v in data.items() if isinstance(v, str)]
    if not strings:
        raise BadInput('task data has no text (expected "data": {"text": ...})')
    return max(strings, key=lambda kv: len(kv[1]))


def _fields(source: dict[str, Any]) -> dict[str, str | None]:
    return {k: opt_str(source, k) for k in FIELDS}


def task_record(obj: dict[str, Any]) -> ArticleRecord:
    data = obj["data"]
    key, raw = _text(data)
    spans = SpanCollector(raw)
    skipped: dict[str, int] = {}
    for ann in _list(obj.get("annotations"), "annotations"):
        if not isinstance(ann, dict):
            raise BadInput(f"an annotation must be an object, not {type_name(ann)}")
        if ann.get("was_cancelled"):
            skipped[CANCELLED] = skipped.get(CANCELLED, 0) + 1
            continue
        who = annotator_name(ann.get("completed_by"))
        if isinstance(ann.get("completed_by"), int) and not isinstance(ann["completed_by"], bool):
            skipped[USER_IDS] = skipped.get(USER_IDS, 0) + 1
        times = {"created_at": opt_str(ann, "created_at"), "updated_at": opt_str(ann, "updated_at")}
        for item in _list(ann.get("result"), "result"):
            _result(spans, item, who, times, skipped)
    for pred in _list(obj.get("predictions"), "predictions"):
        if isinstance(pred, int) and not isinstance(pred, bool):
            skipped[PREDICTION_IDS] = skipped.get(PREDICTION_IDS, 0) + 1
            continue
        if not isinstance(pred, dict):
            raise BadInput(f"a prediction must be an object, not {type_name(pred)}")
        model = f"Label Studio: {opt_str(pred, 'model_version') or 'predictions'}"
        for item in _list(pred.get("result"), "result"):
            if isinstance(item, dict) and item.get("type") in SPAN_TYPES:
                value = _value(item)
                score = item.get("score", pred.get("score"))
                spans.prediction(value.get("start"), value.get("end"), _names(value), score, model)
    _say_skipped(spans, skipped)
    meta = {k: v for k, v in data.items() if k != key and k not in FIELDS}
    if obj.get("id") is not None:
        meta["label_studio_id"] = obj["id"]
    if isinstance(obj.get("meta"), dict) and obj["meta"]:
        meta["label_studio_meta"] = obj["meta"]
    return spans.record(meta=meta, origin="", format=FORMAT_TASKS, **_fields(data))


def min_record(obj: dict[str, Any]) -> ArticleRecord:
    key, raw = _text(obj)
    spans = SpanCollector(raw)
    who = annotator_name(obj.get("annotator"))
    if isinstance(obj.get("annotator"), int) and not isinstance(obj["annotator"], bool):
        spans.notes.append(USER_IDS)
    times = {"created_at": opt_str(obj, "created_at"), "updated_at": opt_str(obj, "updated_at")}
    meta: dict[str, Any] = {}
    for k, v in obj.items():
        if k == key or k in FIELDS:
            continue
        if _span_list(v):
            for item in v:
                labels = item.get("labels") or item.get("hypertextlabels") or []
                spans.span(item.get("start"), item.get("end"), _as_list(labels), who,
                           quoted=item.get("text"), **times)  # fmt: skip
        elif k == "id":
            meta["label_studio_id"] = v
        elif k not in MIN_KEYS:
            meta[k] = v  # other data fields and document-level choices: kept as meta
    return spans.record(meta=meta, origin="", format=FORMAT_MIN, **_fields(obj))


def _result(spans: SpanCollector, item: Any, who, times, skipped: dict[str, int]) -> None:
    if not isinstance(item, dict):
        raise BadInput(f"an annotation result must be an object, not {type_name(item)}")
    kind = item.get("type")
    if kind in SPAN_TYPES:
        value = _value(item)
        spans.span(value.get("start"), value.get("end"), _names(value), who,
                   quoted=value.get("text"), **times)  # fmt: skip
    elif kind == "relation":
        skipped[RELATIONS] = skipped.get(RELATIONS, 0) + 1
    else:
        reason = f"{kind or 'untyped'} results not imported: Claimdesk imports labelled text spans"
        skipped[reason] = skipped.get(reason, 0) + 1


def _value(item: dict[str, Any]) -> dict[str, Any]:
    value = item.get("value")
    if not isinstance(value, dict):
        raise BadInput(f"a {item.get('type')} result has no value object")
    return value


def _names(value: dict[str, Any]) -> list[Any]:
    for key in ("labels", "hypertextlabels", "paragraphlabels"):
        if key in value:
            return _as_list(value[key])
    return []


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _list(value: Any, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(f"{key} must be a list, not {type_name(value)}")
    return value


def _say_skipped(spans: SpanCollector, skipped: dict[str, int]) -> None:
    for reason, n in skipped.items():  # one note per item: the summary counts them
        spans.notes.extend([reason] * n)
