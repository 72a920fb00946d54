"""One function per CLI command: one Desk call or a few, printed for a person or as JSON."""

from __future__ import annotations

import argparse
import sys

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_json
from desktop.core.desk import Desk
from desktop.core.errors import BadExportTarget, DeskError, ExportFailed, InvalidInput, NotFound
from desktop.core.store import StoreError, open_store


def open_desk(db: str | None, annotator: str | None) -> Desk:
    # annotator None (no --annotator, no $CLAIMDESK_ANNOTATOR): read as nobody in particular,
    # as the command line always has; the window names the login user instead
    return Desk(open_store(db), annotator)


def exit_code(exc: DeskError | StoreError) -> int:
    """For a refusal no handler words itself: asking for what isn't there, or for something
    impossible, is a usage error; the rest (storage, spaCy, a failed write) failed."""
    return EXIT_USAGE if isinstance(exc, (NotFound, InvalidInput, BadExportTarget)) else EXIT_FAILED


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _progress_printer(label: str):
    """A one-line progress counter on a terminal; silent when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, current: str, total: int | None = None) -> None:
        of = f"/{total}" if total else ""
        sys.stderr.write(f"\r{label} {done}{of}  {current[-50:]:<50}")
        sys.stderr.flush()

    return show


def cmd_import(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    if args.max_mb <= 0:
        _err("claimdesk import: --max-mb must be positive")
        return EXIT_USAGE
    desk = open_desk(db, annotator)
    show = _progress_printer("importing")
    # --annotator owns the verdict labels of files that name nobody (doccano, Prodigy)
    report = desk.import_paths(args.paths, max_bytes=int(args.max_mb * 1_000_000),
                               label_owner=annotator,
                               progress=(lambda n, name: show(n, name)) if show else None
                               ).extra["report"]
    if show:
        sys.stderr.write("\n")
    for problem in report.problems:
        _err(str(problem))
    if args.json:
        print_json({"added": report.added, "duplicates": report.duplicates,
                    "problems": [str(p) for p in report.problems],
                    "claims_added": report.claims_added, "labels_added": report.labels_added,
                    "reviews_added": report.reviews_added,
                    "suggestions_added": report.suggestions_added,
                    "rejections_added": report.rejections_added, "merged": report.merged,
                    "clusters_kept": report.clusters_kept,
                    "files": {name: f.as_dict() for name, f in report.files.items()}})
    else:
        for dup in report.duplicates:
            print(dup)
        for kept in report.clusters_kept:  # a teammate's cluster not applied over ours
            print(kept)
        if len(report.files) > 1 or any(f.format or f.notes for f in report.files.values()):
            for name, summary in report.files.items():  # per file: format, counts, what was left
                print(f"{name}: {summary.describe()}")
        parts = [f"imported {len(report.added)} article{'s' if len(report.added) != 1 else ''}"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} already there")
        if report.labels_added or report.claims_added:
            parts.append(f"{report.claims_added} claims, {report.labels_added} labels, "
                         f"{report.reviews_added} reviews merged")
        if report.rejections_added:
            parts.append(f"{report.rejections_added} rejected spans to learn from")
        if report.problems:
            parts.append(f"{len(report.problems)} failed")
        print(", ".join(parts))
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_articles(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    rows = open_desk(db, annotator).articles()
    if args.json:
        print_json([{"id": r.id, "title": r.title, "source": r.source, "origin": r.origin,
                     "words": r.words, "claims": r.claims} for r in rows])
        return EXIT_OK
    if not rows:
        print("no articles yet: claimdesk import PATH...")
    for r in rows:
        print(f"{r.id:>6}  {(r.source or '-')[:18]:<18}  {r.words:>6} words  {r.claims:>4} claims  {r.title[:70]}")
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    desk = open_desk(db, annotator)
    threshold = args.threshold  # None: the default (queries.DEFAULT_THRESHOLD)
    if (threshold is not None and not 0 <= threshold <= 1) or (
        args.processes is not None and args.processes < 1
    ):
        _err("claimdesk suggest: --threshold must be within 0..1 and --processes at least 1")
        return EXIT_USAGE
    if args.report:
        quality = desk.suggestion_quality(threshold)
        if args.json:
            print_json(quality.as_dict())
        else:
            _print_quality(quality)
        return EXIT_OK
    ids, missing = _resolve_articles(desk, args.articles)
    for ref in missing:
        _err(f"{ref}: no such article (give its id or the file name it was imported from)")
    if missing and not ids:
        return EXIT_FAILED
    show = _progress_printer("suggesting")
    processes = args.processes or desk.worker_plan(ids or None)
    report = desk.suggest(ids or None, workers=processes if processes > 1 else 0,
                          model=args.model, nice=False,
                          progress=(lambda n, total: show(n, "", total)) if show else None
                          ).extra["report"]
    if show:
        sys.stderr.write("\n")
    if report.degraded_message:
        _err(report.degraded_message)
    if not args.json:
        total, articles = desk.suggestion_count(ids or None, threshold)
        print(f"{total} suggestions in {articles} articles ({report.done} computed now, "
              f"{articles - report.done} from cache; model {report.model})")
        return EXIT_FAILED if missing else EXIT_OK
    target = ids or [r.id for r in desk.articles()]
    views = [desk.article(i, threshold) for i in target]
    print_json({"model": report.model, "computed": report.done, "cached": len(target) - report.done,
                "articles": [{"id": v.id, "title": v.title, "origin": v.origin,
                              "suggestions": [{"start": g.start, "end": g.end, "score": g.score,
                                               "text": v.text[g.start:g.end], "reasons": g.reasons}
                                              for g in v.suggestions]} for v in views]})
    return EXIT_FAILED if missing else EXIT_OK


def _resolve_articles(desk: Desk, refs: list[str]) -> tuple[list[int], list[str]]:
    ids, missing = [], []
    for ref in refs:
        try:
            ids.append(desk.find(ref))
        except NotFound:
            missing.append(ref)
    return ids, missing


def _print_quality(q) -> None:
    def pct(v):
        return "-" if v is None else f"{v:.0%}"

    print(f"{q.articles} articles with labelled claims: {q.claims} claims, {q.suggestions} suggestions")
    print(f"precision {pct(q.precision)}  recall {pct(q.recall)}  "
          f"(accepted {q.accepted}, rejected {q.rejected})")
    for kind, stats in sorted(q.per_reason.items(), key=lambda kv: -kv[1].suggested):
        print(f"  {kind:<16} {stats.suggested:>5} suggested  precision {pct(stats.precision)}")


def cmd_info(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    info = open_desk(db, annotator).info()
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<16} {value}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    # --annotator here filters labels; the CLAIMDESK_ANNOTATOR default must not
    options = dict(annotator=getattr(args, "annotator", None), per_claim=args.per_claim,
                   reviewed_only=args.reviewed_only, with_suggestions=args.with_suggestions)
    if args.threshold is not None:
        options["suggestion_threshold"] = args.threshold
    if args.processes is not None:  # the JSONL export's workers (export/jsonl_workers.py)
        options["processes"] = args.processes
    if (args.format != "jsonl" and args.per_claim) or (
        args.format not in ("jsonl", "label-studio") and args.with_suggestions
    ):
        _err("claimdesk export: --per-claim applies to -f jsonl only, --with-suggestions to "
             "-f jsonl and -f label-studio")
        return EXIT_USAGE
    if args.threshold is not None and not args.with_suggestions:
        _err("claimdesk export: --threshold sets which suggestions --with-suggestions exports; "
             "add --with-suggestions")
        return EXIT_USAGE
    desk = open_desk(db, annotator)
    try:
        counts = desk.export(args.format, args.output, **options)
    except BadExportTarget as exc:
        _err(f"claimdesk export: {exc}")
        return EXIT_USAGE
    except ExportFailed as exc:
        _err(f"claimdesk export: {exc}")
        return EXIT_FAILED
    print(f"exported {counts.articles} articles, {counts.claims} claims, {counts.labels} labels, "
          f"{counts.reviews} reviews to {args.output}")
    return EXIT_OK


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def cmd_agreement(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    report = open_desk(db, annotator).agreement()
    if args.json:
        print_json(report.as_dict())
        return EXIT_OK
    if not report.annotators:
        print("no labels yet")
        return EXIT_OK
    print(f"{'annotator':<20} {'claims':>7} {'verdicts':>8}  by verdict")
    for p in report.progress:
        by = ", ".join(f"{k} {v}" for k, v in sorted(p.verdicts.items()))
        print(f"{p.annotator[:20]:<20} {p.claims:>7} {p.with_verdict:>8}  {by}")
    print(f"\nKrippendorff's alpha (nominal): {_fmt(report.alpha)} over {report.alpha_units} claims")
    if not report.pairs:
        print("one annotator: no pairs to compare")
        return EXIT_OK
    print(f"\n{'pair':<31} {'shared':>6} {'agree':>6} {'kappa':>6} {'exact':>6} {'overlap':>7}")
    for pa in report.pairs:
        pair = f"{pa.a[:14]} / {pa.b[:14]}"
        print(f"{pair:<31} {pa.items:>6} {_fmt(pa.observed):>6} {_fmt(pa.kappa):>6} "
              f"{_fmt(pa.span_jaccard):>6} {_fmt(pa.span_overlap):>7}")
    print("\nshared: claims both gave a verdict; exact: Jaccard of the claims each marked; "
          "overlap: share of their spans overlapping the other's")
    return EXIT_OK


def cmd_evidence(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    """Other articles' sentences reporting the claim ARTICLE[START:END], with discrepancies."""
    desk = open_desk(db, annotator)
    try:
        article_id = desk.find(args.article)
    except NotFound:
        _err(f"claimdesk evidence: no article {args.article!r} (use its id or file name)")
        return EXIT_USAGE
    if args.top <= 0:
        _err("claimdesk evidence: --top must be positive")
        return EXIT_USAGE
    missing = desk.unindexed()  # spaCy is heavy: only this command (and clusters) pays for it
    if missing:
        _err(f"indexing {len(missing)} article{'s' if len(missing) != 1 else ''} for evidence search...")
        show = _progress_printer("indexing")
        desk.index(missing, progress=(lambda d, t: show(d, "", t)) if show else None)
        if show:
            sys.stderr.write("\n")
    try:
        found = desk.evidence(article_id, args.start, args.end, top=args.top)
    except InvalidInput as exc:  # a span outside the text, or one with no words in it
        _err(f"claimdesk evidence: {exc}")
        return EXIT_USAGE
    matches, proposal = found.matches, found.proposal
    if args.json:
        print_json({"article_id": article_id, "start": args.start, "end": args.end,
                    "matches": [m.as_dict() for m in matches],
                    "proposed_verdict": {"verdict": proposal.verdict, "reasons": proposal.reasons,
                                         "strength": proposal.strength}})
        return EXIT_OK
    if not matches:
        print("no other article reports this claim")
    for m in matches:
        print(f"{m.score:.2f}  #{m.article_id} {(m.source or m.article_title)[:40]}  "
              f"{m.start}-{m.end}  {m.proposed_stance}")
        print(f"      {' '.join(m.text.split())[:300]}")
        for d in m.discrepancies:
            print(f"      ! {d.kind}: {d.message}")
    reasons = f" ({'; '.join(proposal.reasons)})" if proposal.reasons else ""
    shown = proposal.verdict or "none in this team's verdicts"
    print(f"proposed verdict: {shown}, {proposal.strength} evidence{reasons}")
    return EXIT_OK


