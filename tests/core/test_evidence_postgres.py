"""The evidence index on a team's PostgreSQL database (its upsert and RETURNING paths)."""

from __future__ import annotations

import pytest

from desktop.core import queries
from desktop.core.importing import import_paths
from desktop.core.nlp.evidence import ensure_index, find_evidence, missing_from_index

CLAIM = "held a 90-minute phone conversation on Wednesday"


@pytest.mark.postgres
def test_index_and_query_on_postgresql(pg_store, seeds_dir):
    import_paths(pg_store, [seeds_dir])
    report = ensure_index(pg_store)
    assert report.indexed == 5 and missing_from_index(pg_store) == []
    cgtn = queries.find_article(pg_store, "003_c950c1c8c6039751.txt")
    text = queries.article_view(pg_store, cgtn, None).text
    start = text.index(CLAIM)
    matches = find_evidence(pg_store, cgtn, start, start + len(CLAIM))
    assert matches and all(m.article_id != cgtn for m in matches)
    assert any("an hour and a half" in m.text for m in matches)
    assert ensure_index(pg_store).indexed == 0  # computed once


@pytest.mark.postgres
def test_a_misspelt_name_widens_retrieval_on_postgresql(pg_store, seeds_dir):
    """The near-spelling lookup reads the name keys with LIKE 'p:%' (a range on ':' is
    not safe under PostgreSQL's collations)."""
    from desktop.core.nlp.evidence.index import idf_for, near_name_keys

    import_paths(pg_store, [seeds_dir])
    ensure_index(pg_store)
    with pg_store.session() as s:
        near = near_name_keys(s, {"p:hesgeth"}, idf_for(s, {"p:hesgeth"}))
    assert "p:hegseth" in near
    reuters = queries.find_article(pg_store, "004_d2aacb7d845186f1.txt")
    text = queries.article_view(pg_store, reuters, None).text
    claim = "Hesgeth said the bulk of future military support for Ukraine"
    start = text.index(claim)
    assert find_evidence(pg_store, reuters, start, start + len(claim))
