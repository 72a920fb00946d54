"""Claim spans in JSONL: where they are found and how their offsets are checked.

Accepted shapes (the first present wins, in this order):
- Claimdesk export: `claims: [{start, end, ...}]` (see claims.py),
- Prodigy: `spans: [{start, end, label?, text?}]`,
- doccano: `label: [[start, end, label], ...]` or `entities: [[start, end, label]]` or
  `entities: [{start_offset, end_offset, label}]`.
Span labels are not verdicts here: every span becomes an unlabelled claim.
"""

from __future__ import annotations

from typing import Any

from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import offset, short
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.offsets import offset_map


class Placer:
    """Checks raw offsets against the raw text and maps them into the normalised text."""

    def __init__(self, raw: str, text: str) -> None:
        self.raw = raw
        self.text = text
        self._same = raw == text
        self._map: list[int] | None = None

    def place(self, start: Any, end: Any, quoted: Any = None) -> tuple[int, int]:
        s, e = offset(start), offset(end)
        n = len(self.raw)
        if s < 0 or e > n:
            raise BadInput(f"span {s}-{e} is outside the text (length {n})")
        if s >= e:
            raise BadInput(f"span {s}-{e} is empty or reversed (start must be before end)")
        s2, e2 = self._mapped(s), self._mapped(e)
        if s2 < 0 or e2 < 0:
            raise BadInput(
                f"span {s}-{e} splits a character that normalisation joins "
                "(\\r\\n or a letter and its accent)"
            )
        if isinstance(quoted, str) and normalise_text(quoted) != self.text[s2:e2]:
            raise BadInput(
                f"span {s}-{e} says {short(quoted)} but the text there is {short(self.text[s2:e2])}"
            )
        return s2, e2

    def _mapped(self, i: int) -> int:
        if self._same:
            return i
        if self._map is None:
            try:
                _, self._map = offset_map(self.raw)
            except ValueError as e:
                raise BadInput(str(e)) from None
        return self._map[i]


def find_spans(obj: dict[str, Any], placer: Placer) -> tuple[str | None, list[tuple[int, int]]]:
    """(key used, spans as (start, end) in the normalised text); duplicates dropped."""
    for key in ("spans", "entities", "label"):
        items = obj.get(key)
        if not isinstance(items, list) or not items:
            continue
        if key == "label" and not all(isinstance(i, list | tuple) for i in items):
            continue  # doccano document labels (["POSITIVE"]): not spans; kept in meta
        out: dict[tuple[int, int], None] = {}
        for n, item in enumerate(items, 1):
            out.setdefault(_one(item, n, placer), None)
        return key, list(out)
    return None, []


def _one(item: Any, n: int, placer: Placer) -> tuple[int, int]:
    if isinstance(item, dict):
        if "start" in item or "end" in item:
            return placer.place(item.get("start"), item.get("end"), item.get("text"))
        if "start_offset" in item or "end_offset" in item:
            return placer.place(item.get("start_offset"), item.get("end_offset"))
    elif isinstance(item, list | tuple) and len(item) >= 2:
        return placer.place(item[0], item[1])
    raise BadInput(f"span #{n} is not {{start, end}} or [start, end, label]: {short(item)}")
