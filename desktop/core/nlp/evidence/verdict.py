"""A suggested verdict from the evidence: only a proposal, the analyst decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.nlp.evidence.finder import EvidenceMatch


@dataclass(frozen=True)
class VerdictProposal:
    verdict: str  # verified | conflicting | unsupported
    reasons: list[str] = field(default_factory=list)


def _who(m: EvidenceMatch) -> str:
    return m.source or m.article_title


def propose_verdict(matches: Sequence[EvidenceMatch]) -> VerdictProposal:
    """verified: other reports agree; conflicting: one disagrees on a checked fact;
    unsupported: no other article in the corpus reports it."""
    if not matches:
        return VerdictProposal("unsupported", ["no other article in the database reports this"])
    against = [m for m in matches if m.proposed_stance == "contradicts"]
    if against:
        reasons = [f"{_who(m)}: {d.message}" for m in against for d in m.discrepancies]
        agree = len(matches) - len(against)
        if agree:
            reasons.append(f"{agree} other matching report{'s agree' if agree != 1 else ' agrees'}")
        return VerdictProposal("conflicting", reasons)
    outlets = sorted({_who(m) for m in matches})
    return VerdictProposal("verified", [f"reported without discrepancy by {', '.join(outlets)}"])
