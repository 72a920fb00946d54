"""Full JSONL export (tokens, spans, claims with labels) on realistic text, as a ratio to
importing the same texts unlabelled in the same run.

Measured two ways:
- as a user (and the issue's outside measurement) runs it: whole `claimdesk import` and
  `claimdesk export` processes, start-up included, best of two alternating rounds. The
  goal is asserted on these;
- in one warm process (each path run once on 50 articles first): the steady-state cost,
  without the start-up that both commands pay (the export ~0.7 s more: spaCy's import).
  Printed beside them; it reads higher, because the plain import's start-up is a larger
  share of its time.
The export's tokens go to worker processes on the cores left idle (export/jsonl_workers.py):
its CPU time is then the workers' as well, more than its wall time; the export in one
process is printed too.

Corpus: tests/bench/realistic_corpus.py (~600-word articles over an 11,000-word
vocabulary, 10 claims each, two annotators). Goal (issue 13): the full export within 4x of
the plain import (Label Studio took 6.8x, doccano 4.4x), in flat memory. Also times the
Label Studio and doccano exports of the same database.

    .venv/bin/python tests/bench/bench_export.py          # prints the figures
    make bench                                            # as a pytest benchmark
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, Path(__file__).parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from realistic_corpus import write_claimdesk_jsonl, write_plain_jsonl  # noqa: E402

from desktop.core.export import ExportOptions, export  # noqa: E402
from desktop.core.importing import import_paths  # noqa: E402
from desktop.core.store import open_store  # noqa: E402

N_ARTICLES = 10_000


def _cpu() -> float:
    """This process's CPU seconds and its finished children's: work handed to worker
    processes counts too."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed(fn) -> tuple[float, float, object]:
    """(wall, CPU) seconds: on a shared machine CPU time is the steadier of the two."""
    t0, c0 = time.perf_counter(), _cpu()
    out = fn()
    return time.perf_counter() - t0, _cpu() - c0, out


