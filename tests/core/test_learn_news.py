"""A team teaches the model its idea of a news claim: the demo corpus, judged by three
annotators (tests/fixtures/demo_checkworthy*.py), decided on three of its five articles
through a Prodigy file, learnt with `claimdesk learn`, and measured on the other two
articles' suggestions; all ten ways of choosing the three.

Issue 11's "done when": importing Prodigy accept/reject decisions then `claimdesk learn`
measurably moves suggestions toward them. The measured articles report the same event as
the decided ones (shared names and vocabulary): the case a desk covering a story meets
first, and a favourable one.
"""

from __future__ import annotations

import itertools
import json
import shutil

import pytest

from desktop.cli import main
from desktop.core import queries
from desktop.core.importing import import_paths
from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.suggester import suggest_doc
from desktop.core.store import open_store
from tests.core.test_suggester_strict_gold import (
    SEEDS,
    Judged,
    figures,
    judged_candidates,
    panel_labels,
    relabelled,
)

PREFIXES = tuple(p.name[:3] for p in sorted(SEEDS.glob("*.txt")))
SPLITS = list(itertools.combinations(PREFIXES, 3))  # the three decided on; 10 splits
KEYS = ("precision", "recall", "line_share", "auc")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds imported once (copied for each split), the majority's judgement, and the
    end of every candidate sentence."""
    db = tmp_path_factory.mktemp("news") / "seeds.db"
    store = open_store(str(db))
    import_paths(store, [SEEDS])
    ids = {a.origin[:3]: a.id for a in queries.list_articles(store)}
    store.close()
    judged = dict(zip(PREFIXES, relabelled(judged_candidates(), panel_labels()["majority"]),
                      strict=True))  # fmt: skip
    nlp, _ = load_pipeline()
    ends = {p: {c.start: c.end for c in suggest_doc(nlp(text), 0.0)} for p, (text, _) in judged.items()}
    return db, ids, judged, ends


def shown_scores(db, ids, prefixes, capsys) -> dict[str, dict[int, float]]:
    capsys.readouterr()
    argv = ["--db", str(db), "suggest", "--json", "--threshold", "0", "--processes", "1"]
    assert main([*argv, *(str(ids[p]) for p in prefixes)]) == 0
    out = json.loads(capsys.readouterr().out)
    return {a["origin"][:3]: {s["start"]: s["score"] for s in a["suggestions"]} for a in out["articles"]}


def measured(judged, prefixes, scores) -> dict[str, float]:
    return figures([
        (judged[p][0], [Judged(j.start, j.label, scores[p].get(j.start, 0.0)) for j in judged[p][1]])
        for p in prefixes
    ])  # fmt: skip


def test_a_teams_decisions_on_three_articles_improve_the_other_two(corpus, tmp_path, capsys) -> None:
    seeds_db, ids, judged, ends = corpus
    gains = []
    for decided in SPLITS:
        rest = [p for p in PREFIXES if p not in decided]
        db = tmp_path / f"{''.join(decided)}.db"
        shutil.copy(seeds_db, db)
        before = measured(judged, rest, shown_scores(db, ids, rest, capsys))
        answers = tmp_path / "answers.jsonl"
        answers.write_text("".join(
            json.dumps({"text": text[j.start : ends[p][j.start]], "answer": ("reject", "accept")[j.label]}) + "\n"
            for p in decided for text, items in [judged[p]] for j in items
            if j.start in ends[p]  # a headline is no candidate: nobody decides on it
        ), encoding="utf-8")  # fmt: skip
        assert main(["--db", str(db), "import", str(answers)]) == 0
        capsys.readouterr()
        assert main(["--db", str(db), "learn", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["replaced"], decided
        after = measured(judged, rest, shown_scores(db, ids, rest, capsys))
        assert after["auc"] > before["auc"], (decided, before, after)  # every split ranks better
        gains.append({k: after[k] - before[k] for k in KEYS})
    mean = {k: sum(g[k] for g in gains) / len(gains) for k in KEYS}
    # Measured, mean of the ten splits: precision 0.54 -> 0.70, recall 0.79 -> 0.88,
    # lines underlined 49 % -> 43 %, AUC 0.73 -> 0.87
    assert mean["precision"] >= 0.1 and mean["auc"] >= 0.08, mean
    assert mean["recall"] >= 0.03 and mean["line_share"] <= -0.03, mean
