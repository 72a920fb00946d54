"""Prodigy-style `_input_hash` / `_task_hash`: stable 32-bit signed ints.

blake2b (stdlib) instead of Python's salted hash() or an extra mmh3 dependency: the same
input gives the same int on every machine and run. The input hash covers the text; the
task hash covers the input hash plus the spans and their labels, so a changed verdict
is a new task (as in Prodigy, where the task keys are spans/label).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable


def stable_hash(value: str) -> int:
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def input_hash(text: str) -> int:
    return stable_hash(text)


def task_hash(input_h: int, spans: Iterable[tuple[int, int, str]]) -> int:
    return stable_hash(f"{input_h} {json.dumps(sorted(spans), separators=(',', ':'))}")