def run_commands(tmp: Path, n: int = N_ARTICLES, rounds: int = 2) -> dict:
    """(wall, CPU) of whole claimdesk processes, best of ``rounds``."""
    import resource
    import subprocess

    plain = write_plain_jsonl(tmp / "cli-plain.jsonl", n)
    labelled = write_claimdesk_jsonl(tmp / "cli-labelled.jsonl", n)
    exe = str(Path(sys.executable).parent / "claimdesk")

    def timed_command(*argv: str) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([exe, *argv], check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return time.perf_counter() - t0, cpu

    best: dict[str, tuple[float, float]] = {}
    for i in range(rounds):
        p_db, l_db = tmp / f"cli-plain{i}.db", tmp / f"cli-labelled{i}.db"
        got = {
            "plain import": timed_command("--db", str(p_db), "import", str(plain)),
            "labelled import": timed_command("--db", str(l_db), "import", str(labelled)),
            "full JSONL export": timed_command("--db", str(l_db), "export", "-f", "jsonl",
                                               "-o", str(tmp / f"cli-out{i}.jsonl")),  # fmt: skip
            "  in one process": timed_command("--db", str(l_db), "export", "-f", "jsonl",
                                              "--processes", "1", "-o", str(tmp / f"cli-one{i}.jsonl")),  # fmt: skip
        }
        for name, (wall, cpu) in got.items():
            old = best.get(name, (wall, cpu))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    return best


def run(tmp: Path, n: int = N_ARTICLES) -> dict:
    plain = write_plain_jsonl(tmp / "plain.jsonl", n)
    labelled = write_claimdesk_jsonl(tmp / "labelled.jsonl", n)
    base_store = open_store(str(tmp / "plain.db"))
    base = _timed(lambda: import_paths(base_store, [plain]))
    store = open_store(str(tmp / "labelled.db"))
    imported = _timed(lambda: import_paths(store, [labelled]))
    out = {"plain import": base[:2], "labelled import": imported[:2]}
    for fmt, name, options in (
        ("jsonl", "full JSONL export", ExportOptions()),  # workers on idle cores (jsonl_workers)
        ("jsonl", "  in one process", ExportOptions(processes=1)),
        ("label-studio", "Label Studio export", ExportOptions()),
        ("doccano", "doccano export", ExportOptions()),
    ):
        target = tmp / f"out.{name.strip()[:5]}.{'json' if fmt == 'label-studio' else 'jsonl'}"
        wall, cpu, counts = _timed(lambda f=fmt, t=target, o=options: export(store, f, t, o))
        assert counts.claims == 10 * n and counts.labels == 20 * n
        out[name] = (wall, cpu)
        out[name + " MB"] = target.stat().st_size / 1e6
    store.close()
    base_store.close()
    return out


def peak_mb(tmp: Path, n: int) -> float:
    store = open_store(str(tmp / f"mem{n}.db"))
    import_paths(store, [write_claimdesk_jsonl(tmp / f"mem{n}.jsonl", n)])
    tracemalloc.start()
    tracemalloc.reset_peak()
    export(store, "jsonl", tmp / f"mem{n}.out.jsonl")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.close()
    return peak / 1e6


def report(tmp: Path, n: int = N_ARTICLES) -> dict:
    load = os.getloadavg()
    commands = run_commands(tmp, n)
    cli_wall, cli_cpu = commands["plain import"]
    print(f"\n{n} articles as whole claimdesk commands (best of two; ratios to the plain import):")
    for name, (wall, cpu) in commands.items():
        print(f"  {name:<20} {wall:6.2f} s wall ({wall / cli_wall:4.1f}x)  "
              f"{cpu:6.2f} s CPU ({cpu / cli_cpu:4.1f}x)")  # fmt: skip
    warm = tmp / "warm"
    warm.mkdir()
    run(warm, 50)  # one-time costs (imports, spaCy's tokenizer) out of the timed run
    r = run(tmp, n)
    mem = {k: peak_mb(tmp, k) for k in (1_000, 4_000)}
    base_wall, base_cpu = r["plain import"]
    print(f"\nIn one warm process: {n} articles, {10 * n} claims, {20 * n} labels; "
          f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"{os.cpu_count()} cores")  # fmt: skip
    for name, value in r.items():
        if name.endswith(" MB"):
            continue
        wall, cpu = value
        size = f", {r[name + ' MB']:.0f} MB" if name + " MB" in r else ""
        print(f"  {name:<20} {wall:6.2f} s wall ({wall / base_wall:4.1f}x)  "
              f"{cpu:6.2f} s CPU ({cpu / base_cpu:4.1f}x){size}")  # fmt: skip
    print(f"  full JSONL export peak traced memory: 1,000 articles {mem[1_000]:.1f} MB, "
          f"4,000 articles {mem[4_000]:.1f} MB")  # fmt: skip
    return {"command ratios": {k: v[1] / cli_cpu for k, v in commands.items()},
            "command wall ratios": {k: v[0] / cli_wall for k, v in commands.items()},
            "ratios": {k: v[1] / base_cpu for k, v in r.items() if not k.endswith(" MB")},
            "wall ratios": {k: v[0] / base_wall for k, v in r.items() if not k.endswith(" MB")},
            "mem": mem}  # fmt: skip


@pytest.mark.bench
def test_full_export_within_4x_of_plain_import_in_flat_memory(tmp_path):
    r = report(tmp_path)
    assert r["command wall ratios"]["full JSONL export"] <= 4.0
    # CPU, the steadier measure on a shared machine, of the export's work: in one process
    # (the default's CPU time is its workers' too, more than its wall time)
    assert r["command ratios"]["  in one process"] <= 4.0
    assert r["mem"][4_000] < 1.5 * r["mem"][1_000] + 5  # 4x the data, about the same peak


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        report(Path(d), int(sys.argv[1]) if len(sys.argv) > 1 else N_ARTICLES)
