"""One function per CLI command: call core services, print for a person or as JSON."""

from __future__ import annotations

import argparse
import sys

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, print_json
from desktop.core import queries
from desktop.core.importing import import_paths
from desktop.core.store import Store, open_store


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
    store = open_store(db)
    show = _progress_printer("importing")
    report = import_paths(store, args.paths, max_bytes=int(args.max_mb * 1_000_000),
                          progress=(lambda n, name: show(n, name)) if show else None)
    if show:
        sys.stderr.write("\n")
    for problem in report.problems:
        _err(str(problem))
    if args.json:
        print_json({"added": report.added, "duplicates": report.duplicates,
                    "problems": [str(p) for p in report.problems],
                    "claims_added": report.claims_added, "labels_added": report.labels_added,
                    "reviews_added": report.reviews_added})
    else:
        for dup in report.duplicates:
            print(dup)
        parts = [f"imported {len(report.added)} article{'s' if len(report.added) != 1 else ''}"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} already there")
        if report.labels_added or report.claims_added:
            parts.append(f"{report.claims_added} claims, {report.labels_added} labels, "
                         f"{report.reviews_added} reviews merged")
        if report.problems:
            parts.append(f"{len(report.problems)} failed")
        print(", ".join(parts))
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_articles(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    store = open_store(db)
    rows = queries.list_articles(store, annotator=annotator)
    if args.json:
        print_json([{"id": r.id, "title": r.title, "source": r.source, "origin": r.origin,
                     "words": r.words, "claims": r.claims} for r in rows])
        return EXIT_OK
    if not rows:
        print("no articles yet: claimdesk import PATH...")
    for r in rows:
        print(f"{r.id:>6}  {(r.source or '-')[:18]:<18}  {r.words:>6} words  {r.claims:>4} claims  {r.title[:70]}")
    return EXIT_OK


def _info(store: Store) -> dict:
    return {"database": store.location, "backend": "sqlite" if store.is_sqlite else "postgresql",
            "schema_revision": store.revision(), "schema_head": Store.head(), **queries.counts(store)}


def cmd_info(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    info = _info(open_store(db))
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            print(f"{key.replace('_', ' '):<16} {value}")
    return EXIT_OK
