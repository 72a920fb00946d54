"""Labelled spans from other tools (Label Studio, doccano) -> claims, labels, tags.

A span label that names a verdict of the team's scheme (core/verdicts.py, compared
case-insensitively) becomes that annotator's label on the claim; any other label (e.g.
"CLAIM", "EVENT") makes the claim and is kept as its tag. Offsets point into the raw text
and are mapped through normalisation (spans.Placer), so they stay on the same characters.

Offsets count code points (Python, Label Studio 1.23's Text tag) or, with `utf16=True`, UTF-16
code units (JavaScript's String.length, as doccano's annotator stores them): the two differ
after a character outside the BMP, such as most emoji. A span that quotes its text (Label
Studio's `value.text`) and only matches it when read as UTF-16 units (older Label Studio) is
read that way, and the summary says so.
"""

from __future__ import annotations

from typing import Any

from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import offset
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.offsets import from_utf16, has_astral
from desktop.core.importers.spans import Placer
from desktop.core.records import ArticleRecord, ClaimRecord, LabelRecord, SuggestionRecord
from desktop.core.verdicts import verdict_names

GENERIC = "claim"
UTF16_READ = ("offsets that count UTF-16 code units (JavaScript) were read as such: their quoted "
              "text only matches that way")  # fmt: skip


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

    def __init__(self, raw: str, *, utf16: bool = False) -> None:
        if not isinstance(raw, str):
            raise BadInput("the text must be a string")
        self.raw = raw
        self.astral = has_astral(raw)
        self.utf16 = utf16 and self.astral
        self._units: dict[int, int] | None = None
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
        s, e = self._place(start, end, quoted)
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
        s, e = self._place(start, end, None)
        value = float(score) if isinstance(score, int | float) and not isinstance(score, bool) else 1.0
        names = ", ".join(str(n) for n in labels if isinstance(n, str)) or "a span"
        self.suggestions.append(
            SuggestionRecord(start=s, end=e, score=min(max(value, 0.0), 1.0), model=model,
                             reasons=[f"{model} predicted {names}"])
        )  # fmt: skip

    def _place(self, start: Any, end: Any, quoted: Any) -> tuple[int, int]:
        if self.utf16:
            return self.placer.place(*self._code_points(start, end), quoted)
        try:
            return self.placer.place(start, end, quoted)
        except BadInput as first:
            if not (self.astral and isinstance(quoted, str)):
                raise
            try:  # written by a tool that counts like JavaScript: accept it if the quote agrees
                placed = self.placer.place(*self._code_points(start, end), quoted)
            except BadInput:
                raise first from None
            self.notes.append(UTF16_READ)
            return placed

    def _code_points(self, start: Any, end: Any) -> tuple[int, int]:
        """UTF-16 offsets -> code point offsets; one inside a surrogate pair is an error."""
        s, e = offset(start), offset(end)
        if self._units is None:
            self._units = from_utf16(self.raw)
        cs, ce = self._units.get(s), self._units.get(e)
        if cs is None or ce is None:
            top = max(self._units)
            if s < 0 or e > top:
                raise BadInput(f"span {s}-{e} is outside the text (length {top} in UTF-16 units)")
            raise BadInput(f"span {s}-{e} splits a character outside the BMP (an emoji) in two "
                           "(offsets counted in UTF-16 code units)")  # fmt: skip
        return cs, ce

    def record(self, **fields: Any) -> ArticleRecord:
        return ArticleRecord(
            text=self.text,
            claims=list(self.claims.values()),
            suggestions=self.suggestions,
            notes=self.notes,
            **fields,
        )
