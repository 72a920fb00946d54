"""Exports toward Label Studio and doccano: the files match the tools' documented import
schemas, and importing them back into an empty database gives the same claims, verdicts
(per annotator where the format keeps them) and tags."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.cli import main
from desktop.core.export import ExportOptions, export
from desktop.core.export.label_studio import config_path
from desktop.core.importing import import_paths
from desktop.core.models import Suggestion
from desktop.core.store import Store, open_store
from tests.fixtures.interop_state import claim_labels

FIXTURES = Path(__file__).parent / "fixtures_interop"
SECOND = "Officials said 300 people left the town. The mayor denied it."


def _state(store: Store) -> set[tuple]:
    """(text, start, end, tag, annotator, verdict) for every claim and label."""
    return set(claim_labels(store))


@pytest.fixture
def source(store, tmp_path) -> Store:
    """Two annotators, a tag, an unlabelled claim, a label still without verdict, predictions."""
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"text": SECOND, "claims": [
        {"start": 0, "end": 40, "labels": [{"annotator": "ana", "verdict": "unsupported"},
                                           {"annotator": "bo", "verdict": None}]},
        {"start": 41, "end": 61, "labels": []},
    ]}) + "\n")  # fmt: skip
    report = import_paths(store, [FIXTURES / "label_studio_tasks.json", mine])
    assert not report.problems, [str(p) for p in report.problems]
    return store


def test_label_studio_export_matches_its_config_and_schema(source, tmp_path):
    out = tmp_path / "tasks.json"
    export(source, "label-studio", out, ExportOptions(with_suggestions=True))
    tasks = json.loads(out.read_text())
    config = ET.fromstring(config_path(out).read_text())
    labels = config.find("Labels")
    text_tag = config.find("Text")
    allowed = {lb.get("value") for lb in labels.findall("Label")}
    assert text_tag.get("value") == "$text" and labels.get("toName") == text_tag.get("name")
    assert {"verified", "conflicting", "unsupported", "CLAIM", "EVENT"} <= allowed
    assert len(tasks) == 3  # with suggestions: every article, the unlabelled one too
    for t in tasks:
        assert isinstance(t["data"]["text"], str)
        for ann in t["annotations"]:
            # Label Studio finds annotators by e-mail; claims nobody labelled go to the importer
            who = ann.get("completed_by")
            assert who is None or "@" in who["email"], who
            assert ann["was_cancelled"] is False
            for r in ann["result"]:
                assert r["type"] == "labels"
                assert (r["from_name"], r["to_name"]) == (labels.get("name"), text_tag.get("name"))
                v = r["value"]
                assert t["data"]["text"][v["start"] : v["end"]] == v["text"]
                assert set(v["labels"]) <= allowed
    port = next(t for t in tasks if t["data"]["text"].startswith("The port"))
    assert port["predictions"][0]["result"][0]["value"]["labels"] == ["CLAIM"]


def test_label_studio_round_trip(source, tmp_path):
    out = tmp_path / "tasks.json"
    export(source, "label-studio", out, ExportOptions(with_suggestions=True))
    back = open_store(str(tmp_path / "back.db"))
    report = import_paths(back, [out])
    assert not report.problems, [str(p) for p in report.problems]
    # a label still without a verdict is a CLAIM region: the claim comes back, unlabelled
    assert _state(back) == {r for r in _state(source) if not (r[4] == "bo" and r[5] is None)}
    with back.session() as s:
        assert len(s.exec(select(Suggestion)).all()) == 1


def test_doccano_zip_round_trip_keeps_every_annotator(source, tmp_path):
    out = tmp_path / "doccano.zip"
    export(source, "doccano", out)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        for name in names:
            for line in z.read(name).decode().splitlines():
                obj = json.loads(line)
                assert isinstance(obj["text"], str)
                for s, e, label in obj["label"]:
                    assert 0 <= s < e <= len(obj["text"]) and isinstance(label, str)
    assert names == {"ana.jsonl", "bo.jsonl", "ana@example.org.jsonl",
                     "label-studio_user_7.jsonl", "all.jsonl"}  # fmt: skip
    back = open_store(str(tmp_path / "back.db"))
    report = import_paths(back, [out])
    assert not report.problems, [str(p) for p in report.problems]
    want = {row if row[4] != "label-studio user 7" else (*row[:4], "label-studio_user_7", row[5])
            for row in _state(source)}  # fmt: skip
    # a label still without a verdict is a claim in doccano (nothing to say who is unsure)
    want = {r for r in want if not (r[4] == "bo" and r[5] is None)}
    assert _state(back) == want


def test_doccano_jsonl_carries_final_verdicts_for_one_annotator(source, tmp_path):
    out = tmp_path / "ana.jsonl"
    export(source, "doccano", out, ExportOptions(annotator="ana"))
    (line,) = out.read_text().splitlines()
    assert json.loads(line)["label"] == [[0, 40, "unsupported"]]
    back = open_store(str(tmp_path / "back.db"))
    import_paths(back, [out], annotator="ana")
    assert _state(back) == {(SECOND, 0, 40, None, "ana", "unsupported")}


def test_cli_offers_the_new_formats(source, tmp_path, capsys):
    db = source.location
    assert main(["--db", db, "export", "-f", "label-studio", "-o", str(tmp_path / "t.json")]) == 0
    assert config_path(tmp_path / "t.json").exists()
    assert main(["--db", db, "export", "-f", "doccano", "-o", str(tmp_path / "d.jsonl")]) == 0
    assert main(["--db", db, "export", "-f", "doccano", "--with-suggestions",
                 "-o", str(tmp_path / "x.jsonl")]) == 2  # fmt: skip
    capsys.readouterr()
    back = tmp_path / "back.db"
    assert main(["--db", str(back), "import", str(tmp_path / "t.json")]) == 0
    out = capsys.readouterr().out
    assert "[Label Studio JSON] 2 articles imported, 4 claims, 3 labels" in out


def test_label_studio_users_are_named_by_e_mail_and_read_back_as_they_were(store, tmp_path):
    """Label Studio 1.23 refuses a task whose completed_by has no e-mail of one of its users;
    a name that is not an e-mail goes out as NAME@claimdesk.invalid and comes back as NAME."""
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"text": SECOND, "claims": [{"start": 0, "end": 40, "labels": [
        {"annotator": "Ana López", "verdict": "verified"},
        {"annotator": "bo@example.org", "verdict": "unsupported"}]}]}) + "\n")  # fmt: skip
    import_paths(store, [mine])
    out = tmp_path / "tasks.json"
    export(store, "label-studio", out)
    (task,) = json.loads(out.read_text())
    emails = [a["completed_by"]["email"] for a in task["annotations"]]
    assert emails == ["Ana%20L%C3%B3pez@claimdesk.invalid", "bo@example.org"]
    back = open_store(str(tmp_path / "back.db"))
    import_paths(back, [out])
    assert _state(back) == {(SECOND, 0, 40, None, "Ana López", "verified"),
                            (SECOND, 0, 40, None, "bo@example.org", "unsupported")}  # fmt: skip
