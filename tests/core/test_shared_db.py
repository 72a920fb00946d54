"""Two annotators on one database at once (two Store objects: separate engines and
sessions, as two windows or two laptops): each sees the other's labels after a refresh,
and neither overwrites the other's work, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from desktop.core import labelling as L
from desktop.core import queries
from desktop.core.agreement import agreement_report
from desktop.core.store import open_store
from tests.core.helpers import add_articles

TEXT = " ".join(f"Claim number {i} says {i * 7} people were there." for i in range(12))
VERDICTS = ("verified", "conflicting", "unsupported")


def _spans() -> list[tuple[int, int]]:
    out, pos = [], 0
    for i in range(12):
        piece = f"Claim number {i} says {i * 7} people were there."
        start = TEXT.index(piece, pos)
        out.append((start, start + len(piece)))
        pos = start + len(piece)
    return out


def run_two_annotators(url: str) -> None:
    first, second = open_store(url), open_store(url)
    try:
        (article,) = add_articles(first, TEXT)
        claims = [L.create_claim(first, "ana", article, s, e).claim_id for s, e in _spans()]
        go = threading.Barrier(2)
        errors: list[BaseException] = []

        def work(store, who: str, order: list[int], shift: int) -> None:
            try:
                go.wait()
                for rounds in range(2):  # write each label twice: the last write must stick
                    for k, cid in enumerate(order):
                        L.set_verdict(store, who, cid, VERDICTS[(k + shift + rounds) % 3])
                        if rounds == 0:
                            L.add_source(store, who, cid, url=f"https://example.org/{who}/{cid}")
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        threads = [
            threading.Thread(target=work, args=(first, "ana", claims, 0)),
            threading.Thread(target=work, args=(second, "bob", claims[::-1], 1)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors

        expect = {
            "ana": {cid: VERDICTS[(k + 0 + 1) % 3] for k, cid in enumerate(claims)},
            "bob": {cid: VERDICTS[(k + 1 + 1) % 3] for k, cid in enumerate(claims[::-1])},
        }
        for store, me, other in ((first, "ana", "bob"), (second, "bob", "ana")):
            view = queries.article_view(store, article, me)  # a fresh read: the "refresh"
            assert len(view.claims) == len(claims)
            for c in view.claims:
                assert c.mine.verdict == expect[me][c.id]
                (theirs,) = c.others
                assert theirs.annotator == other and theirs.verdict == expect[other][c.id]
                assert [s.url for s in c.mine.sources] == [f"https://example.org/{me}/{c.id}"]
                assert [s.url for s in theirs.sources] == [f"https://example.org/{other}/{c.id}"]
        assert queries.counts(second)["labels"] == 2 * len(claims)
        (pair,) = agreement_report(second).pairs
        assert pair.items == len(claims)
    finally:
        first.close()
        second.close()


def test_two_annotators_on_one_sqlite_file(db_path):
    run_two_annotators(f"sqlite:///{db_path}")


@pytest.mark.postgres
def test_two_annotators_on_one_postgresql_database(pg_url):
    run_two_annotators(pg_url)
