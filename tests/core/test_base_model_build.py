"""`make model` (base_model.build): deterministic, tuned out of fold, the card says how.

The data here is written by the test in CT24's format (the real files live outside the
repository); what is checked is the procedure, not the figures.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.core.nlp import base_model
from desktop.core.nlp.ct24 import FILES

SUBJECTS = ["The senator", "Our state", "The governor", "My opponent", "The city", "Congress"]
FACTS = [
    "cut taxes by {n} percent in {y}",
    "spent {n} million dollars on schools in {y}",
    "created {n},000 jobs since {y}",
    "voted {n} times against the budget in {y}",
]
VIEWS = [
    "believes in a better future",
    "wants to thank everyone here tonight",
    "thinks we can do great things together",
    "is proud of this wonderful country",
]


def write_split(folder: Path, split: str, n: int, first_id: int, seed: int) -> None:
    rnd = random.Random(seed)
    lines = ["Sentence_id\tText\tclass_label"]
    for i in range(n):
        worthy = rnd.random() < 0.3
        verb = rnd.choice(FACTS if worthy else VIEWS)
        text = f"{rnd.choice(SUBJECTS)} {verb.format(n=rnd.randint(2, 90), y=rnd.randint(1990, 2020))}."
        lines.append(f"{first_id + i}\t{text}\t{'Yes' if worthy else 'No'}")
    (folder / FILES[split]).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ct24")
    write_split(folder, "train", 400, 1000, 1)
    write_split(folder, "dev", 80, 5000, 2)
    write_split(folder, "dev-test", 60, 9000, 3)
    return folder


def test_a_rebuild_from_the_same_data_is_the_same_model(data, tmp_path) -> None:
    first = base_model.build(data, hash_bits=12, log=lambda _m: None)
    second = base_model.build(data, hash_bits=12, log=lambda _m: None)
    assert first.model.version == second.model.version
    assert first.model.to_bytes() == second.model.to_bytes()
    assert first.l2 in base_model.L2_GRID
    # tuned out of fold: the figure is from sentences no fold's model saw
    assert 0.0 < first.dev.f1 <= 1.0 and 0.05 <= first.model.threshold <= 0.95
    assert set(first.dev_test) == {"text", "rules", "both"}
    assert first.dev_test["both"].f1 > 0.9  # figures against words: an easy, real signal
    path = base_model.write(first, tmp_path, data)
    card = (tmp_path / base_model.CARD_FILE).read_text(encoding="utf-8")
    assert f"version `{first.model.version}`" in card
    assert f"{base_model.FOLDS}-fold cross-validation" in card
    assert "Dev-test** (60 sentences" in card
    assert path.stat().st_size > 1000


def test_folds_follow_the_sentence_ids_not_the_file_order(data, tmp_path) -> None:
    """A debate's sentences (consecutive ids) stay in one fold wherever they sit in the
    file: shuffling the rows of train makes the same choices."""
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for split in ("dev", "dev-test"):
        (shuffled / FILES[split]).write_bytes((data / FILES[split]).read_bytes())
    header, *rows = (data / FILES["train"]).read_text(encoding="utf-8").splitlines()
    random.Random(7).shuffle(rows)
    (shuffled / FILES["train"]).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    a = base_model.build(data, hash_bits=12, log=lambda _m: None)
    b = base_model.build(shuffled, hash_bits=12, log=lambda _m: None)
    assert (a.l2, a.model.threshold, round(a.dev.f1, 6)) == (b.l2, b.model.threshold, round(b.dev.f1, 6))