def cmd_learn(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    if args.from_scratch:
        return _learn_from_scratch(args)
    if args.data or args.out:
        _err("claimdesk learn: --data and --out go with --from-scratch")
        return EXIT_USAGE
    desk = open_desk(db, annotator)
    report = desk.learn().extra["report"]
    if report.replaced:  # articles nobody has looked at yet follow the new model now
        todo = desk.unlabelled()
        if todo:
            n = desk.worker_plan(todo)
            done = desk.suggest(todo, workers=n if n > 1 else 0, nice=False).extra["report"]
            report.recomputed = done.done
    if args.json:
        print_json(report.as_dict())
        return EXIT_OK
    print(report.message)
    print(f"{report.examples} decisions ({report.positives} check-worthy, "
          f"{report.new_examples} since the last model); model in use: {report.version}")
    if report.before and report.after:
        b, a = report.before, report.after
        print(f"on {report.judged_on} ({report.judged_claims} check-worthy): average precision "
              f"{b.average_precision:.2f} -> {a.average_precision:.2f}; precision {b.precision:.2f} -> "
              f"{a.precision:.2f}, recall {b.recall:.2f} -> {a.recall:.2f}, F1 {b.f1:.2f} -> {a.f1:.2f}")
    if report.recomputed:
        print(f"suggestions recomputed for {report.recomputed} articles without claims")
    return EXIT_OK


def _learn_from_scratch(args: argparse.Namespace) -> int:
    # Not through Desk: it opens no database, it rebuilds the base model shipped in the package
    from pathlib import Path

    from desktop.core.nlp import base_model
    from desktop.core.nlp.ct24 import DataError

    if not args.data:
        _err("claimdesk learn --from-scratch: give the CT24 folder with --data DIR")
        return EXIT_USAGE
    out = Path(args.out) if args.out else Path(base_model.__file__).parent
    try:
        report = base_model.build(Path(args.data), log=(lambda _m: None) if args.json else print)
    except DataError as e:
        _err(str(e))
        return EXIT_FAILED
    path = base_model.write(report, out, Path(args.data))
    if args.json:
        print_json(base_model.report_dict(report, path))
    else:
        print(f"wrote {path} and its model card in {report.seconds:.0f} s")
    return EXIT_OK


from desktop.cluster_commands import cmd_clusters  # noqa: E402, F401  (issue 14)
