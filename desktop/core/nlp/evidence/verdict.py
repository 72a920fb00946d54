"""A suggested verdict from the evidence: only a proposal, the analyst decides.

The evidence says one of three things: other reports agree, one disagrees on a checked
fact, or nothing else reports it. Each maps to a verdict of the team's scheme
(core/verdicts.py) only when the scheme has that verdict; otherwise the proposal names no
verdict and offers nothing to apply. Its strength is never "strong": matching sentences
across outlets is weaker evidence than a person reading the sources (a quoted opinion
"agrees" with another outlet that merely reports the same call).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.core.nlp.evidence.finder import EvidenceMatch
from desktop.core.verdicts import verdict_names

# What the evidence found -> the default scheme's name for it.
FINDINGS = {"agree": "verified", "disagree": "conflicting", "alone": "unsupported"}


@dataclass(frozen=True)
class VerdictProposal:
    verdict: str | None  # a verdict of the scheme, or None when the scheme has no such verdict
    reasons: list[str] = field(default_factory=list)
    finding: str = "alone"  # agree | disagree | alone
    strength: str = "weak"  # weak | moderate: never as strong as a person's judgement


# A judgement rather than a checkable fact ("The conversation was very positive"): other
# outlets reporting it confirm that it was said, not that it is so.
_OPINION = re.compile(
    r"\b(very|positive|negative|good|bad|great|productive|constructive|excellent|terrible|"
    r"fruitful|useful|warm|friendly|tough|difficult|important|historic|believes?|thinks?|"
    r"hopes?|feels?|seems?)\b", re.IGNORECASE)


def is_opinion(claim_text: str | None) -> bool:
    return bool(claim_text and _OPINION.search(claim_text))


def _who(m: EvidenceMatch) -> str:
    return m.source or m.article_title


def _in_scheme(finding: str) -> str | None:
    name = FINDINGS[finding]
    return name if name in verdict_names() else None


def propose_verdict(matches: Sequence[EvidenceMatch],
                    claim_text: str | None = None) -> VerdictProposal:
    """agree: other reports say it without discrepancy; disagree: one differs on a checked
    fact; alone: no other article in the corpus reports it. With the claim's text, an
    opinion that others merely repeat stays a weak proposal and says so. Related reports
    (stance "context": they share names or event words, not the fact) count as nothing."""
    related = [m for m in matches if m.proposed_stance == "context"]
    matches = [m for m in matches if m.proposed_stance != "context"]
    if not matches and related:
        return VerdictProposal(_in_scheme("alone"),
                               ["no other article reports this fact; "
                                f"{len(related)} related report{'s' if len(related) != 1 else ''}"
                                " shown for context"])
    if not matches:
        return VerdictProposal(_in_scheme("alone"),
                               ["no other article in the database reports this "
                                "(absence here is not proof: the corpus is small)"])
    against = [m for m in matches if m.proposed_stance == "contradicts"]
    if against:
        reasons = [f"{_who(m)}: {d.message}" for m in against for d in m.discrepancies]
        agree = len(matches) - len(against)
        if agree:
            reasons.append(f"{agree} other matching report{'s agree' if agree != 1 else ' agrees'}")
        return VerdictProposal(_in_scheme("disagree"), reasons, "disagree", "moderate")
    outlets = sorted({_who(m) for m in matches})
    strength = "moderate" if len(outlets) >= 2 else "weak"
    reasons = [f"reported without discrepancy by {', '.join(outlets)}",
               "matching reports repeat the claim; they do not show it is true"]
    if is_opinion(claim_text):
        strength = "weak"
        reasons.insert(0, "an opinion: other reports show it was said, not that it is so")
    return VerdictProposal(_in_scheme("agree"), reasons, "agree", strength)
