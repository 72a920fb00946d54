"""Label Studio export: a tasks JSON that Label Studio imports as it is, and the labelling
config (XML) that matches it, written beside it (`tasks.json` -> `tasks.label_config.xml`).

One task per article: `data` holds the text and its meta; `annotations` one per annotator,
`completed_by` naming them, each claim a `labels` region whose labels are the annotator's
verdict (or CLAIM while they gather sources) plus the claim's tag; claims nobody labelled
go in one annotation without `completed_by` (Label Studio gives it to whoever imports) so
no claim is lost; with --with-suggestions, the article's latest suggestions are
`predictions`.

Checked against Label Studio 1.23.2: it resolves `completed_by` by e-mail among its users and
refuses the file on an unknown one, so an annotator whose name is not an e-mail is written
as `NAME@claimdesk.invalid` (create those users, or start it with
ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS=true to give their work to the importing user).
Offsets are Python string indices (code points): Label Studio's Text tag counts the same
way, emoji included.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from desktop.core.export.atomic import atomic_file
from desktop.core.export.claim_tags import TagMap, with_tags
from desktop.core.export.options import ExportCounts, ExportOptions
from desktop.core.export.reader import ArticleExport, iter_articles
from desktop.core.importers.labelstudio import no_email_address
from desktop.core.review import CLAIM_LABEL
from desktop.core.store import Store
from desktop.core.verdicts import verdicts

FROM_NAME, TO_NAME = "label", "text"


def config_path(tasks: str | PathLike[str]) -> Path:
    p = Path(tasks)
    return p.with_name(p.stem + ".label_config.xml")


def _region(n: str, c: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {
        "id": n,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "origin": "manual",
        "value": {"start": c["start"], "end": c["end"], "text": c["text"], "labels": names},
    }


def _user(name: str) -> dict[str, Any]:
    """Label Studio finds the user by e-mail (an id would have to be one of its own)."""
    if "@" in name and " " not in name.strip():
        return {"email": name.strip(), "first_name": "", "last_name": ""}
    return {"email": no_email_address(name), "first_name": name[:30], "last_name": ""}


def task(art: ArticleExport, tags: TagMap, seen: set[str]) -> dict:
    by_annotator: dict[str, list[dict]] = {}
    times: dict[str, tuple[str, str]] = {}
    unlabelled: list[dict] = []
    for k, c in enumerate(art.claims):
        tag = tags.get((art.id, c["start"], c["end"]))
        extra = [tag] if tag else []
        seen.update(extra)
        if not c["labels"]:
            unlabelled.append(_region(f"c{k}", c, extra or [CLAIM_LABEL]))
        for lb in c["labels"]:
            name = lb["annotator"]
            names = [lb["verdict"] or CLAIM_LABEL, *extra]
            by_annotator.setdefault(name, []).append(_region(f"c{k}", c, names))
            first, last = times.get(name, (lb["created_at"], lb["updated_at"]))
            times[name] = (min(first, lb["created_at"]), max(last, lb["updated_at"]))
    annotations = []
    for name, result in by_annotator.items():
        created, updated = times[name]
        annotations.append({"completed_by": _user(name), "result": result,
                            "was_cancelled": False, "ground_truth": False,
                            "created_at": created, "updated_at": updated})  # fmt: skip
    if unlabelled:
        annotations.append({"result": unlabelled, "was_cancelled": False,
                            "ground_truth": False})  # fmt: skip
    data = {"text": art.text, **{k: v for k, v in art.meta.items() if k != "article_id"}}
    out: dict[str, Any] = {"id": art.id, "data": data, "annotations": annotations}
    if art.suggestions:
        result = [
            {**_region(f"s{k}", {**sg, "text": art.text[sg["start"] : sg["end"]]},
                       [CLAIM_LABEL]), "score": sg["score"]}
            for k, sg in enumerate(art.suggestions)
        ]  # fmt: skip
        score = sum(sg["score"] for sg in art.suggestions) / len(art.suggestions)
        out["predictions"] = [{"model_version": "claimdesk", "score": score, "result": result}]
    return out


def label_config(extra: set[str]) -> str:
    """The <View> that shows the text and offers every label the tasks use."""
    labels = [(v.name, v.color) for v in verdicts()] + [(CLAIM_LABEL, "#6c7a89")]
    labels += [(t, "#8a8f98") for t in sorted(extra) if t.lower() not in {n for n, _ in labels}]
    items = "\n".join(
        f"    <Label value={quoteattr(name)} background={quoteattr(color)}/>" for name, color in labels
    )
    return (
        "<View>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}" choice="multiple">\n'
        f"{items}\n"
        "  </Labels>\n"
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
        "</View>\n"
    )


def write(f: IO[str], store: Store, options: ExportOptions, counts: ExportCounts) -> set[str]:
    seen: set[str] = set()
    f.write("[")
    first = True
    for art, tags in with_tags(store, iter_articles(store, options, counts)):
        f.write("\n" if first else ",\n")
        first = False
        f.write(json.dumps(task(art, tags, seen), ensure_ascii=False))
    f.write("\n]\n")
    return seen


def export_label_studio(
    store: Store, path: str | PathLike[str], options: ExportOptions | None = None
) -> ExportCounts:
    options = options or ExportOptions()
    counts = ExportCounts()
    with atomic_file(path) as f:
        seen = write(f, store, options, counts)
    with atomic_file(config_path(path)) as f:
        f.write(label_config(seen))
    return counts
