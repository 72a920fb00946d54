"""Labelled spans from other tools (Label Studio, doccano) -> claims, labels, tags.

A span label that names a verdict of the team's scheme (core/verdicts.py, compared
case-insensitively) becomes that annotator's label on the claim; any other label (e.g.
"CLAIM", "EVENT") makes the claim and is kept as its tag. Offsets point into the raw text
and are mapped through normalisation (spans.Placer), so they stay on the same characters.
"""

from __future__ import annotations

from typing import Any

from desktop.core.importers.decode import BadInput
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.spans import Placer
from desktop.core.records import ArticleRecord, ClaimRecord, LabelRecord, SuggestionRecord
from desktop.core.verdicts import verdict_names

GENERIC = "claim"


def split_labels(
    names: list[Any], scheme: tuple[str, ...] | frozenset[str] | None = None
) -> tuple[str | None, str | None]:
    """(verdict, tag): the first name that is a verdict, and the other names joined by '+'."""
    scheme = verdict_names() if scheme is None else scheme
    verdict, others = None, []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            continue
        low = name.strip().lower()
        if low == GENERIC:
            continue  # "a claim", nothing more: what Claimdesk writes for a claim with no verdict
        if verdict is None and low in scheme:
            verdict = low
        else:
            others.append(name.strip())
    return verdict, ("+".join(others)[:200] or None)


class SpanCollector:
    """Gathers one text's spans from every annotator into claims with labels."""

    def __init__(self, raw: str) -> None:
        if not isinstance(raw, str):
            raise BadInput("the text must be a string")
        self.raw = raw
        self.text = normalise_text(raw)
        if not self.text.strip():
            raise BadInput("text is empty")
        self.placer = Placer(raw, self.text)
        self.claims: dict[tuple[int, int], ClaimRecord] = {}
        self.suggestions: list[SuggestionRecord] = []
        self.notes: list[str] = []
        self.scheme = frozenset(verdict_names())  # read once per record, not per span

    def span(
        self,
        start: Any,
        end: Any,
        labels: list[Any],
        annotator: str | None,
        *,
        quoted: Any = None,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> None:
        s, e = self.placer.place(start, end, quoted)
        verdict, tag = split_labels(labels, self.scheme)
        claim = self.claims.get((s, e))
        if claim is None:
            claim = self.claims[s, e] = ClaimRecord(start=s, end=e)
        claim.tag = claim.tag or tag
        if verdict is None:
            return
        for lr in claim.labels:
            if lr.annotator == annotator:
                if lr.verdict != verdict:
                    who = repr(annotator) if annotator else "an unnamed annotator"
                    self.notes.append(
                        f"claim {s}-{e} has two verdicts by {who}; the first was kept"
                    )
                return
        claim.labels.append(
            LabelRecord(annotator=annotator, verdict=verdict, created_at=created_at,
                        updated_at=updated_at)
        )  # fmt: skip

    def prediction(self, start: Any, end: Any, labels: list[Any], score: Any, model: str) -> None:
        s, e = self.placer.place(start, end)
        value = float(score) if isinstance(score, int | float) and not isinstance(score, bool) else 1.0
        names = ", ".join(str(n) for n in labels if isinstance(n, str)) or "a span"
        self.suggestions.append(
            SuggestionRecord(start=s, end=e, score=min(max(value, 0.0), 1.0), model=model,
                             reasons=[f"{model} predicted {names}"])
        )  # fmt: skip

    def record(self, **fields: Any) -> ArticleRecord:
        return ArticleRecord(
            text=self.text,
            claims=list(self.claims.values()),
            suggestions=self.suggestions,
            notes=self.notes,
            **fields,
        )
