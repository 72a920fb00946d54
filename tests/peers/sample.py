"""A small labelled corpus that exercises what other tools get wrong: an emoji before and
inside claims (characters outside the BMP), accented and Greek letters, two annotators who
disagree, a tag that is not a verdict, a claim nobody labelled, and model predictions.

It is written as Claimdesk JSONL (claims + labels) plus a Label Studio tasks file holding
the predictions, and imported into a fresh Claimdesk database."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.importing import import_paths
from desktop.core.store import Store

EMOJI = "The port reopened on Monday 🚢, officials said. Fourteen ships 🚢🚢 were waiting outside."
ACCENTS = "Zürich's mayor said 300 people left Łódź. Η δήλωση «ήταν λάθος», the ministry replied."
INSIDE = "Prices rose 👍🏽 by 4% in May, the agency said. Nobody disputed it."
PLAIN = "No one was hurt, the mayor said."


def _at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def claims() -> list[dict]:
    """One Claimdesk JSONL record per text; offsets are Python (code point) indices."""
    out = []
    s1, e1 = _at(EMOJI, "Fourteen ships 🚢🚢 were waiting outside.")
    s0, e0 = _at(EMOJI, "The port reopened on Monday 🚢, officials said.")
    out.append({"text": EMOJI, "title": "Port reopens", "claims": [
        {"start": s0, "end": e0, "labels": [{"annotator": "ana", "verdict": "verified"},
                                            {"annotator": "bo", "verdict": "conflicting"}]},
        {"start": s1, "end": e1, "labels": [{"annotator": "ana", "verdict": "unsupported"}]},
    ]})  # fmt: skip
    a0, b0 = _at(ACCENTS, "Zürich's mayor said 300 people left Łódź.")
    a1, b1 = _at(ACCENTS, "Η δήλωση «ήταν λάθος»")
    out.append({"text": ACCENTS, "title": "Mayor's figure", "claims": [
        {"start": a0, "end": b0, "labels": [{"annotator": "bo", "verdict": "verified"}]},
        {"start": a1, "end": b1, "labels": []},
    ]})  # fmt: skip
    c0, d0 = _at(INSIDE, "Prices rose 👍🏽 by 4% in May")
    out.append({"text": INSIDE, "title": "Prices", "claims": [
        {"start": c0, "end": d0, "labels": [{"annotator": "ana", "verdict": "verified"},
                                            {"annotator": "bo", "verdict": "verified"}]},
    ]})  # fmt: skip
    out.append({"text": PLAIN, "title": "Calm", "claims": []})
    return out


def predictions() -> list[dict]:
    """Label Studio tasks carrying a model's predictions and a tag (EVENT) for one claim."""
    s, e = _at(EMOJI, "Fourteen ships 🚢🚢 were waiting outside.")
    p, q = _at(PLAIN, "No one was hurt")
    region = {"from_name": "label", "to_name": "text", "type": "labels"}
    return [
        {"data": {"text": EMOJI}, "annotations": [
            {"completed_by": {"email": "ana@example.org"}, "result": [
                {**region, "id": "t1", "value": {"start": s, "end": e, "labels": ["EVENT"]}}]}],
         "predictions": [{"model_version": "claims-v2", "score": 0.7, "result": [
             {**region, "id": "p1", "value": {"start": s, "end": e, "labels": ["CLAIM"]},
              "score": 0.7}]}]},
        {"data": {"text": PLAIN}, "predictions": [{"model_version": "claims-v2", "result": [
            {**region, "id": "p2", "value": {"start": p, "end": q, "labels": ["CLAIM"]},
             "score": 0.4}]}]},
    ]  # fmt: skip


def load(store: Store, folder: Path) -> None:
    """Import the sample into `store` (files are written to `folder`)."""
    mine = folder / "sample_claims.jsonl"
    mine.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in claims()),
                    encoding="utf-8")  # fmt: skip
    preds = folder / "sample_predictions.json"
    preds.write_text(json.dumps(predictions(), ensure_ascii=False), encoding="utf-8")
    report = import_paths(store, [mine, preds])
    if report.problems:
        raise RuntimeError("; ".join(str(p) for p in report.problems))
