"""The JSONL export's text is exactly what json.dumps(ensure_ascii=False, no spaces) writes
for the same record: orjson and the cached token JSON change the cost, not the bytes."""

from __future__ import annotations

import json

from desktop.core.export import ExportOptions
from desktop.core.export.jsonl import export_jsonl
from desktop.core.export.tokens import tokenize
from tests.core.helpers import add_articles
from tests.core.test_export_fixtures import build

ODD = ('Odd text: "quotes", back\\slash, tab\there, é and 🙂, a\u2028line, '
       "\x7f, 100% {braces} $5.2bn -- e.g. U.S. ;) ):x")  # fmt: skip


def _std(record) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def test_every_line_is_json_dumps_of_its_record(store, tmp_path):
    build(store)
    add_articles(store, ODD)
    for options in (ExportOptions(), ExportOptions(with_suggestions=True),
                    ExportOptions(per_claim=True)):  # fmt: skip
        out = tmp_path / "out.jsonl"
        export_jsonl(store, out, options)
        lines = out.read_bytes().splitlines(keepends=True)
        assert lines
        for line in lines:
            assert line == _std(json.loads(line))


def test_tokens_of_an_article_without_claims_match_spacy(store, tmp_path):
    (aid,) = add_articles(store, ODD)
    out = tmp_path / "out.jsonl"
    export_jsonl(store, out, ExportOptions(with_suggestions=True))
    records = map(json.loads, out.read_bytes().split(b"\n")[:-1])  # not splitlines: \u2028
    (rec,) = [r for r in records if r["meta"]["article_id"] == aid]
    doc = next(tokenize([ODD]))
    assert rec["tokens"] == [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
         "ws": bool(t.whitespace_)} for t in doc
    ]  # fmt: skip


def test_task_hash_is_hashing_task_hash_for_any_label():
    from desktop.core.export.hashing import task_hash
    from desktop.core.export.jsonl import _task_hash

    for labels in (["VERIFIED", "CLAIM"], ['SAY "NO"', "A\\B", "TAB\tX"], ["VÉRIFIÉ", "主张"], []):
        spans = [(i * 10, i * 10 + 5, label) for i, label in enumerate(labels)][::-1]
        assert _task_hash(123, spans) == task_hash(123, spans)
