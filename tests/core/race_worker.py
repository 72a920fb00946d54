"""Processes that race each other on one database, for the adversarial concurrency tests.

    python -m tests.core.race_worker labeller DB ARTICLE_ID SECONDS SEED
    python -m tests.core.race_worker deleter  DB ARTICLE_ID SECONDS SEED
    python -m tests.core.race_worker names    DB COUNT SEED

labeller ("ana") labels the article's claims, sometimes deletes one of hers, and creates
claims on a small set of spans; after each action returns (committed) it prints
"L claim_id" or "D claim_id", flushed, so the parent knows exactly what ana committed.
deleter ("bob") deletes whatever claims it sees and re-creates the same spans, as fast as
it can, so that its deletes land between ana's reads and commits.
names creates annotators "person 0".."person COUNT-1" in order (several at once race on
every name).
A LabelError (the claim went away under us) is an ordinary outcome; anything else ends
the process with its traceback on stderr and exit code 3.
"""

from __future__ import annotations

import random
import sys
import time
import traceback

from desktop.core import annotators, labelling, queries
from desktop.core.labelling import LabelError
from desktop.core.store import open_store

SPANS = [(0, 20), (21, 50), (51, 80), (81, 110), (111, 140), (141, 170)]


def _claims(store, article_id: int) -> list[int]:
    return [c.id for c in queries.article_view(store, article_id, None).claims]


def labeller(db: str, article_id: int, seconds: float, seed: int) -> None:
    rng, store = random.Random(seed), open_store(db)
    deadline = time.monotonic() + seconds
    print("ready", flush=True)
    while time.monotonic() < deadline:
        ids = _claims(store, article_id)
        try:
            if len(ids) < 3 or rng.random() < 0.2:
                start, end = rng.choice(SPANS)
                labelling.create_claim(store, "ana", article_id, start, end)
            elif rng.random() < 0.8:
                cid = rng.choice(ids)
                labelling.set_verdict(store, "ana", cid, rng.choice(["verified", "conflicting"]))
                print(f"L {cid}", flush=True)
            else:
                cid = rng.choice(ids)
                labelling.delete_claim(store, "ana", cid)
                print(f"D {cid}", flush=True)
        except LabelError:
            continue


def deleter(db: str, article_id: int, seconds: float, seed: int) -> None:
    rng, store = random.Random(seed), open_store(db)
    deadline = time.monotonic() + seconds
    print("ready", flush=True)
    while time.monotonic() < deadline:
        try:
            for cid in _claims(store, article_id):
                labelling.delete_claim(store, "bob", cid)
            for start, end in rng.sample(SPANS, 3):
                labelling.create_claim(store, "bob", article_id, start, end)
            time.sleep(rng.random() * 0.004)  # a person's pace, tight enough to race
        except LabelError:
            continue


def names(db: str, count: int, seed: int) -> None:
    store = open_store(db)
    print("ready", flush=True)
    for i in range(count):
        with store.write() as s:
            annotators.get_or_create(s, f"person {i}")


def main() -> int:
    role, db = sys.argv[1], sys.argv[2]
    try:
        if role == "names":
            names(db, int(sys.argv[3]), int(sys.argv[4]))
        else:
            fn = labeller if role == "labeller" else deleter
            fn(db, int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]))
    except Exception:
        traceback.print_exc()
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
