"""The learned claim scorer: CT24 reading, deterministic training, the shipped model."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from desktop.core.nlp.claim_component import package_file, shipped_model
from desktop.core.nlp.ct24 import DataError, read_split
from desktop.core.nlp.pipeline import load_pipeline
from desktop.core.nlp.scorer import RULE_SLOTS, ClaimModel
from desktop.core.nlp.training import (
    Rows,
    average_precision,
    best_threshold,
    featurize,
    fit,
    prf,
    scores,
    steady_threshold,
)

HEADER = "Sentence_id\tText\tclass_label\n"


def write(folder: Path, split: str, body: str) -> None:
    from desktop.core.nlp.ct24 import FILES

    (folder / FILES[split]).write_text(HEADER + body, encoding="utf-8")


def test_ct24_run_together_records_are_split_back(tmp_path: Path) -> None:
    # The real training file has one line where a stray quote glued two records together.
    write(tmp_path, "train", "1\tTaxes rose 5%.\tYes\n24098\tWe've got to invest.\tNo29286\tYou can't bring back jobs.\tNo\n")
    got = read_split(tmp_path, "train")
    assert [(s.id, s.text, s.label) for s in got] == [
        ("1", "Taxes rose 5%.", 1),
        ("24098", "We've got to invest.", 0),
        ("29286", "You can't bring back jobs.", 0),
    ]


def test_ct24_csv_quoting_inside_the_tsv(tmp_path: Path) -> None:
    write(tmp_path, "dev", '26\t"You know, I saw a movie - ""Crocodile Dundee."""\tNo\n')
    (s,) = read_split(tmp_path, "dev")
    assert s.text == 'You know, I saw a movie - "Crocodile Dundee."'


@pytest.mark.parametrize(
    ("body", "where"),
    [("7\tSome text\tMaybe\n", ":2:"), ("7\tno label\n", ":2:")],
)
def test_ct24_bad_rows_name_file_and_line(tmp_path: Path, body: str, where: str) -> None:
    write(tmp_path, "dev", body)
    with pytest.raises(DataError, match=re.escape(where)):
        read_split(tmp_path, "dev")


def test_ct24_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        read_split(tmp_path, "dev-test")


TRAIN = [
    ("Unemployment fell to 4 percent in 2019.", 1),
    ("We spent $2 trillion on the war in Iraq.", 1),
    ("Crime went up 12 percent last year in Chicago.", 1),
    ("The deficit tripled since 2008 under this administration.", 1),
    ("Thank you all for being here tonight.", 0),
    ("I love this country and its people.", 0),
    ("What are we going to do about it?", 0),
    ("Let me tell you something, folks.", 0),
]


@pytest.fixture(scope="module")
def rows():
    nlp, _ = load_pipeline(scorer=False)
    data = Rows.of(list(featurize(nlp, [t for t, _ in TRAIN], 12)))
    return data, np.array([y for _, y in TRAIN])


def test_training_is_deterministic_and_fits(rows) -> None:
    data, y = rows
    a = fit(data, y, hash_bits=12, l2=1e-3, epochs=100, lr=0.1)
    b = fit(data, y, hash_bits=12, l2=1e-3, epochs=100, lr=0.1)
    assert np.array_equal(a.weights, b.weights) and a.bias == b.bias
    assert prf(scores(a, data), y, 0.5).f1 == 1.0


def test_prior_anchors_what_the_data_does_not_speak_about(rows) -> None:
    """Slots no decision uses keep the prior's weights, all times one learnt scale."""
    data, y = rows
    prior = ClaimModel.empty(12)
    prior.weights[:] = np.random.default_rng(3).normal(0, 0.5, len(prior.weights))
    m = fit(data, y, hash_bits=12, l2=1.0, epochs=100, lr=0.05, prior=prior)
    untouched = np.setdiff1d(np.arange(len(m.weights)), data.slots)
    scale = m.weights[untouched] / prior.weights[untouched]
    assert np.allclose(scale, scale[0], rtol=1e-3) and 0 < scale[0] < 2


def test_a_prior_the_decisions_contradict_is_turned_down(rows) -> None:
    """A team that disagrees with the base model turns all of it down (one scale), not only
    the words its decisions use: new sentences are not scored by what the team rejects."""
    data, y = rows
    prior = fit(data, 1 - y, hash_bits=12, l2=1e-3, epochs=100, lr=0.1)  # the opposite idea
    agreeing = fit(data, y, hash_bits=12, l2=1e-3, epochs=100, lr=0.1)
    untouched = np.setdiff1d(np.arange(len(prior.weights)), data.slots)
    for p in (prior, agreeing):
        p.weights[untouched] = 1.0  # a marker: where these land shows the learnt scale
    contradicted = fit(data, y, hash_bits=12, l2=1e-2, epochs=150, lr=0.05, prior=prior)
    confirmed = fit(data, y, hash_bits=12, l2=1e-2, epochs=150, lr=0.05, prior=agreeing)
    assert prf(scores(contradicted, data), y, 0.5).f1 == 1.0
    assert contradicted.weights[untouched[0]] < 0.5 < confirmed.weights[untouched[0]]


def test_no_prior_trains_as_plain_l2(rows) -> None:
    """The base model's training (no prior) is unchanged by the scale: an all-zero prior
    gives the same weights as none."""
    data, y = rows
    plain = fit(data, y, hash_bits=12, l2=1e-3, epochs=60, lr=0.1)
    zero = fit(data, y, hash_bits=12, l2=1e-3, epochs=60, lr=0.1, prior=ClaimModel.empty(12))
    assert np.array_equal(plain.weights, zero.weights) and plain.bias == zero.bias


