"""One facade over the core for the window, the command line and a user's script.

    desk = Desk.open("team.db", "ana")
    desk.import_paths(["seeds/"])
    claim = desk.claim(1, 0, 42).claim_id
    desk.label(claim, "verified", note="Two outlets agree.")
    desk.export("jsonl", "out.jsonl")

It holds the store and who is working, so callers stop threading `store, annotator`
through every call. It delegates to the core modules (labelling, review, importing,
export, suggesting, learning, evidence) without re-implementing them. Every mutating
call returns a `Changes`; every refusal is a `DeskError` with a sentence for people.
Suggestions run in this process unless `workers=` asks for worker processes, so a plain
script never spawns processes it did not ask for.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.core import changes as ch
from desktop.core import labelling, queries, review
from desktop.core.changes import Changes
from desktop.core.errors import (
    BadExportTarget,
    DeskError,
    ExportFailed,
    InvalidInput,
    NlpUnavailable,
    NotFound,
    StorageError,
)
from desktop.core.export.options import ExportCounts, ExportError, ExportOptions
from desktop.core.export.target import ExportTargetError
from desktop.core.importing import DEFAULT_MAX_BYTES, ImportReport
from desktop.core.store import Store, StoreError, open_store
from desktop.core.verdicts import verdict_names

if TYPE_CHECKING:  # clusters imports spaCy: only the methods that use it load it
    from desktop.core.clusters import ClusterView
    from desktop.core.suggestion_report import SuggestionQuality

T = TypeVar("T")
Progress = Callable[[int, int], None]

UNDO_WORDS = {
    "create_claim": "create claim", "accept_suggestion": "accept suggestion",
    "reject_suggestion": "reject suggestion", "delete_claim": "delete claim",
    "resize_claim": "resize claim", "set_verdict": "set verdict", "set_note": "edit note",
    "add_source": "add source", "update_source": "change source", "remove_source": "remove source",
}


def _for_people(fn: Callable[..., T]) -> Callable[..., T]:
    """The core modules' own errors, as one family with the cause kept."""

    @functools.wraps(fn)
    def run(*args: Any, **kw: Any) -> T:
        try:
            return fn(*args, **kw)
        except DeskError:
            raise
        except StoreError as exc:
            raise StorageError(str(exc)) from exc
        except ExportTargetError as exc:
            raise BadExportTarget(str(exc)) from exc
        except ExportError as exc:
            raise ExportFailed(str(exc)) from exc
        except labelling.LabelError as exc:
            gone = "no longer exists" in str(exc) or "does not exist" in str(exc)
            raise (NotFound if gone else InvalidInput)(str(exc)) from exc
        except (ValueError, LookupError) as exc:  # verdict/stance/name checks, evidence
            raise InvalidInput(str(exc) or type(exc).__name__) from exc

    return run


@dataclass(frozen=True)
class Evidence:
    matches: list  # EvidenceMatch, best first
    proposal: Any  # VerdictProposal: verdict (None when the scheme lacks it), strength, reasons


@dataclass(frozen=True)
class UndoState:
    undo: str | None  # "set verdict": what Undo would undo, None when nothing
    redo: str | None


