"""Adversarial class: concurrency, on SQLite and on the PostgreSQL server CI starts.

Real processes race on one database: one analyst labels while a teammate deletes and
re-creates the same claims; several processes create the same new annotator names. Nothing
ana committed is ever lost (the bug: a delete's check and its cascade were separate
statements, so under READ COMMITTED a label committed in between was erased), nobody sees a
raw "duplicate key" error, and the database passes its integrity check afterwards.

The race runs CLAIMDESK_SOAK_SECONDS (6 s in a contributor's make test; CI runs a full minute) per backend.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlmodel import select

from desktop.core.models import Annotator, Label
from desktop.core.store import open_store
from tests.core.helpers import add_articles

SOAK_SECONDS = float(os.environ.get("CLAIMDESK_SOAK_SECONDS", "6"))
TEXT = (
    "The ministry said on Tuesday that exports rose by 4.2 percent in 2024, the fastest "
    "growth since 2019. Officials in Brussels disputed the figure and said it was closer to "
    "three percent. The report was published by the national statistics office."
)


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.core.race_worker", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_ready(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        line = p.stdout.readline()
        assert line.strip() == "ready", p.stderr.read()


def _race_delete_and_label(url: str) -> dict[str, int]:
    store = open_store(url)
    (aid,) = add_articles(store, TEXT)
    store.close()
    ana = _spawn("labeller", url, str(aid), str(SOAK_SECONDS), "1")
    bob = _spawn("deleter", url, str(aid), str(SOAK_SECONDS), "2")
    _wait_ready([ana, bob])
    ana_out, ana_err = ana.communicate(timeout=SOAK_SECONDS + 120)
    _bob_out, bob_err = bob.communicate(timeout=SOAK_SECONDS + 120)
    assert ana.returncode == 0, ana_err
    assert bob.returncode == 0, bob_err
    assert "duplicate key" not in ana_err + bob_err

    last: dict[int, str] = {}  # ana's last committed action per claim, in her own order
    for line in ana_out.splitlines():
        kind, cid = line.split()
        last[int(cid)] = kind
    labelled = {cid for cid, kind in last.items() if kind == "L"}
    store = open_store(url)
    with store.session() as s:
        ana_id = s.exec(select(Annotator.id).where(Annotator.name == "ana")).one()
        kept = set(s.exec(select(Label.claim_id).where(Label.annotator_id == ana_id)).all())
        if store.is_sqlite:
            assert s.exec(text("PRAGMA integrity_check")).one()[0] == "ok"
    store.close()
    lost = labelled - kept
    assert not lost, f"ana's committed labels on claims {sorted(lost)} were erased"
    stats = {"labels": ana_out.count("L "), "deletes": ana_out.count("D "),
             "claims": len(labelled), "lost": len(lost), "seconds": SOAK_SECONDS}
    print(f"race on {'sqlite' if url.endswith('.db') else 'postgresql'}: {stats}")  # pytest -s
    return stats


def _race_names(url: str, processes: int = 4, count: int = 300) -> None:
    procs = [_spawn("names", url, str(count), str(i)) for i in range(processes)]
    _wait_ready(procs)
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "duplicate key" not in err and "UNIQUE constraint" not in err
    store = open_store(url)
    with store.session() as s:
        names = s.exec(select(Annotator.name)).all()
    store.close()
    assert sorted(n for n in names if n.startswith("person ")) == sorted(
        f"person {i}" for i in range(count)
    )


@pytest.mark.slow
def test_delete_never_erases_a_label_committed_a_moment_before_sqlite(db_path):
    stats = _race_delete_and_label(str(db_path))
    assert stats["labels"] > 5 and stats["lost"] == 0


@pytest.mark.slow
@pytest.mark.postgres
def test_delete_never_erases_a_label_committed_a_moment_before_postgres(pg_url):
    stats = _race_delete_and_label(pg_url)
    assert stats["labels"] > 5 and stats["lost"] == 0


@pytest.mark.slow
@pytest.mark.postgres
def test_same_new_annotator_from_many_processes_is_one_person_postgres(pg_url):
    _race_names(pg_url)


@pytest.mark.slow
def test_same_new_annotator_from_many_processes_is_one_person_sqlite(db_path):
    _race_names(str(db_path), count=100)


@pytest.mark.postgres
def test_two_annotators_creating_the_same_span_get_the_same_claim_postgres(pg_url):
    """The losing insert of a span finds the winner's claim instead of failing."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.core import labelling

    store = open_store(pg_url)
    try:
        (aid,) = add_articles(store, TEXT)
        for round_ in range(40):
            start = round_ * 4
            with ThreadPoolExecutor(4) as pool:
                changes = list(pool.map(
                    lambda who, at=start: labelling.create_claim(store, who, aid, at, at + 30),
                    ["ana", "bob", "cy", "dee"],
                ))
            assert len({c.claim_id for c in changes}) == 1
            for who in ("ana", "bob"):
                labelling.set_verdict(store, who, changes[0].claim_id, "verified")
    finally:
        store.close()
