"""`claimdesk clusters`: the same claim across articles, grouped (dispatched from commands)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli import EXIT_OK, print_json


def _progress(label: str):
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{label} {done}/{total}")
        sys.stderr.flush()

    return show


def cmd_clusters(args: argparse.Namespace, db: str | None, annotator: str | None) -> int:
    from desktop.commands import open_desk  # commands imports this module at its end

    desk = open_desk(db, annotator)
    missing = desk.unindexed()  # spaCy is heavy: only when the index needs it
    if missing:
        print(f"indexing {len(missing)} article{'s' if len(missing) != 1 else ''}...", file=sys.stderr)
        desk.index(missing, progress=_progress("indexing"))
    show = _progress("clustering")
    desk.cluster(rebuild=args.rebuild, progress=show)
    if show:
        sys.stderr.write("\n")
    views = desk.clusters()
    if args.json:
        print_json({"clusters": [v.as_dict() for v in views]})
        return EXIT_OK
    if not views:
        print("no claim is reported by more than one article")
    for v in views:
        labelled = f", {v.labelled} labelled" if v.labelled else ""
        verdict = f" [{v.verdict}]" if v.verdict else ""
        print(f"cluster {v.id} ({v.key}){verdict}: {len(v.members)} members in "
              f"{len(v.outlets)} outlets{labelled}")
        for m in v.members:
            kind = f"claim {m.claim_id}" if m.claim_id is not None else "passage"
            print(f"  #{m.article_id} {m.outlet[:24]:<24} {m.start}-{m.end} {kind}: "
                  f"{' '.join(m.text.split())[:110]}")
            for d in m.differences:
                print(f"      ! {d.kind}: {d.message}")
    return EXIT_OK
