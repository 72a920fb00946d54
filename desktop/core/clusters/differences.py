"""What each member of a cluster says differently from the others.

A member is compared with every other member from another article (the evidence finder's
discrepancy rules: figures, dates, names, roles, charges). A difference is named on the
member when it disagrees with at least half of the members it could be compared with on
that point: in "90-minute" / "an hour and a half" / "an hour and a half", only the odd one
is flagged; in a pair that disagrees, both are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.nlp.evidence.discrepancy import find_discrepancies
from desktop.core.nlp.evidence.features import SentenceFeatures


@dataclass(frozen=True)
class MemberDifference:
    kind: str  # number | date | name | role | charge
    message: str
    start: int  # the differing span in the member's article
    end: int
    text: str
    against: int  # how many other members it disagrees with

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "against": self.against,
        }


def member_differences(
    features: Sequence[SentenceFeatures],
    articles: Sequence[int],
    texts: Sequence[str | None] = (),
) -> list[list[MemberDifference]]:
    """Per member (same order as `features`), the differences it carries."""
    n = len(features)
    texts = list(texts) or [None] * n
    out: list[list[MemberDifference]] = []
    for i in range(n):
        hits: dict[tuple[str, int, int], list] = defaultdict(list)
        compared = 0
        for j in range(n):
            if i == j or articles[i] == articles[j]:
                continue
            compared += 1
            for d in find_discrepancies(
                features[i], features[j], claim_text=texts[i], match_text=texts[j]
            ):
                hits[(d.kind, d.claim_start, d.claim_end)].append(d)
        found = []
        for (kind, start, end), ds in hits.items():
            if compared and len(ds) * 2 >= compared:
                found.append(MemberDifference(kind, ds[0].message, start, end, ds[0].claim_text, len(ds)))
        out.append(sorted(found, key=lambda d: (d.start, d.kind)))
    return out
