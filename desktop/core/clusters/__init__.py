"""Claim clusters: the same fact across the corpus, seen and labelled as one.

Public API (the Claims view, the CLI and the export use only these):
    update_clusters(store, ...)     link what is new (an import, a claim); rebuilds when needed
    update_beside_window(store, ...)  the same from the window's process (a rebuild is spawned)
    rebuild_clusters(store, ...)    cluster the whole corpus again (worker processes)
    list_clusters(store, annotator) -> list[ClusterView]
    cluster_view(store, cluster_id, annotator) -> ClusterView | None
    claim_cluster_keys(store, claim_ids) -> {claim id: cluster key}
    label_cluster / apply_proposal / split_member / merge_clusters   (edits.py; undoable)
"""

from desktop.core.clusters.build import ClusterReport, pending, update_beside_window
from desktop.core.clusters.build import rebuild as rebuild_clusters
from desktop.core.clusters.build import update as update_clusters
from desktop.core.clusters.views import (
    ClusterView,
    MemberView,
    Proposal,
    claim_cluster_keys,
    cluster_count,
    cluster_view,
    clusters_by_claim,
    list_clusters,
)

__all__ = [
    "ClusterReport",
    "ClusterView",
    "MemberView",
    "Proposal",
    "claim_cluster_keys",
    "cluster_count",
    "cluster_view",
    "clusters_by_claim",
    "list_clusters",
    "pending",
    "rebuild_clusters",
    "update_beside_window",
    "update_clusters",
]
