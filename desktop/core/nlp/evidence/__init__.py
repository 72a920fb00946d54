"""Cross-article evidence: find other reports of a claim's fact and what they disagree on.

Public API (the evidence panel and the CLI use only these):
    extract_features(doc) -> list[SentenceFeatures]
    store_features(session, article_id, features)
    ensure_index(store, article_ids=None, nlp=None, progress=None, cancel=None) -> IndexReport
    missing_from_index(store, article_ids=None) -> list[int]
    find_evidence(store, article_id, start, end, top=5) -> list[EvidenceMatch]
    propose_verdict(matches) -> VerdictProposal
"""

from desktop.core.nlp.evidence.discrepancy import Discrepancy
from desktop.core.nlp.evidence.features import FEATURES_VERSION, SentenceFeatures, extract_features
from desktop.core.nlp.evidence.finder import EvidenceError, EvidenceMatch, find_evidence
from desktop.core.nlp.evidence.index import (
    IndexReport,
    ensure_index,
    missing_from_index,
    store_features,
)
from desktop.core.nlp.evidence.verdict import VerdictProposal, propose_verdict

__all__ = [
    "FEATURES_VERSION",
    "Discrepancy",
    "EvidenceError",
    "EvidenceMatch",
    "IndexReport",
    "SentenceFeatures",
    "VerdictProposal",
    "ensure_index",
    "extract_features",
    "find_evidence",
    "missing_from_index",
    "propose_verdict",
    "store_features",
]
