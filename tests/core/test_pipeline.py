"""Loading the spaCy pipeline, and the rule-based fallback when no model is installed."""

from __future__ import annotations

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
    assert "lemmatizer" not in names  # the scoring reads no lemmas
    assert names.index(NEWLINE_COMPONENT) < names.index("parser")


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
    assert any(c.startswith("Moscow and Washington announced") for c in claims)
    assert any(c.startswith("Officials said 40%") for c in claims)
    assert all("\n" not in c and "newsletter" not in c for c in claims)
    assert all(s.reasons for s in found)


def test_newline_splitter_starts_sentences_after_line_breaks() -> None:
    nlp, _ = load_pipeline()
    sents = [s.text.strip() for s in nlp(TEXT).sents]
    assert sents[0] == "Putin and Trump Plan Meeting After Phone Call"
