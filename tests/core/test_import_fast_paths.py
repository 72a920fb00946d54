"""Issue 13: the labelled import's shortcuts (the collector paused, the depth check's bound,
label fields read only when present) keep every rule they skip work for."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.core import importing
from desktop.core.importers import read_paths
from desktop.core.importers.decode import BadInput
from desktop.core.importers.jsonvalues import check_tree
from desktop.core.importing import import_paths, import_records
from desktop.core.models import Article, Label

SENTENCE = "The minister said on Monday that 14 people were hurt in the blast."


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_depth_check_at_the_limit_and_past_it():
    check_tree(_nested(100))  # 100 levels: allowed
    with pytest.raises(BadInput, match="nested too deeply"):
        check_tree(_nested(101))


def test_many_brackets_but_shallow_passes_and_deep_among_many_fails():
    # more brackets than the limit (in strings and in siblings): the walk decides
    check_tree({"text": "[{" * 500, "claims": [{"labels": [{}, {}]} for _ in range(100)]})
    with pytest.raises(BadInput, match="nested too deeply"):
        check_tree({"claims": [{"a": 1} for _ in range(100)] + [_nested(120)]})


def test_a_verdict_that_is_not_a_string_is_a_bad_record_not_a_crash(store, tmp_path):
    path = _write(tmp_path / "bad.jsonl", [
        {"text": "One. " + SENTENCE, "claims": [{"start": 0, "end": 4, "labels": [
            {"annotator": "ana", "verdict": ["verified"]}]}]},
        {"text": "Two. " + SENTENCE, "claims": [{"start": 0, "end": 4, "verdict": {"a": 1}}]},
        {"text": "Three. " + SENTENCE, "claims": [{"start": 0, "end": 6, "labels": [
            {"annotator": "ana", "verdict": "Verified"}]}]},
    ])  # fmt: skip
    report = import_paths(store, [path])
    assert [str(p) for p in report.problems] == [
        f"{path}:1: claim 0-4, label by 'ana': verdict must be a string, not a list",
        f"{path}:2: claim 0-4: verdict must be a string, not an object",
    ]
    assert len(report.added) == 1 and report.labels_added == 1
    with store.session() as s:
        assert s.exec(select(Label.verdict)).all() == ["verified"]  # case folded as before


def test_label_fields_as_written_numbers_and_blanks(store, tmp_path):
    path = _write(tmp_path / "fields.jsonl", [
        {"text": SENTENCE, "claims": [{"start": 4, "end": 12, "labels": [
            {"annotator": " ana ", "verdict": "verified", "note": 5},
            {"annotator": "bo", "verdict": None, "note": "   ",
             "created_at": "2024-01-02T03:04:05Z"}]}]},
    ])  # fmt: skip
    report = import_paths(store, [path])
    assert not report.problems and report.labels_added == 2
    with store.session() as s:
        rows = {lb.annotator_id: lb for lb in s.exec(select(Label)).all()}
    ana, bo = rows[min(rows)], rows[max(rows)]
    assert (ana.note, ana.verdict) == ("5", "verified")
    assert (bo.note, bo.verdict) == (None, None)
    assert (bo.created_at.year, bo.created_at.hour, bo.created_at.second) == (2024, 3, 5)


def test_the_collector_is_paused_during_an_import_and_on_again_after(store, tmp_path):
    assert gc.isenabled()
    path = _write(tmp_path / "a.jsonl", [{"text": f"{i}. {SENTENCE}"} for i in range(3)])
    seen = []
    import_paths(store, [path], progress=lambda n, _: seen.append(gc.isenabled()))
    assert seen == [False, False, False] and gc.isenabled()

    def failing():
        yield from read_paths([path])
        raise OSError("disk gone")

    with pytest.raises(OSError):
        import_records(store, failing())
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_each_chunks_cyclic_garbage_is_collected_while_paused(store, tmp_path, monkeypatch):
    """Memory flat in corpus size: cycles made while the collector is paused (a session's)
    go after each chunk is written, not at the end of the import."""
    monkeypatch.setattr(importing, "CHUNK_SIZE", 5)
    path = _write(tmp_path / "a.jsonl", [{"text": f"{i}. {SENTENCE}"} for i in range(30)])
    refs: list[weakref.ref] = []
    alive_at_20: list[int] = []

    def progress(n: int, _origin: str) -> None:
        refs.append(weakref.ref(_Cycle()))  # garbage at once, freed only by the collector
        if n == 20:
            alive_at_20.append(sum(r() is not None for r in refs[:10]))

    report = import_paths(store, [path], progress=progress)
    assert len(report.added) == 30
    assert alive_at_20 == [0]  # the first two chunks' cycles are gone mid-import
    with store.session() as s:
        assert len(s.exec(select(Article.id)).all()) == 30
