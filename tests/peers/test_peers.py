"""Our exports in the real tools, and the tools' own exports back into Claimdesk (marker
`peers`: run by `make test-peers` or `make bench-peers`, never by `make test`).

The sample (sample.py) has emoji before and inside claims, accented and Greek text, two
annotators who disagree, a tag, an unlabelled claim and predictions. What must hold:
- Label Studio takes `-f label-studio` as it is (once the users it names exist): every
  region's stored offsets cover its quoted text in Python (code point) terms, annotations
  keep their authors, predictions arrive;
- doccano takes each member's file of `-f doccano` (.zip): every span, read as UTF-16
  units the way its annotator draws them, covers the claim's text;
- the tools' exports (Label Studio's Export button and a full snapshot; doccano's .zip)
  import into an empty Claimdesk with the same claims, tags and verdicts by annotator.
"""

from __future__ import annotations

import pytest
import roundtrip
import sample

from desktop.core.importing import import_paths
from desktop.core.store import Store, open_store
from tests.fixtures.interop_state import claim_labels

pytestmark = pytest.mark.peers


def state(store: Store, rename: dict[str, str] | None = None) -> set[tuple]:
    """(claim text, tag, annotator, verdict) for every claim and label."""
    rename = rename or {}
    return {(text[s:e], tag, rename.get(who, who), verdict)
            for text, s, e, tag, who, verdict in claim_labels(store)}  # fmt: skip


@pytest.fixture
def source(tmp_path) -> Store:
    store = open_store(str(tmp_path / "source.db"))
    sample.load(store, tmp_path)
    return store


def test_label_studio_takes_our_export_and_gives_it_back(label_studio, source, tmp_path):
    project = roundtrip.to_label_studio(label_studio, source, tmp_path, "claimdesk peers")
    tasks = label_studio.tasks(project)
    assert len(tasks) == 4
    users = {u["id"]: u["email"] for u in label_studio.users()}
    authors = set()
    for t in tasks:
        for ann in t["annotations"]:
            authors.add(users[ann["completed_by"]])
            for r in ann["result"]:
                v = r["value"]
                assert t["data"]["text"][v["start"] : v["end"]] == v["text"]  # highlighted as is
    assert {"ana@claimdesk.invalid", "bo@claimdesk.invalid"} <= authors
    assert sum(t["total_predictions"] for t in tasks) == 2

    files = roundtrip.from_label_studio(label_studio, project, tmp_path)
    want = state(source)
    ids = {f"label-studio user {i}": e.removesuffix("@claimdesk.invalid") for i, e in users.items()}
    for kind, path in files.items():
        back = open_store(str(tmp_path / f"back {kind}.db"))
        report = import_paths(back, [path])
        assert not report.problems, [str(p) for p in report.problems]
        assert state(back, None if kind.startswith("snapshot") else ids) == want, kind


def test_doccano_takes_our_export_and_gives_it_back(doccano, doccano_logins, source, tmp_path):
    project = roundtrip.to_doccano(doccano, source, tmp_path, "claimdesk peers", doccano_logins)
    claims = {t for t, *_ in state(source)}
    examples = doccano.examples(project)
    drawn = set()
    for ex in examples:
        units = ex["text"].encode("utf-16-le")
        # each member sees their own spans (the project is not collaborative)
        spans = [sp for who in (doccano, *doccano_logins.values())
                 for sp in who.spans(project, ex["id"])]  # fmt: skip
        for span in spans:
            drawn.add(units[2 * span["start_offset"] : 2 * span["end_offset"]].decode("utf-16-le"))
    assert drawn == claims  # each span covers its claim the way doccano's UI counts

    zpath = doccano.export_zip(project, tmp_path / "doccano_download.zip")
    back = open_store(str(tmp_path / "back.db"))
    report = import_paths(back, [zpath])
    assert not report.problems, [str(p) for p in report.problems]
    assert state(back) == state(source)
