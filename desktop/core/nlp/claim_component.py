"""The claim scorer as a spaCy component: ``nlp.add_pipe("claim_scorer")``.

It runs after the trained pipeline (it reads sentences, POS, the parse and entities),
scores each candidate sentence with the learned model (``scorer.py``) and writes them to
``doc.spans[spans_key]``, each span carrying ``._.claim_score``, ``._.claim_reasons``
(worded when read) and ``._.claim_bounds`` (character offsets of the sentence trimmed of bullets and stray
quotes). Fragments (under five words, or without a verb) are not candidates. Boilerplate
filtering needs the whole article's lines, so the suggester applies it when it reads
these spans.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import load_config

from desktop.core.nlp.features import rule_features
from desktop.core.nlp.scorer import ClaimModel, doc_arrays, sentence_vector, token_keys
from desktop.core.nlp.sentences import candidate_sentences

COMPONENT = "claim_scorer"
CONFIG_FILE = "claim_scorer.cfg"



def _reasons(span: Span) -> list[str] | None:
    # Worded only when read: most candidates fall under the threshold and are never shown.
    data = span._.claim_data
    if data is None:
        return None
    model, vec, score, rules = data
    return model.reasons(vec, score, span.doc, rules)


for _name in ("claim_score", "claim_bounds", "claim_data"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("claim_reasons"):
    Span.set_extension("claim_reasons", getter=_reasons)


def package_file(name: str) -> Path:
    return Path(str(resources.files("desktop.core.nlp").joinpath(name)))


def component_config() -> dict:
    """The component's settings from ``claim_scorer.cfg`` (without the factory name)."""
    cfg = dict(load_config(package_file(CONFIG_FILE))["components"][COMPONENT])
    cfg.pop("factory", None)
    return cfg


def load_model(name: str) -> ClaimModel:
    path = Path(name) if Path(name).is_absolute() else package_file(name)
    try:
        return ClaimModel.from_bytes(path.read_bytes())
    except OSError as e:
        raise OSError(f"{path}: the claim model is missing ({e.strerror}); run `make model`") from e


@functools.lru_cache(maxsize=1)
def shipped_model() -> ClaimModel:
    """The base model shipped with Claimdesk (see MODEL_CARD.md)."""
    return load_model(component_config()["model"])


class ClaimScorer:
    def __init__(self, model: ClaimModel, spans_key: str, min_score: float) -> None:
        self.model = model
        self.spans_key = spans_key
        self.min_score = min_score

    def __call__(self, doc: Doc) -> Doc:
        arr = doc_arrays(doc)
        keys = token_keys(arr)
        ents = list(doc.ents)
        spans: list[Span] = []
        ei = 0
        for sent, bounds in candidate_sentences(doc):
            while ei < len(ents) and ents[ei].start < sent.start:
                ei += 1
            j = ei
            while j < len(ents) and ents[j].end <= sent.end:
                j += 1
            rules, fragment = rule_features(sent, ents[ei:j])
            if fragment:
                continue
            vec = sentence_vector(
                keys, arr, sent.start, sent.end, rules, fragment, self.model.hash_bits
            )
            score = self.model.score(vec)
            if score < self.min_score:
                continue
            span = doc[sent.start : sent.end]
            span._.claim_score = score
            span._.claim_data = (self.model, vec, score, rules)
            span._.claim_bounds = bounds
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    COMPONENT,
    default_config={"model": "claim_model.npz", "spans_key": "claim_candidates", "min_score": 0.0},
)
def make_claim_scorer(
    nlp: Language, name: str, model: str, spans_key: str, min_score: float
) -> ClaimScorer:
    return ClaimScorer(load_model(model), spans_key, min_score)


def use_model(nlp: Language, model: ClaimModel) -> None:
    """Score with ``model`` from now on (a team's retrained model)."""
    nlp.get_pipe(COMPONENT).model = model


def current_model(nlp: Language) -> ClaimModel:
    return nlp.get_pipe(COMPONENT).model
