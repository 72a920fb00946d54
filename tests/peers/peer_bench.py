"""Claimdesk beside the real Label Studio and doccano on the same realistic corpus
(tests/bench/realistic_corpus.py: ~600-word articles over an 11,000-word vocabulary, 10
claims each, two annotators), one run each, wall-clock seconds:

1. import N plain articles;
2. import the same N articles labelled (10 spans each by each of two annotators);
3. export everything from the labelled database / project.

The tools are timed through their HTTP APIs until the work is done (doccano's Celery tasks
polled to the end), with the transfer included. Claimdesk runs in this process on a fresh
SQLite file. doccano's import can't put two annotators on one example (every import makes
new examples owned by whoever imports), so its labelled import is each annotator's file
imported by that annotator: 2N examples holding the same 20N spans.

Run: `make bench-peers` (PEERS_N=1000 by default), or
`CLAIMDESK_PEERS=/tmp/claimdesk-peers python tests/peers/peer_bench.py --n 1000`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (ROOT, HERE, ROOT / "tests" / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import servers  # noqa: E402
from clients import Doccano, LabelStudio  # noqa: E402
from realistic_corpus import (  # noqa: E402
    ANNOTATORS,
    articles,
    write_claimdesk_jsonl,
    write_doccano_zip,
    write_label_studio_json,
    write_plain_jsonl,
)

from desktop.core.export import export  # noqa: E402
from desktop.core.export.label_studio import label_config  # noqa: E402
from desktop.core.importing import import_paths  # noqa: E402
from desktop.core.store import open_store  # noqa: E402

Row = dict[str, str]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.0f} MB"


def claimdesk(work: Path, n: int) -> tuple[Row, Row]:
    plain = write_plain_jsonl(work / "plain.jsonl", n)
    labelled = write_claimdesk_jsonl(work / "labelled.jsonl", n)
    ls_json = write_label_studio_json(work / "ls_tasks.json", n)
    dz = write_doccano_zip(work / "doccano.zip", n, work)
    out: Row = {}
    extra: Row = {}
    for key, path in (("plain", plain), ("labelled", labelled)):
        store = open_store(str(work / f"claimdesk_{key}.db"))
        seconds, report = timed(lambda s=store, p=path: import_paths(s, [p]))
        assert not report.problems, [str(p) for p in report.problems[:3]]
        assert report.labels_added == (n * 20 if key == "labelled" else 0), report.labels_added
        out[key] = secs(seconds)
        if key == "labelled":
            target = work / "claimdesk_export.jsonl"
            seconds, _ = timed(lambda s=store, t=target: export(s, "jsonl", t))
            out["export"] = f"{secs(seconds)} ({size(target)})"
        store.close()
    for name, path in (("Label Studio JSON", ls_json), ("doccano .zip", dz)):
        store = open_store(str(work / f"claimdesk_{path.stem}.db"))
        seconds, report = timed(lambda s=store, p=path: import_paths(s, [p]))
        assert not report.problems, [str(p) for p in report.problems[:3]]
        assert report.labels_added == n * 20, (name, report.labels_added)
        extra[name] = secs(seconds)
        store.close()
    return out, extra


def label_studio(ls: LabelStudio, work: Path, n: int) -> Row:
    config = label_config(set())
    plain = work / "ls_plain.json"
    plain.write_text(json.dumps([{"data": {"text": a.text, "title": a.title}} for a in articles(n)]))
    labelled = write_label_studio_json(work / "ls_labelled.json", n)
    for who in ANNOTATORS:
        ls.ensure_user(f"{who}@example.org")
    out: Row = {}
    stamp = int(time.time())
    for key, path in (("plain", plain), ("labelled", labelled)):
        project = ls.create_project(f"bench {key} {n} {stamp}", config)
        seconds, _ = timed(lambda p=project, f=path, k=key: _ls_import(ls, p, f, n, k == "labelled"))
        out[key] = secs(seconds)
    target = work / "ls_export.json"
    seconds, _ = timed(lambda: ls.export(project, "JSON", target))
    out["export"] = f"{secs(seconds)} ({size(target)})"
    return out


def _ls_import(ls: LabelStudio, project: int, path: Path, n: int, labelled: bool) -> None:
    ls.import_tasks(project, path)
    while True:  # done when every task (and annotation) is there
        info = ls.get(f"/api/projects/{project}")
        if info["task_number"] >= n and (not labelled or info["total_annotations_number"] >= 2 * n):
            return
        time.sleep(0.2)


def doccano(admin: Doccano, logins: dict[str, Doccano], work: Path, n: int) -> Row:
    plain = work / "doccano_plain.jsonl"
    plain.write_text("".join(json.dumps({"text": a.text, "title": a.title}) + "\n" for a in articles(n)))
    per_user = {}
    for who in ANNOTATORS:
        per_user[who] = work / f"doccano_{who}.jsonl"
        with open(per_user[who], "w", encoding="utf-8") as f:
            for a in articles(n):
                label = [[s, e, labels[who]] for s, e, labels in a.claims]
                f.write(json.dumps({"text": a.text, "title": a.title, "label": label}) + "\n")
    out: Row = {}
    stamp = int(time.time())
    project = admin.create_project(f"bench plain {n} {stamp}")
    seconds, _ = timed(lambda: admin.import_jsonl(project, plain))
    out["plain"] = secs(seconds)
    project = admin.create_project(f"bench labelled {n} {stamp}")
    for who in ANNOTATORS:
        admin.add_member(project, who)
    seconds, _ = timed(lambda: [logins[w].import_jsonl(project, per_user[w]) for w in ANNOTATORS])
    out["labelled"] = secs(seconds)
    target = work / "doccano_export.zip"
    seconds, _ = timed(lambda: admin.export_zip(project, target))
    out["export"] = f"{secs(seconds)} ({size(target)})"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument("--skip", choices=("label-studio", "doccano"), action="append", default=[])
    args = parser.parse_args()
    base = servers.root()
    base.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="claimdesk-peer-bench-") as tmp:
        work = Path(tmp)
        cols = {"Claimdesk": {}, "Label Studio": {}, "doccano": {}}
        servers.say(f"Claimdesk on {args.n} articles")
        cols["Claimdesk"], extra = claimdesk(work, args.n)
        if "label-studio" not in args.skip:
            with servers.label_studio(base) as ls:
                servers.say(f"Label Studio on {args.n} articles")
                cols["Label Studio"] = label_studio(ls, work, args.n)
        if "doccano" not in args.skip:
            with servers.doccano(base) as admin:
                logins = {w: Doccano(admin.url, user=w, password=servers.PASSWORD) for w in ANNOTATORS}
                servers.say(f"doccano on {args.n} articles")
                cols["doccano"] = doccano(admin, logins, work, args.n)
    load1 = os.getloadavg()
    n, spans = args.n, args.n * 10 * len(ANNOTATORS)
    rows = [("plain", f"import {n:,} plain articles"),
            ("labelled", f"import them with {n * 10:,} claims by 2 annotators ({spans:,} spans)"),
            ("export", "export everything (labelled)")]  # fmt: skip
    print(f"\n| work | {' | '.join(cols)} |\n|---|{'---|' * len(cols)}")
    for key, title in rows:
        print(f"| {title} | " + " | ".join(c.get(key, "-") for c in cols.values()) + " |")
    print("\nClaimdesk reading the other tools' files of the same corpus: "
          + ", ".join(f"{k} {v}" for k, v in extra.items()))  # fmt: skip
    print(f"{os.cpu_count()} cores; load average {load0[0]:.2f} before, {load1[0]:.2f} after "
          "(other work on the machine counts in every column)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
