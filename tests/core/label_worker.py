"""A labelling process for the crash and concurrency tests.

Usage: python -m tests.core.label_worker DB ANNOTATOR ARTICLE_ID SECONDS [SALT]
Creates claims and sets verdicts as fast as it can; prints "claim_id verdict" after each
action returns (i.e. after its commit), flushing, so the parent knows what is durable.
Any error ends the process with its message on stderr and exit code 3.
"""

from __future__ import annotations

import sys
import time

from desktop.core import labelling
from desktop.core.store import open_store

VERDICTS = ("verified", "conflicting", "unsupported")


def main() -> int:
    db, annotator, article_id, seconds = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        float(sys.argv[4]),
    )
    salt = int(sys.argv[5]) if len(sys.argv) > 5 else 0  # spreads runs over different spans
    store = open_store(db)
    deadline = time.monotonic() + seconds
    i = 0
    print("ready", flush=True)
    try:
        while time.monotonic() < deadline:
            start = (salt * 131 + i * 7) % 850  # + up to 65 stays inside the 948-char text
            end = start + 5 + (salt + i) % 60
            change = labelling.create_claim(store, annotator, article_id, start, end)
            verdict = VERDICTS[i % 3]
            labelling.set_verdict(store, annotator, change.claim_id, verdict)
            print(f"{change.claim_id} {verdict}", flush=True)
            i += 1
    except Exception as exc:  # the parent asserts on this
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
