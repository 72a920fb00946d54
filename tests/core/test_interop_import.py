"""Label Studio and doccano exports in: formats detected from the content, verdict labels
become labels by the annotator the file names, other labels stay as tags, predictions become
suggestions, and everything not imported is said per file. Fixtures follow the tools'
documented export schemas (Label Studio JSON / JSON_MIN / tasks per line; doccano JSONL
with `label` or `entities`/`relations`, and its per-user .zip)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.core.importing import import_paths
from desktop.core.models import Annotator, Article, Claim, Label, Suggestion
from desktop.core.store import Store

FIXTURES = Path(__file__).parent / "fixtures_interop"
TEXT = "The port reopened on Monday, officials said. Fourteen ships were waiting outside."


def claims_of(store: Store, text: str = TEXT) -> dict[tuple[int, int], tuple[str | None, dict]]:
    """(start, end) -> (tag, {annotator: verdict})"""
    with store.session() as s:
        aid = s.exec(select(Article.id).where(Article.text == text)).one()
        out = {}
        for c in s.exec(select(Claim).where(Claim.article_id == aid)):
            rows = s.exec(
                select(Annotator.name, Label.verdict)
                .join(Label, Label.annotator_id == Annotator.id)
                .where(Label.claim_id == c.id)
            ).all()
            out[c.start, c.end] = (c.tag, dict(rows))
        return out


def test_label_studio_json_export(store, tmp_path):
    path = FIXTURES / "label_studio_tasks.json"
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert len(report.added) == 2
    assert claims_of(store) == {
        (0, 44): (None, {"ana@example.org": "verified", "label-studio user 7": "conflicting"}),
        (45, 81): ("EVENT", {}),
    }
    with store.session() as s:
        (sug,) = s.exec(select(Suggestion)).all()
        title = s.exec(select(Article.title).where(Article.text == TEXT)).one()
    assert (sug.start, sug.end, sug.score, sug.model) == (45, 81, 0.64, "Label Studio: claims-v2")
    assert title == "Port reopens"
    summary = report.files[str(path)]
    assert summary.format == "Label Studio JSON"
    assert (summary.added, summary.claims, summary.labels, summary.suggestions) == (2, 2, 2, 1)
    notes = dict(summary.notes)
    assert any(k.startswith("relations not imported") for k in notes)
    assert any(k.startswith("choices results not imported") for k in notes)
    assert any(k.startswith("cancelled") for k in notes)


def test_label_studio_tasks_one_per_line(store, tmp_path):
    tasks = json.loads((FIXTURES / "label_studio_tasks.json").read_text())
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks))
    report = import_paths(store, [path])
    assert not report.problems and len(report.added) == 2
    assert report.files[str(path)].format == "Label Studio tasks"
    assert claims_of(store)[0, 44][1]["ana@example.org"] == "verified"


def test_label_studio_json_min_records_of_one_task_merge(store, tmp_path):
    path = FIXTURES / "label_studio_min.json"
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert len(report.added) == 1
    summary = report.files[str(path)]
    assert summary.format == "Label Studio JSON_MIN"
    assert (summary.added, summary.merged, summary.labels) == (1, 1, 2)
    assert claims_of(store) == {
        (0, 44): (None, {"ana@example.org": "verified", "bo@example.org": "unsupported"}),
        (45, 81): ("EVENT", {}),
    }
    with store.session() as s:
        assert s.exec(select(Article.meta)).one() == {"label_studio_id": 101, "topic": "Politics"}


def test_json_min_one_per_line_is_no_longer_silently_empty(store, tmp_path):
    records = json.loads((FIXTURES / "label_studio_min.json").read_text())
    path = tmp_path / "min.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    report = import_paths(store, [path])
    assert report.claims_added == 2 and report.labels_added == 2


def test_doccano_entities_and_relations_with_annotator(store):
    path = FIXTURES / "doccano_relations.jsonl"
    report = import_paths(store, [path], annotator="cy")
    assert not report.problems
    assert claims_of(store) == {(0, 44): (None, {"cy": "verified"}), (45, 81): ("EVENT", {})}
    summary = report.files[str(path)]
    assert summary.format == "doccano JSONL"
    assert summary.notes["relations not imported: Claimdesk links claims to sources, not to each other"] == 1
    with store.session() as s:
        meta = s.exec(select(Article.meta).where(Article.text == TEXT)).one()
    assert meta == {"id": 1, "doccano_comments": ["check the date"]}


def test_doccano_without_an_annotator_keeps_the_verdict_as_a_tag_and_says_so(store):
    path = FIXTURES / "doccano_relations.jsonl"
    report = import_paths(store, [path])
    assert claims_of(store)[0, 44] == ("VERIFIED", {})
    assert any("--annotator" in note for note in report.files[str(path)].notes)


def test_doccano_zip_names_annotators_by_file(store, tmp_path):
    path = tmp_path / "project_3.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("ana.jsonl", json.dumps({"id": 1, "text": TEXT, "label": [[0, 44, "Verified"], [45, 81, "EVENT"]], "Comments": []}) + "\n")
        z.writestr("bo.jsonl", json.dumps({"id": 1, "text": TEXT, "label": [[0, 44, "unsupported"]], "Comments": []}) + "\n"
                   + json.dumps({"id": 2, "text": "Second text here.", "label": [], "Comments": []}) + "\n")
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert len(report.added) == 2
    assert claims_of(store) == {
        (0, 44): (None, {"ana": "verified", "bo": "unsupported"}),
        (45, 81): ("EVENT", {}),
    }
    assert report.files[f"{path}/ana.jsonl"].format == "doccano JSONL"
    assert report.files[f"{path}/bo.jsonl"].merged == 1
    with store.session() as s:
        origins = set(s.exec(select(Article.origin)).all())
    assert origins == {"project_3.zip/ana.jsonl", "project_3.zip/bo.jsonl"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.json", b"[{\"data\": {\"text\": \"ok\"}}, {\"data\": ", "malformed JSON after item 1"),
        ("num.json", b"42", "not a JSON array or object"),
        ("off.json", json.dumps([{"data": {"text": "short"}, "annotations": [{"completed_by": 1, "result": [
            {"type": "labels", "value": {"start": 0, "end": 99, "labels": ["verified"]}}]}]}]).encode(),
         "item 1: span 0-99 is outside the text"),
        ("x.zip", b"PK\x03\x04 not really", "not a readable .zip"),
        ("sur.jsonl", b'{"data": {"text": "Short text."}, "annotations": [{"completed_by": 1, '
                      b'"result": [{"type": "labels", "value": {"start": 0, "end": 5, '
                      b'"labels": ["\\ud800x"]}}]}]}\n', "invalid character \\ud800"),
        ("deep.json", b'[{"data": {"text": "Short text.", "x": ' + b"[" * 150 + b"]" * 150 + b"}}]",
         "item 1: JSON is nested too deeply"),
    ],
)
def test_bad_interop_files_are_named(store, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    report = import_paths(store, [path])
    assert any(p.file == str(path) and reason in p.reason for p in report.problems), [
        str(p) for p in report.problems
    ]


def test_zip_members_that_are_not_records_are_named(store, tmp_path):
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("README.txt", "hello")
        z.writestr("ana.jsonl", json.dumps({"text": TEXT, "label": [[0, 44, "verified"]]}) + "\n")
    report = import_paths(store, [path])
    assert [str(p) for p in report.problems] == [
        f"{path}/README.txt: not imported: only .jsonl and .json files in a .zip are read"
    ]
    assert claims_of(store) == {(0, 44): (None, {"ana": "verified"})}


@pytest.mark.postgres
def test_postgresql_takes_label_studio_and_doccano_twice_without_doubling(pg_store, tmp_path):
    path = FIXTURES / "label_studio_tasks.json"
    first = import_paths(pg_store, [path])
    again = import_paths(pg_store, [path, FIXTURES / "label_studio_min.json"])
    assert not first.problems and not again.problems
    assert (again.claims_added, len(again.added)) == (0, 0)
    assert claims_of(pg_store) == {
        (0, 44): (None, {"ana@example.org": "verified", "label-studio user 7": "conflicting",
                         "bo@example.org": "unsupported"}),
        (45, 81): ("EVENT", {}),
    }  # fmt: skip


def test_doccano_member_file_that_starts_unlabelled_keeps_its_verdicts(store, tmp_path):
    """doccano 1.8.4 writes every example into every member's file, `label: []` where that
    member labelled nothing: such a first line must not make the file plain JSONL (which
    would turn the later verdicts into bare claims)."""
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("bo.jsonl", json.dumps({"id": 1, "text": "Second text here.", "label": [], "Comments": []}) + "\n"
                   + json.dumps({"id": 2, "text": TEXT, "label": [[0, 44, "conflicting"]], "Comments": []}) + "\n")
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert report.files[f"{path}/bo.jsonl"].format == "doccano JSONL"
    assert claims_of(store) == {(0, 44): (None, {"bo": "conflicting"})}


def test_doccano_lines_without_comments_are_told_by_a_later_labelled_line(store, tmp_path):
    """Our own doccano export has no Comments key: an article without claims first
    (`label: []`) must not make the file plain JSONL either."""
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"text": "Second text here.", "label": []}) + "\n"
                    + json.dumps({"text": TEXT, "label": [[0, 44, "verified"]]}) + "\n")
    report = import_paths(store, [path], annotator="cy")
    assert report.files[str(path)].format == "doccano JSONL"
    assert claims_of(store) == {(0, 44): (None, {"cy": "verified"})}
