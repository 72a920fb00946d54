"""Files written by the real tools, not by hand: Label Studio 1.23.2 and doccano 1.8.4 were
installed from PyPI, run on 127.0.0.1, given our `-f label-studio` / `-f doccano` exports
of tests/peers/sample.py through their APIs (two annotators, a tag, predictions, an emoji
before and inside claims, accented and Greek text), plus one span drawn in each tool's own
UI in headless Chromium ("Ships 🚢 waited outside Reykjavík", by the admin); then exported:

- real_label_studio_export{,_min}.json: the Export button (JSON, JSON_MIN): users and
  predictions as ids only;
- real_label_studio_snapshot{,_min}.json: an export snapshot with full users and predictions;
- real_doccano_export.zip: doccano's download, one file per member, every example in each.

The UI-drawn spans show how each tool counts: Label Studio stored 39-71 for the span that
starts at JavaScript index 40 (code points, like Python); doccano stored 40-73 (UTF-16 units).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.core.export import export
from desktop.core.importing import import_paths
from desktop.core.models import Article, Suggestion
from desktop.core.store import Store, open_store
from tests.fixtures.interop_state import claim_labels

FIXTURES = Path(__file__).parent / "fixtures_interop"
EMOJI_UI = "Ships 🚢 waited outside Reykjavík"


def state(store: Store) -> set[tuple]:
    """(claim text, tag, annotator, verdict) for every claim and label."""
    return {(text[s:e], tag, who, verdict) for text, s, e, tag, who, verdict in claim_labels(store)}


def sample_state(ana: str, bo: str, ui: str) -> set[tuple]:
    return {
        ("The port reopened on Monday 🚢, officials said.", None, ana, "verified"),
        ("The port reopened on Monday 🚢, officials said.", None, bo, "conflicting"),
        ("Fourteen ships 🚢🚢 were waiting outside.", "EVENT", ana, "unsupported"),
        ("Zürich's mayor said 300 people left Łódź.", None, bo, "verified"),
        ("Η δήλωση «ήταν λάθος»", None, None, None),
        ("Prices rose 👍🏽 by 4% in May", None, ana, "verified"),
        ("Prices rose 👍🏽 by 4% in May", None, bo, "verified"),
        (EMOJI_UI, None, ui, "unsupported"),
    }


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("real_label_studio_snapshot.json", "Label Studio JSON"),
     ("real_label_studio_snapshot_min.json", "Label Studio JSON_MIN")],
)  # fmt: skip
def test_label_studio_snapshots_keep_annotators_verdicts_tags_and_emoji_spans(store, name, fmt):
    path = FIXTURES / name
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert report.files[str(path)].format == fmt
    # ana@claimdesk.invalid (our stand-in e-mail for a name) reads back as ana
    assert state(store) == sample_state("ana", "bo", "admin@example.org")


def test_label_studio_snapshot_brings_predictions_as_suggestions(store):
    import_paths(store, [FIXTURES / "real_label_studio_snapshot.json"])
    with store.session() as s:
        rows = s.exec(select(Article.text, Suggestion.start, Suggestion.end, Suggestion.score)
                      .join(Suggestion, Suggestion.article_id == Article.id)).all()  # fmt: skip
    assert sorted((t[a:b], score) for t, a, b, score in rows) == [
        ("Fourteen ships 🚢🚢 were waiting outside.", 0.7), ("No one was hurt", 0.4)]


@pytest.mark.parametrize("name", ["real_label_studio_export.json", "real_label_studio_export_min.json"])
def test_label_studio_export_button_files_import_and_say_what_ids_lose(store, name):
    """The Export button names users by id and predictions by id: the verdicts still come
    through per annotator (as "label-studio user N"), and the summary says what was lost."""
    path = FIXTURES / name
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert state(store) == sample_state("label-studio user 3", "label-studio user 4",
                                        "label-studio user 1")  # fmt: skip
    notes = report.files[str(path)].notes
    assert any("user id only" in n for n in notes)
    if name == "real_label_studio_export.json":
        assert notes[next(n for n in notes if n.startswith("predictions exported as ids"))] == 2


def test_doccano_download_keeps_every_members_verdicts_and_utf16_offsets(store):
    path = FIXTURES / "real_doccano_export.zip"
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    for member in ("admin", "ana", "bo"):
        assert report.files[f"{path}/{member}.jsonl"].format == "doccano JSONL"
    assert state(store) == sample_state("ana", "bo", "admin")


def test_the_ui_drawn_spans_show_how_each_tool_counts():
    """The evidence behind the conversions: the same characters, two ways of counting."""
    tasks = json.loads((FIXTURES / "real_label_studio_snapshot.json").read_text(encoding="utf-8"))
    (value,) = [r["value"] for t in tasks for a in t["annotations"] for r in a["result"]
                if r["value"]["text"] == EMOJI_UI]  # fmt: skip
    text = next(t["data"]["text"] for t in tasks if EMOJI_UI in t["data"]["text"])
    assert text[value["start"] : value["end"]] == EMOJI_UI  # Label Studio: code points
    with zipfile.ZipFile(FIXTURES / "real_doccano_export.zip") as z:
        lines = [json.loads(x) for x in z.read("admin.jsonl").decode().splitlines()]
    line = next(x for x in lines if EMOJI_UI in x["text"])
    ((s, e, _),) = line["label"]
    units = line["text"].encode("utf-16-le")
    assert units[2 * s : 2 * e].decode("utf-16-le") == EMOJI_UI  # doccano: UTF-16 code units
    assert line["text"][s:e] != EMOJI_UI


def test_round_trip_through_the_real_files_exports_the_same_offsets(store, tmp_path):
    """Import the tools' files, export toward each tool again: Label Studio gets the offsets
    it wrote (code points), doccano the ones it wrote (UTF-16 units)."""
    import_paths(store, [FIXTURES / "real_label_studio_snapshot.json"])
    out = tmp_path / "tasks.json"
    export(store, "label-studio", out)
    ours = {(r["value"]["start"], r["value"]["end"]) for t in json.loads(out.read_text())
            for a in t["annotations"] for r in a["result"] if r["value"]["text"] == EMOJI_UI}  # fmt: skip
    assert ours == {(39, 71)}

    back = open_store(str(tmp_path / "doccano.db"))
    import_paths(back, [FIXTURES / "real_doccano_export.zip"])
    line_path = tmp_path / "doccano.jsonl"
    export(back, "doccano", line_path)
    lines = [json.loads(x) for x in line_path.read_text(encoding="utf-8").splitlines()]
    line = next(x for x in lines if EMOJI_UI in x["text"])
    assert line["label"] == [[40, 73, "unsupported"]]
    port = next(x for x in lines if x["text"].startswith("The port"))
    units = port["text"].encode("utf-16-le")
    assert sorted(units[2 * s : 2 * e].decode("utf-16-le") for s, e, _ in port["label"]) == [
        "Fourteen ships 🚢🚢 were waiting outside.", "Fourteen ships 🚢🚢 were waiting outside.",
        "The port reopened on Monday 🚢, officials said."]  # fmt: skip
