"""Loading the spaCy pipeline, and the rule-based fallback when no model is installed."""

from __future__ import annotations

import pytest

from desktop.core.nlp.newlines import NEWLINE_COMPONENT
from desktop.core.nlp.pipeline import DEGRADED_MESSAGE, load_pipeline
from desktop.core.nlp.suggester import suggest_doc

TEXT = (
    "Putin and Trump Plan Meeting After Phone Call\n"
    "Moscow and Washington announced on Wednesday that the two presidents spoke for "
    "90 minutes.\n"
    "Officials said 40% of the budget was spent in 2024.\n"
    "Sign up for our newsletter\n"
)


def test_trained_pipeline_is_loaded_and_cached() -> None:
    nlp, info = load_pipeline()
    assert not info.degraded
    assert "core_web_sm" in info.name and info.version
    assert load_pipeline()[0] is nlp
    names = nlp.pipe_names
    assert "lemmatizer" in names  # the rules' verb lists are lemmas
    assert names.index(NEWLINE_COMPONENT) < names.index("parser")
    assert names[-1] == "claim_scorer"  # reads sentences, POS, parse and entities


def test_claim_scorer_writes_scored_spans_to_the_doc() -> None:
    nlp, _ = load_pipeline()
    doc = nlp(TEXT)
    spans = doc.spans["claim_candidates"]
    texts = [s.text for s in spans]
    assert any(t.startswith("Officials said 40%") for t in texts)
    for span in spans:
        assert 0 <= span._.claim_score <= 1
        start, end = span._.claim_bounds
        assert span.start_char <= start < end <= span.end_char
        assert span._.claim_reasons[0].startswith(f"model {span._.claim_score:.2f}")
    best = max(spans, key=lambda s: s._.claim_score)
    assert best.text.startswith("Officials said 40%")
    assert "percent: 40%" in best._.claim_reasons


def test_claim_scorer_is_configured_by_its_config_file() -> None:
    from desktop.core.nlp.claim_component import component_config

    assert component_config() == nlp_config(load_pipeline()[0])


def nlp_config(nlp) -> dict:
    cfg = dict(nlp.config["components"]["claim_scorer"])
    cfg.pop("factory")
    return cfg


def test_missing_named_model_falls_back_to_an_installed_one() -> None:
    nlp, info = load_pipeline("no_such_model_xyz")
    assert not info.degraded
    assert "no_such_model_xyz" in info.message


def test_blank_fallback_when_no_trained_model() -> None:
    nlp, info = load_pipeline("no_such_model_xyz", allow_trained=False)
    assert info.degraded and info.message == DEGRADED_MESSAGE
    assert "Install en_core_web_sm" in info.message
    doc = nlp(TEXT)
    found = suggest_doc(doc)
    claims = [TEXT[s.start : s.end] for s in found]
    assert any(c.startswith("Officials said 40%") for c in claims)
    # Cruder POS and entities than the model was trained on: still scored, only lower.
    scored = [TEXT[s.start : s.end] for s in suggest_doc(doc, threshold=0.0)]
    assert any(c.startswith("Moscow and Washington announced") for c in scored)
    assert all("\n" not in c and "newsletter" not in c for c in claims)
    assert all(s.reasons for s in found)


@pytest.mark.parametrize(
    ("word", "base"),
    [("announced", "announce"), ("denies", "deny"), ("denied", "deny"), ("planned", "plan"),
     ("saying", "say"), ("said", "say"), ("thought", "think"), ("stresses", "stress"),
     ("tried", "try"), ("warns", "warn"), ("Moscow", "moscow"), ("bed", "bed")],
)  # fmt: skip
def test_fallback_gives_the_word_lists_base_forms(word: str, base: str) -> None:
    nlp, _ = load_pipeline("no_such_model_xyz", allow_trained=False)
    doc = nlp(f"Officials {word} it.")
    assert doc[1].lemma_ == base


def test_newline_splitter_starts_sentences_after_line_breaks() -> None:
    nlp, _ = load_pipeline()
    sents = [s.text.strip() for s in nlp(TEXT).sents]
    assert sents[0] == "Putin and Trump Plan Meeting After Phone Call"
