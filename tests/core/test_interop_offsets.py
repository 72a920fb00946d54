"""Offsets after characters outside the BMP (emoji): Python and Label Studio 1.23 count code
points, doccano counts UTF-16 code units (JavaScript's String.length). Checked in the real
tools (see test_interop_real.py); here each rule is pinned on small hand-written files."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from desktop.core.export import export
from desktop.core.importers.offsets import from_utf16, has_astral, utf16_offsets
from desktop.core.importing import import_paths
from desktop.core.models import Article, Claim
from desktop.core.store import open_store

TEXT = "Ships 🚢🚢 waited. The mayor 👍🏽 said 300 people left."
CLAIM = "The mayor 👍🏽 said 300 people left."


def utf16(text: str, piece: str) -> tuple[int, int]:
    units = text.encode("utf-16-le")
    start = units.index(piece.encode("utf-16-le")) // 2
    return start, start + len(piece.encode("utf-16-le")) // 2


def claim_texts(store) -> list[str]:
    with store.session() as s:
        rows = s.exec(select(Article.text, Claim.start, Claim.end).join(Claim)).all()
    return sorted(t[a:b] for t, a, b in rows)


def test_utf16_maps_agree_with_python_encoding():
    units = utf16_offsets(TEXT)
    assert units[-1] == len(TEXT.encode("utf-16-le")) // 2 == len(TEXT) + 4
    back = from_utf16(TEXT)
    assert all(back[u] == i for i, u in enumerate(units))
    assert has_astral(TEXT) and not has_astral("Zürich «ήταν»")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é🚢👍🏽\n"), min_size=1, max_size=30))
def test_utf16_offsets_match_the_encoded_length_of_every_prefix(text):
    units = utf16_offsets(text)
    assert [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)] == units


def test_doccano_offsets_are_read_as_utf16_units(store, tmp_path):
    s, e = utf16(TEXT, CLAIM)
    path = tmp_path / "ana.jsonl"
    path.write_text(json.dumps({"id": 1, "text": TEXT, "label": [[s, e, "verified"]],
                                "Comments": []}, ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert claim_texts(store) == [CLAIM]


def test_a_doccano_span_that_splits_an_emoji_is_named(store, tmp_path):
    path = tmp_path / "ana.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[0, 7, "verified"]], "Comments": []},
                               ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    report = import_paths(store, [path])
    (problem,) = report.problems
    assert (problem.file, problem.line) == (str(path), 1)
    assert "splits a character outside the BMP" in problem.reason


def test_label_studio_code_point_offsets_are_taken_as_they_are(store, tmp_path):
    s = TEXT.index(CLAIM)
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"data": {"text": TEXT}, "annotations": [{"completed_by": 1, "result": [
        {"type": "labels", "value": {"start": s, "end": s + len(CLAIM), "text": CLAIM,
                                     "labels": ["verified"]}}]}]}], ensure_ascii=False))  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems and claim_texts(store) == [CLAIM]
    assert not any("UTF-16" in n for n in report.files[str(path)].notes)


def test_label_studio_utf16_offsets_with_their_quote_are_read_as_such_and_said(store, tmp_path):
    """Label Studio before its code point fix (and other JavaScript tools) stored UTF-16
    offsets; the quoted text tells which way they count."""
    s, e = utf16(TEXT, CLAIM)
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"data": {"text": TEXT}, "annotations": [{"completed_by": 1, "result": [
        {"type": "labels", "value": {"start": s, "end": e, "text": CLAIM,
                                     "labels": ["verified"]}}]}]}], ensure_ascii=False))  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems, [str(p) for p in report.problems]
    assert claim_texts(store) == [CLAIM]
    assert any("UTF-16" in n for n in report.files[str(path)].notes)


def test_label_studio_quote_that_matches_neither_way_is_still_an_error(store, tmp_path):
    s, e = TEXT.index(CLAIM), TEXT.index(CLAIM) + len(CLAIM)
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"data": {"text": TEXT}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": s, "end": e, "text": "something else",
                                     "labels": ["verified"]}}]}]}], ensure_ascii=False))  # fmt: skip
    report = import_paths(store, [path])
    (problem,) = report.problems
    assert problem.reason.startswith("item 1: span 17-51 says 'something else' but the text")


def test_doccano_export_writes_utf16_units_and_reads_back_the_same_claims(store, tmp_path):
    s = TEXT.index(CLAIM)
    mine = tmp_path / "mine.jsonl"
    mine.write_text(json.dumps({"text": TEXT, "claims": [{"start": s, "end": s + len(CLAIM),
                    "labels": [{"annotator": "ana", "verdict": "verified"}]}]},
                    ensure_ascii=False) + "\n", encoding="utf-8")  # fmt: skip
    import_paths(store, [mine])
    for name in ("out.jsonl", "out.zip"):
        out = tmp_path / name
        export(store, "doccano", out)
        if name == "out.jsonl":
            (line,) = out.read_text(encoding="utf-8").splitlines()
            assert json.loads(line)["label"] == [[*utf16(TEXT, CLAIM), "verified"]]
        back = open_store(str(tmp_path / f"{name}.db"))
        report = import_paths(back, [out], annotator="ana")
        assert not report.problems, [str(p) for p in report.problems]
        assert claim_texts(back) == [CLAIM]
