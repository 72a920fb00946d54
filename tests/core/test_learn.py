"""Learning from the team's decisions: Prodigy answers, examples, `learn`, the stored model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import delete, select

from desktop.cli import main
from desktop.core import labelling, queries, suggesting
from desktop.core.importing import import_paths
from desktop.core.learning import (
    MIN_JUDGED_CLAIMS,
    active_model,
    active_version,
    base_model,
    learn,
    unseen_decisions,
)
from desktop.core.learning_examples import examples, sync_examples
from desktop.core.learning_tables import ClaimModelVersion
from desktop.core.models import Claim, Suggestion

TEXT = "Officials said 40% of the budget was spent in 2024. We love peace and quiet days."
FIGURE = re.compile(r"\d")


def prodigy_line(answer: str | None, start: int, end: int, text: str = TEXT) -> str:
    rec = {"text": text, "spans": [{"start": start, "end": end, "label": "CLAIM"}]}
    if answer is not None:
        rec["answer"] = answer
    return json.dumps(rec)


def test_prodigy_answers_accept_reject_ignore(store, tmp_path: Path) -> None:
    other = "The minister resigned on Monday after 12 years in office."
    path = tmp_path / "prodigy.jsonl"
    path.write_text(
        "\n".join([
            prodigy_line("accept", 0, 51),
            prodigy_line("reject", 52, 81),  # same text: merged into one article
            prodigy_line("ignore", 0, len(other), other),
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems
    with store.session() as s:
        claims = s.exec(select(Claim.article_id, Claim.start, Claim.end)).all()
    assert [(c[1], c[2]) for c in claims] == [(0, 51)]  # reject and ignore made no claim
    sync_examples(store)
    got = {(e.start, e.end): (e.label, e.kind) for e in examples(store)}
    assert got[52, 81] == (0, "imported reject")
    assert got[0, 51][0] == 1
    assert len(got) == 2  # "ignore": nothing, not even an example


def test_sentence_level_prodigy_answers_decide_the_whole_text(store, tmp_path: Path) -> None:
    """textcat.teach and binary "is this a claim?" queues answer about the text itself."""
    claim = "Officials said 40% of the budget was spent in 2024."
    other = "We love peace and quiet days."
    marked_nothing = "The minister resigned on Monday after 12 years in office."
    chose = "Prices rose by 3 percent in March, the statistics office said."
    path = tmp_path / "textcat.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": f"  {claim}\n", "label": "CHECKWORTHY", "answer": "accept"},
        {"text": other, "answer": "reject"},
        {"text": marked_nothing, "spans": [], "answer": "accept"},  # nothing marked
        {"text": chose, "options": [{"id": "A", "text": "A"}], "accept": ["A"], "answer": "accept"},
    ]) + "\n", encoding="utf-8")  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems and len(report.added) == 4
    assert (report.claims_added, report.rejections_added) == (1, 1)
    summary = report.files[str(path)].describe()
    assert "1 rejected spans (learnt from, not claims)" in summary
    assert "choice answer" in summary  # said, not silently dropped
    sync_examples(store)
    got = {e.text: e.label for e in examples(store)}
    assert got == {claim: 1, other: 0}  # trimmed; the empty spans and the choice decide nothing
    with store.session() as s:
        (start, end), = s.exec(select(Claim.start, Claim.end)).all()
    assert (start, end) == (2, 2 + len(claim))


def test_imported_answers_are_learnt_from_in_the_files_order(store, tmp_path: Path) -> None:
    """Learning judges a model on blocks of consecutive decisions and on the newest ones.
    A Prodigy file's rejects used to be recorded at import and its accepts only at the next
    sync, so every reject came first: the first blocks held no claim and the newest no
    reject, and a model that learnt from 104 news decisions looked worse than the base."""
    answers = ["accept", "reject", "reject", "accept", "reject", "accept", "accept", "reject"]
    texts = [f"Officials said {i + 2} percent of the {i + 3} budgets were spent." for i in range(8)]
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps({"text": t, "answer": a}) + "\n"
                            for t, a in zip(texts, answers, strict=True)), encoding="utf-8")  # fmt: skip
    assert not import_paths(store, [path]).problems
    in_order = [int(a == "accept") for a in answers]
    assert [e.label for e in examples(store)] == in_order  # recorded by the import itself
    sync_examples(store)
    assert [(e.text, e.label) for e in examples(store)] == list(zip(texts, in_order, strict=True))


def test_a_claimdesk_exports_claims_are_learnt_from_as_any_claim(store, tmp_path: Path) -> None:
    """Our own export says "answer": "accept" for Prodigy; its claims are still recorded by
    the sync before learning, not by the import: a merge of 100,000 claims writes them once."""
    rec = {"text": TEXT, "answer": "accept", "claims": [{"start": 0, "end": 51, "verdict": None}]}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    assert not import_paths(store, [path]).problems
    assert examples(store) == []
    sync_examples(store)
    assert [(e.start, e.end, e.label) for e in examples(store)] == [(0, 51, 1)]


def test_unknown_prodigy_answer_is_reported_with_its_line(store, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(prodigy_line("accept", 0, 51) + "\n" + prodigy_line("maybe", 0, 51) + "\n")
    report = import_paths(store, [path])
    assert [str(p) for p in report.problems] == [
        f'{path}:2: "answer" must be "accept", "reject" or "ignore", not \'maybe\''
    ]


@pytest.fixture
def seeded(store, seeds_dir):
    import_paths(store, [seeds_dir])
    suggesting.compute_suggestions(store, in_process=True)
    return store


def decide_like_a_statistics_desk(store, limit: int | None = None) -> int:
    """Accept suggestions that state a figure, reject the rest; claim unsuggested figures."""
    n = 0
    for art in queries.list_articles(store):
        view = queries.article_view(store, art.id, None, threshold=0.3)
        for g in view.suggestions:
            if limit is not None and n >= limit:
                return n
            if FIGURE.search(view.text[g.start : g.end]):
                labelling.accept_suggestion(store, "ana", art.id, g.start, g.end, g.reasons)
            else:
                labelling.reject_suggestion(store, "ana", art.id, g.start, g.end, g.reasons)
            n += 1
    return n


def test_decisions_become_examples_with_text_and_model_as_they_are_made(seeded) -> None:
    decide_like_a_statistics_desk(seeded, limit=6)
    rows = examples(seeded)  # recorded by each decision's own transaction, no sync needed
    assert len(rows) == 6
    for e in rows:
        assert e.text.strip() and e.model and "claims base-" in e.model and e.score is not None
        assert e.label == int(bool(FIGURE.search(e.text)))
        assert e.kind in ("accept", "reject") and e.annotator_id is not None
    assert sync_examples(seeded) == 0  # the state agrees: nothing to write
    art = rows[0].article_id
    labelling.create_claim(seeded, "bob", art, 0, 20)
    manual = [e for e in examples(seeded) if e.kind == "manual"]
    assert [(m.start, m.end, m.label, m.model) for m in manual] == [(0, 20, 1, None)]


def test_the_example_names_the_model_the_analyst_saw_even_after_a_recompute(seeded) -> None:
    decide_like_a_statistics_desk(seeded, limit=1)
    (before,) = examples(seeded)
    with seeded.write() as s:  # suggestions recomputed by a newer model: the old rows go
        s.exec(delete(Suggestion).where(Suggestion.article_id == before.article_id))
    sync_examples(seeded)
    (after,) = examples(seeded)
    assert (after.model, after.score) == (before.model, before.score)


def test_an_undone_decision_is_no_example(seeded) -> None:
    art = queries.list_articles(seeded)[0]
    g = queries.article_view(seeded, art.id, None, threshold=0.3).suggestions[0]
    labelling.reject_suggestion(seeded, "ana", art.id, g.start, g.end, g.reasons)
    assert [e.label for e in examples(seeded)] == [0]
    labelling.undo(seeded, "ana")
    assert sync_examples(seeded) == 1
    assert examples(seeded) == []
    labelling.redo(seeded, "ana")
    sync_examples(seeded)
    assert [(e.start, e.end, e.label) for e in examples(seeded)] == [(g.start, g.end, 0)]


def test_a_verdict_makes_a_rejected_span_a_positive_example(seeded) -> None:
    art = queries.list_articles(seeded)[0]
    g = queries.article_view(seeded, art.id, None, threshold=0.3).suggestions[0]
    labelling.reject_suggestion(seeded, "ana", art.id, g.start, g.end, g.reasons)
    change = labelling.create_claim(seeded, "bob", art.id, g.start, g.end)
    labelling.set_verdict(seeded, "bob", change.claim_id, "verified")
    (e,) = examples(seeded)
    assert (e.label, e.kind) == (1, "labelled")
    assert e.model is not None  # the span was suggested: the model that scored it is kept
    assert sync_examples(seeded) == 0


def test_too_few_decisions_say_so(seeded) -> None:
    decide_like_a_statistics_desk(seeded, limit=5)
    report = learn(seeded)
    assert not report.replaced and "at least 30" in report.message
    assert active_version(seeded).startswith("base-")


def test_learn_moves_suggestions_toward_the_teams_decisions(
    seeded, capsys, db_path, tmp_path
) -> None:
    def figure_share(store) -> tuple[float, int]:
        hits = total = 0
        for art in queries.list_articles(store):
            view = queries.article_view(store, art.id, None)
            for g in view.suggestions:
                total += 1
                hits += bool(FIGURE.search(view.text[g.start : g.end]))
        return hits / total, total

    decide_like_a_statistics_desk(seeded)
    # The articles decided on now have claims; one more, untouched, shows the recompute.
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Exports grew 7% in March, the ministry said. Everyone was happy.\n")
    import_paths(seeded, [fresh])
    assert main(["--db", str(db_path), "learn", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["examples"] >= 30 and out["held_out"] >= 10
    assert out["unseen"] == out["examples"]  # the shipped model learnt from none of them
    assert out["replaced"] and out["version"] == "team-1" and out["previous"].startswith("base-")
    assert out["after"]["average_precision"] > out["before"]["average_precision"]
    assert out["after"]["f1"] > out["before"]["f1"] and out["judged_claims"] >= 10
    assert out["recomputed"] == 1
    with seeded.session() as s:
        (row,) = s.exec(select(ClaimModelVersion)).all()
    assert row.active and row.metrics["before"] == out["before"]
    # Recompute the decided-on articles too and compare: more figures, fewer of the rest.
    before_share, _ = figure_share(seeded)
    suggesting.compute_suggestions(seeded, in_process=True)
    after_share, _ = figure_share(seeded)
    assert after_share > before_share


def test_cli_learn_from_scratch_needs_data(capsys) -> None:
    assert main(["learn", "--from-scratch"]) == 2
    assert "--data" in capsys.readouterr().err


def test_cli_learn_from_scratch_reports_a_bad_folder(tmp_path, capsys) -> None:
    assert main(["learn", "--from-scratch", "--data", str(tmp_path), "--out", str(tmp_path)]) == 1
    assert "not found" in capsys.readouterr().err


@pytest.mark.parametrize("task", ["spans", "sentences"])
def test_prodigy_decisions_then_learn_move_the_suggestions(
    store, seeds_dir, db_path, tmp_path, capsys, task
) -> None:
    """The issue's "done when": import Prodigy accept/reject answers, learn, suggest.
    Answers on spans of the articles, or on sentences on their own (a textcat task)."""
    import_paths(store, [seeds_dir])
    suggesting.compute_suggestions(store, in_process=True)
    lines = []
    for art in queries.list_articles(store):
        view = queries.article_view(store, art.id, None, threshold=0.3)
        for g in view.suggestions:
            answer = "accept" if FIGURE.search(view.text[g.start : g.end]) else "reject"
            if task == "spans":
                lines.append(prodigy_line(answer, g.start, g.end, view.text))
            else:
                sentence = view.text[g.start : g.end]
                lines.append(json.dumps({"text": sentence, "label": "CLAIM", "answer": answer}))
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(answers)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "learn", "--json"]) == 0
    learned = json.loads(capsys.readouterr().out)
    assert learned["replaced"] and active_version(store) == "team-1"
    assert main(["--db", str(db_path), "suggest", "--json"]) == 0
    shown = [s["text"] for a in json.loads(capsys.readouterr().out)["articles"] for s in a["suggestions"]]
    figures = sum(bool(FIGURE.search(t)) for t in shown)
    assert shown and figures / len(shown) > 0.8  # was about one in six before learning


@pytest.mark.parametrize("db", ["store", "pg_store"])
def test_old_models_keep_their_history_but_not_their_weights(db, request) -> None:
    store = request.getfixturevalue(db)
    from desktop.core.learning import (
        KEPT_WEIGHTS,
        LearnReport,
        SliceScore,
        _store_model,
        active_model,
    )
    from desktop.core.nlp.scorer import ClaimModel

    score = SliceScore(0.5, 0.5, 0.5, 0.5)
    for n in range(KEPT_WEIGHTS + 3):
        model = ClaimModel.empty(8)
        model.bias = float(n)
        report = LearnReport(before=score, after=score, held_out=40, anchor=1e-3,
                             previous=active_version(store))  # fmt: skip
        assert _store_model(store, model, 40 + n, report) == (True, f"team-{n + 1}")
    with store.session() as s:
        rows = s.exec(select(ClaimModelVersion).order_by(ClaimModelVersion.version)).all()
    assert [bool(r.data) for r in rows] == [False] * 2 + [True] * (KEPT_WEIGHTS + 1)
    assert all(r.metrics["held_out"] == 40 for r in rows)  # the history stays
    assert rows[-1].active and active_model(store).bias == KEPT_WEIGHTS + 2


def test_a_stored_model_with_other_rule_features_falls_back_to_the_shipped_one(store) -> None:
    import io

    import numpy as np

    from desktop.core.learning import active_bytes
    from desktop.core.nlp.scorer import ClaimModel

    z = dict(np.load(io.BytesIO(ClaimModel.empty(8).to_bytes())))
    meta = json.loads(str(z["meta"]))
    meta["rule_slots"] = ["an old feature"]
    z["meta"] = np.array(json.dumps(meta))
    buf = io.BytesIO()
    np.savez(buf, **z)
    with store.write() as s:
        s.add(ClaimModelVersion(version=1, data=buf.getvalue(), examples=40, active=True))
    version, data = active_bytes(store)
    assert version.startswith("base-") and data is None


def test_models_are_compared_on_every_decision_the_current_one_has_not_learnt_from() -> None:
    y = np.array([0, 1] * 50)  # 100 decisions, oldest first
    # the shipped model learnt from none of them: all count
    assert unseen_decisions(y, 0).tolist() == list(range(100))
    # a team model trained on the first 80: the 20 since, and at least the newest quarter
    # of each answer (so a model refit on few new decisions is still judged on enough)
    later = unseen_decisions(y, 80)
    assert set(range(80, 100)) <= set(later.tolist())
    assert later.tolist() == list(range(76, 100))
    assert (y[later] == 1).sum() == (y[later] == 0).sum() == 12


def test_a_second_learn_is_judged_on_the_decisions_since_the_first(seeded) -> None:
    decide_like_a_statistics_desk(seeded)
    first = learn(seeded)
    assert first.replaced and first.held_out == first.examples  # the shipped model saw none
    assert f"the {first.held_out} decisions {first.previous} had not learnt from" in first.message
    again = learn(seeded)  # nothing new: the same decisions would train the same model
    assert not again.replaced and again.before is None and again.new_examples == 0
    assert again.message == (f"no new decisions since {first.version} learnt from the team's "
                             f"{first.examples}; it stays")  # fmt: skip
    arts = queries.list_articles(seeded)[:3]
    for art in arts:  # three claims by hand since: judged with the newest share of each answer
        labelling.create_claim(seeded, "bob", art.id, 0, 20)
    second = learn(seeded)
    assert second.examples == first.examples + 3 and second.new_examples == 3
    assert 3 < second.held_out < second.examples
    assert f"the {second.held_out} newest decisions (3 since {first.version})" in second.message
    # few claims among them: too few to tell two rankings apart, so team-1 stays, and says why
    assert second.judged_claims < MIN_JUDGED_CLAIMS and not second.replaced
    assert f"judging a new model needs at least {MIN_JUDGED_CLAIMS}" in second.headline
    assert active_version(seeded) == first.version
    assert second.details()[-1].startswith("Learning tries again by itself after the next 50")
    assert not any("tries again" in line for line in first.details())  # it replaced


def test_a_run_that_trains_nothing_reports_its_reason_once(seeded) -> None:
    decide_like_a_statistics_desk(seeded, limit=5)
    report = learn(seeded)
    assert report.headline == report.message and "at least 30" in report.message
    assert not any("at least 30" in line for line in report.details())
    assert report.details()[-1].startswith(f"Model in use: {report.version}.")


def test_a_topic_desk_is_found_on_decisions_the_model_never_saw(seeded) -> None:
    """A desk that checks what is said about one person, whatever its form, is far from
    the base data's idea. Judged out of fold, the retrained model must find most of its
    claims at the team's own threshold, and the new suggestions must be about that person
    (the base model's scale is learnt down, its cut-off moves to the team's)."""
    person = re.compile(r"Zelensk")
    for art in queries.list_articles(seeded):
        view = queries.article_view(seeded, art.id, None, threshold=0.0)
        for g in view.suggestions:
            decide = (labelling.accept_suggestion if person.search(view.text[g.start : g.end])
                      else labelling.reject_suggestion)  # fmt: skip
            decide(seeded, "ana", art.id, g.start, g.end, g.reasons)
    report = learn(seeded)
    assert report.replaced and report.judged_claims >= MIN_JUDGED_CLAIMS
    b, a = report.before, report.after
    assert a.average_precision > b.average_precision + 0.3
    assert a.recall >= 0.5 and a.precision > 2 * b.precision
    model = active_model(seeded)
    assert model.threshold != base_model().threshold  # the team's own, stored with it
    with seeded.write() as s:
        s.exec(delete(Suggestion))
    suggesting.compute_suggestions(seeded, in_process=True)
    shown = [view.text[g.start : g.end] for art in queries.list_articles(seeded)
             for view in [queries.article_view(seeded, art.id, None)] for g in view.suggestions]  # fmt: skip
    assert shown and sum(bool(person.search(t)) for t in shown) / len(shown) > 0.8


def test_older_decisions_added_after_a_model_are_still_new_to_it(seeded) -> None:
    """Decisions can arrive with old dates (a teammate's export, merged later): they are
    new to a model that never learnt from them, whatever their date says."""
    from datetime import UTC, datetime

    from desktop.core.learning_tables import TrainingExample

    decide_like_a_statistics_desk(seeded)
    first = learn(seeded)
    assert first.replaced
    with seeded.write() as s:
        for i in range(40):
            text = f"Officials said {i} percent of the {i + 3} new roads opened in {1990 + i}."
            s.add(TrainingExample(start=0, end=len(text), text=text, label=i % 2, kind="imported",
                                  decided_at=datetime(2020, 1, 1, tzinfo=UTC)))  # fmt: skip
    later = learn(seeded)
    assert later.new_examples == 0  # by date, nothing is new ...
    assert later.before is not None and later.unseen == 40  # ... but team-1 saw none of them
    assert "no new decisions" not in later.message
    assert [e.text for e in examples(seeded)][-40:] == [  # judged on those: the last recorded
        f"Officials said {i} percent of the {i + 3} new roads opened in {1990 + i}." for i in range(40)
    ]
    assert later.held_out >= 40 and f"the {later.held_out} newest decisions (40 since" in later.message


@pytest.mark.parametrize("db", ["store", "pg_store"])
def test_a_teammates_model_stored_during_a_run_is_kept(db, request) -> None:
    """Two teammates' windows learning at once on a shared database: the run that finishes
    second was judged against a model no longer in use, so it stores nothing and says so
    (before, both took the next version number and the second failed on a duplicate key)."""
    store = request.getfixturevalue(db)
    from desktop.core.learning import LearnReport, SliceScore, _store_model
    from desktop.core.nlp.scorer import ClaimModel

    score = SliceScore(0.5, 0.5, 0.5, 0.5)
    shipped = active_version(store)
    mine = LearnReport(before=score, after=score, held_out=40, anchor=1e-3, previous=shipped)
    theirs = LearnReport(before=score, after=score, held_out=40, anchor=1e-3, previous=shipped)
    assert _store_model(store, ClaimModel.empty(8), 40, theirs) == (True, "team-1")
    assert _store_model(store, ClaimModel.empty(8), 45, mine) == (False, "team-1")
    with store.session() as s:
        assert len(s.exec(select(ClaimModelVersion)).all()) == 1
    assert active_version(store) == "team-1"


@pytest.mark.parametrize("db", ["store", "pg_store"])
def test_two_learns_at_once_store_one_model_and_fail_neither(db, request, seeds_dir) -> None:
    import threading

    from desktop.core.store import open_store

    store = request.getfixturevalue(db)
    import_paths(store, [seeds_dir])
    suggesting.compute_suggestions(store, in_process=True)
    decide_like_a_statistics_desk(store)
    reports, errors = [], []

    def run() -> None:
        own = open_store(store.url)  # each window has its own connection
        try:
            reports.append(learn(own))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(reports) == 2
    assert sum(r.replaced for r in reports) >= 1
    for r in reports:
        if not r.replaced and r.version != r.previous:  # lost the race: says whose model stays
            assert r.headline == f"Kept {r.version}: a teammate's run stored it while this one " \
                "trained; the next run judges against it"
    with store.session() as s:
        versions = s.exec(select(ClaimModelVersion.version)).all()
    assert len(versions) == sum(r.replaced for r in reports)
    assert {r.version for r in reports} <= {f"team-{v}" for v in versions}


def test_an_undone_decision_does_not_hide_a_new_one(seeded) -> None:
    """team-1 learnt from N decisions; one is undone and one new made: still N decisions,
    but one of them is new to team-1 (counting them said "no new decisions")."""
    decide_like_a_statistics_desk(seeded)
    first = learn(seeded)
    assert first.replaced
    labelling.undo(seeded, "ana")  # ana's last accept or reject goes, and its example
    art = queries.list_articles(seeded)[1]
    labelling.create_claim(seeded, "bob", art.id, 0, 20)
    later = learn(seeded)
    assert later.examples == first.examples
    assert later.unseen == 1 and later.before is not None
    assert "no new decisions" not in later.message


def test_every_headline_reads_as_a_sentence(seeded) -> None:
    """The window shows the headline alone in its status bar and report box."""
    decide_like_a_statistics_desk(seeded)
    learn(seeded)
    again = learn(seeded)  # nothing new: no model trained, the reason is the headline
    assert again.before is None
    assert again.headline.startswith("No new decisions since team-1")
