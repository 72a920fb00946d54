"""The core facade: a script's whole job through Desk, what each call says changed, and
one family of errors with sentences for people."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.desk import Desk
from desktop.core.errors import DeskError, InvalidInput, NotFound
from desktop.core.nlp.evidence.verdict import propose_verdict

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_script() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- facade-script -->\s*```python\n(.*?)```", text, re.S)
    assert found, "README has no facade script"
    return found.group(1)


def test_the_readme_script_runs_and_exports_its_label(tmp_path, seeds_dir):
    script = _readme_script()
    assert len(script.strip().splitlines()) <= 12  # short enough to read at a glance
    (tmp_path / "seeds").symlink_to(seeds_dir)
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    lines = [json.loads(line) for line in (tmp_path / "labelled.jsonl").read_text().splitlines()]
    labelled = [c for rec in lines for c in rec["claims"] if c["verdict"]]
    assert [c["verdict"] for c in labelled] == ["verified"]
    assert labelled[0]["labels"][0]["note"] == "Two outlets agree."


def test_mutating_calls_say_what_changed(store, seeds_dir):
    desk = Desk(store, "ana")
    done = desk.import_paths([seeds_dir])
    assert len(done.articles) == 5 and done.summary.startswith("Imported 5 articles")
    view = desk.article(1)
    made = desk.claim(1, 0, view.text.index(" ", 20))
    assert made.claims == {made.claim_id} and made.articles == {1} and made.undo
    again = desk.claim(1, 0, view.text.index(" ", 20))
    assert again.empty  # the same span again: nothing changed
    labelled = desk.label(made.claim_id, "conflicting", note="why")
    assert labelled.labels and labelled.claim_id == made.claim_id
    assert desk.undo_state().undo == "edit note"
    undone = desk.undo()
    assert undone.undo and undone.focus == (1, made.claim_id)
    assert desk.undo_state().redo == "edit note"
    assert desk.redo().labels


def test_errors_are_one_family_with_messages_for_people(store, seeds_dir):
    desk = Desk(store, "ana")
    desk.import_paths([seeds_dir])
    claim = desk.claim(1, 0, 30).claim_id
    with pytest.raises(InvalidInput, match="not a verdict here; use one of: verified"):
        desk.label(claim, "maybe")
    with pytest.raises(NotFound, match="no article 'nope.txt'"):
        desk.article("nope.txt")
    with pytest.raises(NotFound):
        desk.label(999_999, "verified")
    with pytest.raises(InvalidInput, match="outside the text"):
        desk.claim(1, 0, 10**9)
    with pytest.raises(DeskError):
        desk.add_source(claim, url="javascript:alert(1)", stance="supports")
    assert issubclass(InvalidInput, DeskError) and issubclass(NotFound, DeskError)


def test_a_proposal_only_names_verdicts_of_the_scheme(monkeypatch):
    proposal = propose_verdict([])
    assert proposal.verdict == "unsupported" and proposal.strength == "weak"
    monkeypatch.setenv("CLAIMDESK_VERDICTS", "true,false,unclear")
    proposal = propose_verdict([])
    assert proposal.verdict is None  # nothing to apply: the team has no such verdict
    assert proposal.reasons and proposal.finding == "alone"


SCRIPT = """
import sys
from desktop.core.desk import Desk
with Desk.open(sys.argv[1], "ana") as desk:
    desk.import_paths([sys.argv[2]])
    done = desk.suggest()
    view = desk.article(1)
    print(len(done.suggestions), len(view.suggestions))
    s = view.suggestions[0]
    claim = desk.accept(1, s.start, s.end, s.reasons).claim_id
    found = desk.evidence(1, s.start, s.end)
    print(len(found.matches), found.proposal.strength)
"""


@pytest.mark.slow
def test_suggest_and_evidence_from_a_plain_script_run_in_process(tmp_path, seeds_dir):
    """No worker processes unless asked: a plain script used to spawn workers that failed
    (74 tracebacks) and hung."""
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "s.db"), str(seeds_dir)],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    suggested, shown = run.stdout.split("\n")[0].split()
    assert int(suggested) == 5 and int(shown) > 0
    matches, strength = run.stdout.split("\n")[1].split()
    assert int(matches) >= 1 and strength in ("weak", "moderate")


def test_a_repeated_opinion_stays_a_weak_proposal():
    from types import SimpleNamespace

    def match(source: str):
        return SimpleNamespace(source=source, article_title=source, proposed_stance="supports",
                               discrepancies=[])

    both = [match("Reuters"), match("cgtn.com")]
    fact = propose_verdict(both, "Putin and Trump spoke for 90 minutes on Wednesday.")
    assert fact.verdict == "verified" and fact.strength == "moderate"
    opinion = propose_verdict(both, "The conversation was very positive")
    assert opinion.strength == "weak" and "an opinion" in opinion.reasons[0]
