"""Property-based tests: no input makes the importers raise; offsets map faithfully."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.importers import read_paths
from desktop.core.importers.normalise import normalise_text
from desktop.core.importers.offsets import offset_map
from desktop.core.records import ArticleRecord, ImportProblem

FAST = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)

# Text that stresses normalisation: CR/LF, BOMs, combining accents, Hangul jamo.
tricky_text = st.text(
    alphabet=st.sampled_from(
        [
            "a",
            "e",
            " ",
            "\r",
            "\n",
            "\ufeff",
            "\u0301",
            "\u0327",
            "é",
            "\u1100",
            "\u1161",
            "\u11a8",
            "\u0b47",
            "\u0b3e",
        ]
    ),
    max_size=40,
)


def run(path: Path, **kw: int) -> list[ArticleRecord | ImportProblem]:
    out = list(read_paths([path], **kw))
    for r in out:
        assert isinstance(r, ArticleRecord | ImportProblem)
        if isinstance(r, ImportProblem):
            assert r.reason and "Traceback" not in r.reason and "\n" not in r.reason
        else:
            assert r.text.strip() and normalise_text(r.text) == r.text
            for c in r.claims:
                assert 0 <= c.start < c.end <= len(r.text)
    return out


@pytest.mark.parametrize("ext", [".txt", ".html", ".jsonl", ".csv"])
@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise(tmp_path: Path, ext: str, data: bytes) -> None:
    p = tmp_path / f"fuzz{ext}"
    p.write_bytes(data)
    run(p)


@FAST
@given(lines=st.lists(json_values, max_size=6))
def test_random_json_lines_never_raise(tmp_path: Path, lines: list[object]) -> None:
    p = tmp_path / "fuzz.jsonl"
    p.write_text("\n".join(json.dumps(v) for v in lines), encoding="utf-8")
    run(p)


span_item = st.one_of(
    st.fixed_dictionaries({"start": json_values | st.integers(-5, 50), "end": st.integers(-5, 50)}),
    st.lists(st.integers(-5, 50) | json_values, max_size=3),
    json_values,
)
label_item = st.fixed_dictionaries(
    {},
    optional={
        "annotator": st.sampled_from(["ann", "", None, 3]),
        "verdict": st.sampled_from(["verified", "VERIFIED", "nope", None]),
        "sources": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "url": st.sampled_from(["https://a.b/c", "ftp://x", "", None]),
                    "article": st.sampled_from(["ab" * 32, "zz"]),
                    "start": st.integers(-2, 5),
                    "end": st.integers(-2, 5),
                    "stance": st.sampled_from(["supports", "odd", None]),
                },
            )
            | json_values,
            max_size=2,
        ),
    },
)
claim_item = st.fixed_dictionaries(
    {"start": st.integers(-2, 30), "end": st.integers(-2, 30)},
    optional={"labels": st.lists(label_item, max_size=3) | json_values, "review": json_values},
)
record = st.fixed_dictionaries(
    {"text": tricky_text | json_values},
    optional={
        "spans": st.lists(span_item, max_size=3),
        "label": st.lists(span_item, max_size=3),
        "claims": st.lists(claim_item, max_size=3) | json_values,
        "meta": json_values,
        "title": json_values,
    },
)


@FAST
@given(records=st.lists(record, min_size=1, max_size=4))
def test_random_records_never_raise(tmp_path: Path, records: list[dict[str, object]]) -> None:
    p = tmp_path / "fuzz.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = run(p)
    assert {r.line for r in out} <= set(range(1, len(records) + 1))


@FAST
@given(text=st.text(max_size=300))
def test_any_text_file_imports_as_its_normalised_self(tmp_path: Path, text: str) -> None:
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    (r,) = run(p)
    if isinstance(r, ArticleRecord):
        assert r.text == normalise_text(text)


@FAST
@given(raw=tricky_text | st.text(max_size=60))
def test_offset_map_is_faithful(raw: str) -> None:
    try:
        norm, m = offset_map(raw)
    except ValueError:
        return  # reported to the user as a problem, never a wrong offset
    assert norm == normalise_text(raw) and len(m) == len(raw) + 1
    assert m[0] == 0 and m[-1] == len(norm)
    mapped = [(i, j) for i, j in enumerate(m) if j >= 0]
    assert all(a[1] <= b[1] for a, b in zip(mapped, mapped[1:], strict=False))
    for i, a in mapped:
        for j, b in mapped:
            if i < j:
                assert normalise_text(raw[i:j]) == norm[a:b] or raw[i] == "\ufeff"


@FAST
@given(s=st.text(max_size=80) | tricky_text)
def test_normalise_is_idempotent(s: str) -> None:
    once = normalise_text(s)
    assert normalise_text(once) == once
    assert "\r" not in once and not once.startswith("\ufeff")


def test_nul_bytes_and_huge_lines_after_the_sniffed_part(tmp_path: Path) -> None:
    p = tmp_path / "late.jsonl"
    filler = json.dumps({"text": "x" * 9000})
    p.write_bytes(filler.encode() + b'\n{"text": "a\x00b"}\n' + b"{" * 3_000_000 + b"\n")
    out = run(p, max_bytes=10_000)
    assert [str(r) if isinstance(r, ImportProblem) else r.line for r in out] == [
        1,
        f"{p}:2: malformed JSON: Invalid control character (column 12)",
        f"{p}:3: line is over 1.0 MB, too long to import",
    ]


def test_deep_json_in_every_position(tmp_path: Path) -> None:
    p = tmp_path / "deep.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    p.write_text(
        "\n".join([deep, '{"text": "x", "meta": ' + deep + "}", '{"text": ' + deep + "}"]),
        encoding="utf-8",
    )
    out = run(p)
    assert [r.reason for r in out if isinstance(r, ImportProblem)] == [
        "JSON is nested too deeply"
    ] * 3
