"""Which clusters a reviewer sees first, and which are not worth a row at all.

A cluster is worth reviewing first when it holds a claim or a suggestion (someone, or the
suggester, judged a member check-worthy), then when more outlets report it. A cluster of
fragments only ("US President Donald Trump.", "the American leader continued.", a
repeated headline) is left out unless an analyst made one of its members a claim: the
evidence index links such passages, but there is nothing in them to label.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import and_, exists, func
from sqlmodel import Session, select

from desktop.core.clusters.tables import ClusterMember
from desktop.core.models import Article, Suggestion
from desktop.core.nlp.boilerplate import boilerplate_kind
from desktop.core.nlp.features import MIN_WORDS
from desktop.core.queries import DEFAULT_THRESHOLD

_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"\d")


def is_fragment(text: str) -> bool:
    """The suggester's cheap judgement without a parse: page furniture, or fewer than
    MIN_WORDS words and no figure in them (a figure is what a short claim turns on)."""
    text = " ".join(text.split())
    if not text or boilerplate_kind(text) is not None:
        return True
    return len(_WORD.findall(text)) < MIN_WORDS and not _FIGURE.search(text)


def suggested_column():
    """SQL: does a suggestion the analyst sees (at the default threshold; rows down to the
    stored floor are kept for a lower setting) overlap this member's span."""
    return exists().where(
        and_(
            Suggestion.article_id == ClusterMember.article_id,
            Suggestion.start < ClusterMember.end,
            Suggestion.end > ClusterMember.start,
            Suggestion.score >= DEFAULT_THRESHOLD,
        )
    )


def review_order(s: Session) -> list[int]:
    """Cluster ids for review: with a claim or a suggestion first, then by outlets, then
    by members; fragment-only clusters without a claim left out. One query over members
    (their span's text cut in SQL, not whole articles)."""
    rows = s.exec(
        select(
            ClusterMember.cluster_id,
            ClusterMember.claim_id,
            func.coalesce(Article.source, Article.origin),
            func.substr(Article.text, ClusterMember.start + 1, ClusterMember.end - ClusterMember.start),
            suggested_column(),
        ).join(Article, Article.id == ClusterMember.article_id)
    ).all()
    outlets: dict[int, set[str]] = defaultdict(set)
    size: dict[int, int] = defaultdict(int)
    picked: set[int] = set()  # has a claim or a suggestion
    worth: set[int] = set()  # has a claim or a member that is no fragment
    for cid, claim_id, outlet, text, suggested in rows:
        outlets[cid].add(outlet)
        size[cid] += 1
        if claim_id is not None or suggested:
            picked.add(cid)
            worth.add(cid)
        elif cid not in worth and not is_fragment(text or ""):
            worth.add(cid)
    return sorted(worth, key=lambda c: (c not in picked, -len(outlets[c]), -size[c], c))