class Desk:
    def __init__(self, store: Store, annotator: str | None) -> None:
        # None reads as nobody in particular (the command line without --annotator: no
        # one's verdicts in the listings); labelling then refuses: "annotator name is empty"
        self.store, self.annotator = store, annotator

    @classmethod
    @_for_people
    def open(cls, db: str | None = None, annotator: str | None = None) -> Desk:
        from desktop.core.annotators import default_annotator_name

        return cls(open_store(db), annotator or default_annotator_name())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- reading ------------------------------------------------------------------------------
    @_for_people
    def find(self, ref: str | int) -> int:
        """An article id from its id or the file name it was imported from."""
        found = queries.find_article(self.store, ref)
        if found is None:
            raise NotFound(f"no article {ref!r} (give its number or the file it came from)")
        return found

    @_for_people
    def article(self, ref: str | int, threshold: float | None = None) -> queries.ArticleView:
        view = queries.article_view(self.store, self.find(ref), self.annotator,
                                    **({} if threshold is None else {"threshold": threshold}))
        if view is None:
            raise NotFound(f"article {ref!r} no longer exists")
        return view

    @_for_people
    def articles(self, **filters: Any) -> list[queries.ArticleRow]:
        return queries.list_articles(self.store, annotator=self.annotator, **filters)

    @_for_people
    def info(self) -> dict[str, Any]:
        """Where the database is, its schema revision, and how many of each thing it holds."""
        return {"database": self.store.location,
                "backend": "sqlite" if self.store.is_sqlite else "postgresql",
                "schema_revision": self.store.revision(), "schema_head": Store.head(),
                **queries.counts(self.store)}

    @_for_people
    def undo_state(self) -> UndoState:
        undo, redo = labelling.stacks(self.store, self.annotator)
        word = lambda ev: UNDO_WORDS.get(ev.action, ev.action.replace("_", " "))  # noqa: E731
        return UndoState(word(undo[-1]) if undo else None, word(redo[-1]) if redo else None)

    # -- claims and labels ------------------------------------------------------------------------
    def _label(self, fn: Callable[..., labelling.Change], *args: Any, **kw: Any) -> Changes:
        return ch.from_label(fn(self.store, self.annotator, *args, **kw))

    @_for_people
    def claim(self, article: str | int, start: int, end: int) -> Changes:
        """Make [start, end) of the article a claim (the same span again changes nothing)."""
        return self._label(labelling.create_claim, self.find(article), start, end)

    @_for_people
    def accept(self, article: str | int, start: int, end: int,
               reasons: list[str] | None = None) -> Changes:
        return self._label(labelling.accept_suggestion, self.find(article), start, end, reasons)

    @_for_people
    def reject(self, article: str | int, start: int, end: int,
               reasons: list[str] | None = None) -> Changes:
        return self._label(labelling.reject_suggestion, self.find(article), start, end, reasons)

    @_for_people
    def delete_claim(self, claim_id: int) -> Changes:
        return self._label(labelling.delete_claim, claim_id)

    @_for_people
    def resize(self, claim_id: int, start: int, end: int) -> Changes:
        return self._label(labelling.resize_claim, claim_id, start, end)

    @_for_people
    def label(self, claim_id: int, verdict: str | None, *, note: str | None = None) -> Changes:
        """Set (None: clear) my verdict on a claim, and my note when one is given."""
        if verdict is not None and verdict.strip().lower() not in verdict_names():
            raise InvalidInput(f"{verdict!r} is not a verdict here; use one of: "
                               f"{', '.join(verdict_names())}")
        done = self._label(labelling.set_verdict, claim_id, verdict)
        return done if note is None else self.note(claim_id, note)

    @_for_people
    def note(self, claim_id: int, text: str | None) -> Changes:
        return self._label(labelling.set_note, claim_id, text)

    @_for_people
    def add_source(self, claim_id: int, *, stance: str, url: str | None = None,
                   article: str | int | None = None, start: int | None = None,
                   end: int | None = None, title: str | None = None,
                   note: str | None = None) -> Changes:
        """A web address, or the passage [start, end) of another article, as a source."""
        if article is not None:
            return self._label(labelling.add_source, claim_id, article_id=self.find(article),
                               start=start, end=end, stance=stance, note=note)
        return self._label(labelling.add_source, claim_id, url=url, stance=stance, title=title,
                           note=note)

    @_for_people
    def update_source(self, source_id: int, **fields: Any) -> Changes:
        return self._label(labelling.update_source, source_id, **fields)

    @_for_people
    def remove_source(self, source_id: int) -> Changes:
        return self._label(labelling.remove_source, source_id)

    @_for_people
    def undo(self) -> Changes:
        """Undo my last action (kept in the event log, so across restarts)."""
        change = labelling.undo(self.store, self.annotator)
        return Changes(action="undo", undo=True) if change is None else ch.from_undo(change)

    @_for_people
    def redo(self) -> Changes:
        change = labelling.redo(self.store, self.annotator)
        return Changes(action="redo", undo=True) if change is None else ch.from_undo(change)

    # -- review -------------------------------------------------------------------------------------
    @_for_people
    def review(self, claim_id: int, verdict: str, note: str | None = None) -> Changes:
        """My final verdict on a claim teammates labelled."""
        return ch.from_label(review.set_review(self.store, self.annotator, claim_id, verdict, note),
                             review=True)

    @_for_people
    def take(self, claim_id: int, annotator: str, note: str | None = None) -> Changes:
        """Make a teammate's verdict the final one."""
        return ch.from_label(review.take_verdict(self.store, self.annotator, claim_id, annotator,
                                                 note), review=True)

    @_for_people
    def clear_review(self, claim_id: int) -> Changes:
        return ch.from_label(review.clear_review(self.store, self.annotator, claim_id), review=True)

    @_for_people
    def review_queue(self, *, pending_only: bool = False) -> list[review.ReviewItem]:
        return review.review_queue(self.store, pending_only=pending_only)

    @_for_people
    def agreement(self):
        from desktop.core.agreement import agreement_report

        return agreement_report(self.store)

    # -- import, export -----------------------------------------------------------------------------
    @_for_people
    def import_paths(self, paths: Iterable[str | Path], *,
                     max_bytes: int = DEFAULT_MAX_BYTES, label_owner: str | None = None,
                     progress: Callable[[int, str], None] | None = None,
                     cancel: threading.Event | None = None) -> Changes:
        """Files and folders in; the ImportReport is `changes.extra["report"]`. Bad inputs
        are in the report (file[:line]: reason), never raised. `label_owner` gets the
        verdicts of files that name nobody (doccano, Prodigy); None keeps them as tags."""
        from desktop.core.importing import import_paths

        report: ImportReport = import_paths(self.store, paths, max_bytes=max_bytes,
                                            annotator=label_owner, progress=progress,
                                            cancel=cancel)
        labelled = bool(report.claims_added or report.labels_added or report.reviews_added)
        done = ch.imported(report.added, labelled, import_summary(report),
                           report.claims_added + report.rejections_added)
        done.extra["report"] = report
        return done

    @_for_people
    def export(self, fmt: str, path: str | Path, **options: Any) -> ExportCounts:
        """Write labelled data (jsonl, spacy, csv, claimreview, ...); options as ExportOptions."""
        from desktop.core.export import export

        return export(self.store, fmt, path, ExportOptions(**options))

    # -- suggestions, learning, evidence ----------------------------------------------------------------
    @_for_people
    def suggest(self, article_ids: list[int] | None = None, *, workers: int = 0,
                model: str | None = None, nice: bool = True,
                progress: Progress | None = None,
                cancel: threading.Event | None = None) -> Changes:
        """Compute claim suggestions (all articles lacking them when ids is None). In this
        process unless workers > 0 asks for that many worker processes (at a lower priority
        unless `nice` is False); `model` names a spaCy pipeline other than the default."""
        from desktop.core.suggesting import compute_suggestions

        try:
            report = compute_suggestions(self.store, article_ids, n_process=max(1, workers),
                                         model=model, in_process=workers <= 0, nice=nice,
                                         progress=progress, cancel=cancel)
        except (ImportError, OSError) as exc:
            raise NlpUnavailable(f"suggestions need spaCy and its model: {exc}") from exc
        n = report.done
        done = ch.suggested(report.per_article, f"Suggested claims for {n} article"
                            f"{'' if n == 1 else 's'}." if n else "Suggestions are up to date.")
        done.extra["report"] = report
        return done

    @_for_people
    def worker_plan(self, article_ids: list[int] | None = None) -> int:
        """Worker processes worth starting for the articles still lacking suggestions
        (1: stay in this process)."""
        from desktop.core.suggest_plan import worker_count

        try:
            return worker_count(self.store, article_ids)
        except (ImportError, OSError) as exc:
            raise NlpUnavailable(f"suggestions need spaCy and its model: {exc}") from exc

    @_for_people
    def suggestion_count(self, article_ids: list[int] | None = None,
                         threshold: float | None = None) -> tuple[int, int]:
        """(suggestions shown at `threshold`, articles) from each article's newest run."""
        from desktop.core.suggesting import shown_count

        return shown_count(self.store, article_ids, _threshold(threshold))

    @_for_people
    def suggestion_quality(self, threshold: float | None = None) -> SuggestionQuality:
        """How well the suggestions match the team's labelled claims (SuggestionQuality)."""
        from desktop.core.suggestion_report import suggestion_quality

        return suggestion_quality(self.store, _threshold(threshold))

    @_for_people
    def learn(self) -> Changes:
        """Retrain the team's suggestion model from its decisions (see core/learning.py)."""
        from desktop.core.learning import learn

        report = learn(self.store)
        done = Changes(action="learn", model=report.replaced, summary=report.message)
        done.extra["report"] = report
        return done

    @_for_people
    def unlabelled(self) -> list[int]:
        """Articles nobody has made a claim in yet (after `learn`, they follow the new model)."""
        from desktop.core.learning import unlabelled_articles

        return unlabelled_articles(self.store)

    @_for_people
    def unindexed(self) -> list[int]:
        """Articles evidence search and clusters have not parsed yet (imported since)."""
        from desktop.core.nlp.evidence import missing_from_index

        try:
            return missing_from_index(self.store)
        except (ImportError, OSError) as exc:
            raise NlpUnavailable(f"evidence needs spaCy and its model: {exc}") from exc

    @_for_people
    def index(self, article_ids: list[int] | None = None, *,
              progress: Progress | None = None) -> Changes:
        """Parse articles for evidence search and clusters (those missing when ids is None)."""
        from desktop.core.nlp.evidence import ensure_index

        try:
            report = ensure_index(self.store, article_ids, progress=progress)
        except (ImportError, OSError) as exc:
            raise NlpUnavailable(f"evidence needs spaCy and its model: {exc}") from exc
        done = Changes(action="index")  # nothing a view shows: search just gets faster
        done.extra["report"] = report
        return done

    @_for_people
    def evidence(self, article: str | int, start: int, end: int, top: int = 5) -> Evidence:
        """Other articles reporting the fact in [start, end), and a proposed verdict."""
        from desktop.core.nlp.evidence import (
            ensure_index,
            find_evidence,
            missing_from_index,
            propose_verdict,
        )

        try:
            missing = missing_from_index(self.store)
            if missing:  # articles imported since the last parse: index them first
                ensure_index(self.store, missing)
            matches = find_evidence(self.store, self.find(article), start, end, top)
        except (ImportError, OSError) as exc:
            raise NlpUnavailable(f"evidence needs spaCy and its model: {exc}") from exc
        text = self.article(article).text[start:end]
        return Evidence(matches, propose_verdict(matches, text))

    # -- clusters -------------------------------------------------------------------------------------
    @_for_people
    def cluster(self, *, rebuild: bool = False, progress: Progress | None = None) -> Changes:
        """Link what is new into claim clusters, or (`rebuild`) cluster the whole corpus again;
        the ClusterReport is `changes.extra["report"]`. Parse articles with `index` first."""
        from desktop.core import clusters  # spaCy: only when clusters are wanted

        run = clusters.rebuild_clusters if rebuild else clusters.update_clusters
        done = Changes(action="cluster", clusters=True)
        done.extra["report"] = run(self.store, progress=progress)
        return done

    @_for_people
    def clusters(self) -> list[ClusterView]:
        """Every cluster (ClusterView) with its members, largest first; the verdicts shown
        are this desk's annotator's."""
        from desktop.core.clusters import list_clusters

        return list_clusters(self.store, self.annotator)


def import_summary(report: ImportReport) -> str:
    n = len(report.added)
    parts = [f"Imported {n} article{'s' if n != 1 else ''}"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already present")
    if report.problems:
        parts.append(f"{len(report.problems)} failed")
    if report.cancelled:
        parts.append("cancelled before the end")
    return ", ".join(parts) + "."


def _threshold(value: float | None) -> float:
    return queries.DEFAULT_THRESHOLD if value is None else value
