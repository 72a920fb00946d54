"""The use-cases the UI and the CLI call. One import for callers; the work lives in the
modules named here (importing, labelling, queries, suggesting, export, review).
`Desk` (core/desk.py) is the facade over all of them for the window and for scripts."""

from __future__ import annotations

from desktop.core.agreement import agreement_report
from desktop.core.annotators import default_annotator_name
from desktop.core.demo import demo_corpus_path
from desktop.core.desk import Desk
from desktop.core.errors import DeskError
from desktop.core.export import FORMATS as EXPORT_FORMATS
from desktop.core.export import export
from desktop.core.export.options import ExportCounts, ExportError, ExportOptions
from desktop.core.export.target import ExportTargetError, check_export_target
from desktop.core.importing import ImportReport, import_paths
from desktop.core.labelling import (
    Change,
    LabelError,
    accept_suggestion,
    add_source,
    check_url,
    create_claim,
    delete_claim,
    redo,
    reject_suggestion,
    remove_source,
    resize_claim,
    set_note,
    set_verdict,
    stacks,
    undo,
    update_source,
)
from desktop.core.queries import (
    DEFAULT_THRESHOLD,
    ArticleRow,
    ArticleView,
    ClaimView,
    LabelView,
    SourceView,
    SuggestionView,
    annotator_names,
    article_view,
    count_articles,
    counts,
    find_article,
    list_articles,
    outlets,
)
from desktop.core.review import clear_review, review_queue, set_review, take_verdict
from desktop.core.store import Store, StoreError, default_db_path, open_store

__all__ = [
    "DEFAULT_THRESHOLD",
    "Desk",
    "DeskError",
    "EXPORT_FORMATS",
    "ExportCounts",
    "ExportError",
    "ExportOptions",
    "ExportTargetError",
    "check_export_target",
    "agreement_report",
    "clear_review",
    "export",
    "review_queue",
    "set_review",
    "take_verdict",
    "ArticleRow",
    "ArticleView",
    "Change",
    "ClaimView",
    "ImportReport",
    "LabelError",
    "LabelView",
    "SourceView",
    "Store",
    "StoreError",
    "SuggestionView",
    "accept_suggestion",
    "add_source",
    "annotator_names",
    "article_view",
    "check_url",
    "count_articles",
    "counts",
    "create_claim",
    "default_annotator_name",
    "default_db_path",
    "delete_claim",
    "demo_corpus_path",
    "find_article",
    "import_paths",
    "list_articles",
    "open_store",
    "outlets",
    "redo",
    "reject_suggestion",
    "remove_source",
    "resize_claim",
    "set_note",
    "set_verdict",
    "stacks",
    "undo",
    "update_source",
]