def test_rule_and_word_parts_split_the_slots(rows) -> None:
    data, _ = rows
    words, rules = data.part(text=True, rules=False), data.part(text=False, rules=True)
    assert len(words.slots) + len(rules.slots) == len(data.slots)
    assert (rules.slots >= 1 << 12).all() and (words.slots < 1 << 12).all()


def test_best_threshold_is_chosen_on_the_given_scores() -> None:
    p = np.array([0.9, 0.8, 0.3, 0.2])
    y = np.array([1, 1, 0, 0])
    assert best_threshold(p, y).f1 == 1.0


def test_steady_threshold_prefers_a_broad_peak_to_a_narrow_one() -> None:
    """Twenty claims at 0.615 just above fourteen others at 0.605 make 0.61 F1-best, on
    a 0.01-wide ledge: F1 falls by a third either side of it. Where F1 holds over a span
    is where the next sentences will be scored well."""
    claims = np.concatenate([np.full(20, 0.615), np.linspace(0.30, 0.58, 10)])
    others = np.concatenate([np.full(14, 0.605), np.linspace(0.30, 0.58, 10),
                             np.linspace(0.0, 0.29, 100)])  # fmt: skip
    p = np.concatenate([claims, others])
    y = np.concatenate([np.ones(len(claims)), np.zeros(len(others))]).astype(int)
    assert best_threshold(p, y).threshold == 0.61
    t = steady_threshold(p, y, near=0.5)
    assert t < 0.58
    assert min(prf(p, y, t + d).f1 for d in (-0.02, 0.0, 0.02)) > 0.6


def test_steady_threshold_never_flags_more_than_the_allowed_share() -> None:
    """A model that can't tell a rare topic apart scores its claims like everything else:
    F1 is then best by flagging nearly everything, which is no suggestion at all."""
    p = np.linspace(0.0, 0.5, 300)
    i = np.arange(300)
    y = np.where(i < 150, i % 10 == 0, i % 20 == 0).astype(int)  # a few more claims low
    assert steady_threshold(p, y, near=0.3) < 0.05  # unconstrained: flag almost all
    t = steady_threshold(p, y, near=0.3, max_share=2 * y.mean())
    assert np.mean(p >= t) <= 2 * y.mean()


def test_steady_threshold_keeps_the_given_one_when_nothing_is_found() -> None:
    p = np.array([0.2, 0.1, 0.3])
    assert steady_threshold(p, np.array([0, 0, 0]), near=0.28) == 0.28


def test_model_bytes_round_trip_and_refuse_other_rule_sets() -> None:
    m = ClaimModel.empty(10)
    m.weights[[3, 700, (1 << 10) + 2]] = [0.5, -1.25, 2.0]
    m.bias, m.threshold, m.version = -0.3, 0.41, "team-7"
    back = ClaimModel.from_bytes(m.to_bytes())
    assert np.array_equal(back.weights, m.weights)
    assert (back.bias, back.threshold, back.version) == (-0.3, 0.41, "team-7")
    import io
    import json

    z = dict(np.load(io.BytesIO(m.to_bytes())))
    meta = json.loads(str(z["meta"]))
    meta["rule_slots"] = meta["rule_slots"][:-1]
    z["meta"] = np.array(json.dumps(meta))
    buf = io.BytesIO()
    np.savez(buf, **z)
    with pytest.raises(ValueError, match="rebuild"):
        ClaimModel.from_bytes(buf.getvalue())


def test_shipped_model_and_card() -> None:
    model = shipped_model()
    path = package_file("claim_model.npz")
    assert path.stat().st_size < 5_000_000  # "a few MB"
    assert len(model.weights) == (1 << model.hash_bits) + len(RULE_SLOTS)
    assert 0.05 < model.threshold < 0.95 and model.version.startswith("base-")
    card = package_file("MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("CEUR-WS Vol-3740, paper 24", "Dev-test", "both (shipped)", "Speed", "Trained"):
        assert needed in card
    assert model.info["dev_test"]["both"]["f1"] > 0.62  # the TF-IDF floor of the issue


def test_score_is_shifted_so_the_cut_off_reads_one_half() -> None:
    m = ClaimModel.empty(8)
    m.threshold = 0.3
    m.bias = float(np.log(0.3 / 0.7))  # raw probability exactly at the cut-off
    from desktop.core.nlp.scorer import SentenceVector

    assert m.score(SentenceVector(np.array([0]), 1, [(0, 1)])) == pytest.approx(0.5)


def test_average_precision_rewards_claims_ranked_first() -> None:
    y = np.array([1, 0, 1, 0])
    assert average_precision(np.array([0.9, 0.1, 0.8, 0.2]), y) == 1.0  # both claims first
    # ranked claim, other, claim: precision 1 at the first claim, 2/3 at the second
    assert average_precision(np.array([0.9, 0.8, 0.7, 0.1]), y) == pytest.approx((1 + 2 / 3) / 2)
    # a tie keeps the input order, so no score order is invented
    assert average_precision(np.array([0.5, 0.5, 0.5, 0.5]), y) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision(np.array([0.3, 0.2]), np.array([0, 0])) == 0.0
