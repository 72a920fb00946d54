"""Hand-made pairs for each kind of discrepancy, and the cases that must not be flagged."""

from __future__ import annotations

import pickle

import pytest

from desktop.core.nlp.evidence import extract_features
from desktop.core.nlp.evidence.discrepancy import find_discrepancies
from desktop.core.nlp.evidence.features import SentenceFeatures, merge
from desktop.core.nlp.evidence.index import default_nlp
from desktop.core.nlp.evidence.match import score


@pytest.fixture(scope="module")
def nlp():
    return default_nlp()


def feats(nlp, text: str) -> SentenceFeatures:
    return merge(extract_features(nlp(text)))


def kinds(nlp, a: str, b: str) -> list[str]:
    fa, fb = feats(nlp, a), feats(nlp, b)
    return [d.kind for d in find_discrepancies(fa, fb, claim_text=a, match_text=b)]


@pytest.mark.parametrize(
    "a,b",
    [
        (
            "Putin and Trump held a 90-minute phone conversation on Wednesday.",
            "Putin and Trump spoke for an hour and a half on Wednesday.",
        ),
        (
            "Putin and Trump spoke for 1.5 hours, the Kremlin said.",
            "The Kremlin said Putin and Trump talked for ninety minutes.",
        ),
        (
            "Zelenskiy spoke for an hour with Trump on Wednesday.",
            "Trump and Zelenskyy spoke on the phone for about an hour on Wednesday.",
        ),
        (
            "Trump later called Ukrainian President Volodymyr Zelensky about the talks.",
            "Trump later called Ukrainian President Volodymyr Selensky about the talks.",
        ),
        (
            "The American teacher Marc Fogel was sentenced to 14 years in prison in 2021.",
            "American teacher Mark Fogel got fourteen years in prison in 2021.",
        ),
    ],
)
def test_paraphrases_are_not_flagged(nlp, a, b):
    assert kinds(nlp, a, b) == []


@pytest.mark.parametrize(
    "a,b,kind,needle",
    [
        (
            "The teacher was sentenced to 14 years in prison for drug possession.",
            "The teacher was sentenced to 10 years in prison for drug possession.",
            "number",
            "14 years",
        ),
        (
            "Zelensky spoke with Trump for an hour on Wednesday.",
            "Zelensky spoke with Trump for an hour and a half on Wednesday.",
            "number",
            "an hour",
        ),
        (
            "American teacher Marc Fogel was detained in Russia in 2021.",
            "American teacher Marc Fogel was detained in Russia in 2022.",
            "date",
            "2021",
        ),
        (
            "Putin and Trump spoke by phone on Wednesday about the war.",
            "Putin and Trump spoke by phone on Tuesday about the war.",
            "date",
            "Wednesday",
        ),
        (
            "The Kremlin released the American teacher Mark Folger on Tuesday.",
            "The Kremlin released the American teacher Marc Fogel on Tuesday.",
            "name",
            "Mark Folger",
        ),
        (
            "Putin spoke with former U.S. President Donald Trump about Ukraine.",
            "Putin spoke with US President Donald Trump about Ukraine.",
            "role",
            "former",
        ),
        (
            "The teacher Marc Fogel was jailed for 14 years for drug trafficking.",
            "The teacher Marc Fogel was jailed for 14 years for drug possession.",
            "charge",
            "trafficking",
        ),
    ],
)
def test_each_kind_is_flagged_with_both_spans(nlp, a, b, kind, needle):
    fa, fb = feats(nlp, a), feats(nlp, b)
    found = find_discrepancies(fa, fb, claim_text=a, match_text=b)
    assert [d.kind for d in found] == [kind], found
    d = found[0]
    assert needle in d.message or needle in d.claim_text
    assert a[d.claim_start : d.claim_end] == d.claim_text
    assert b[d.match_start : d.match_end] == d.match_text


def test_durations_of_other_scales_are_other_facts(nlp):
    # "an hour" (the call) and "14 years" (a sentence) are not one fact reported twice.
    assert (
        kinds(
            nlp,
            "Trump and Fogel spoke for an hour about the 14 years.",
            "Trump and Fogel spoke about the 14 years for an hour.",
        )
        == []
    )
    assert (
        kinds(nlp, "Trump spoke with Fogel for an hour.", "Fogel served 14 years, Trump said.")
        == []
    )


def test_figures_about_other_people_are_not_compared(nlp):
    a = "Putin and Trump spoke for an hour and a half."
    b = "Zelensky and Macron spoke for an hour."
    fa, fb = feats(nlp, a), feats(nlp, b)
    ms = score(fa, fb, lambda k: 1.0)
    assert ms.other_people
    assert find_discrepancies(fa, fb, other_people=ms.other_people) == []


def test_paraphrase_scores_above_an_unrelated_sentence(nlp):
    claim = feats(
        nlp,
        "Russian President Vladimir Putin and Donald Trump held a 90-minute phone "
        "conversation on Wednesday.",
    )
    para = feats(nlp, "Vladimir Putin and Donald Trump spoke for an hour and a half on Wednesday.")
    other = feats(nlp, "Donald Trump's defense secretary visited Brussels for a NATO meeting.")
    idf = lambda k: 1.0  # noqa: E731
    assert score(claim, para, idf).score > 0.7 > 0.4 > score(claim, other, idf).score


def test_features_are_plain_picklable_data(nlp):
    fs = extract_features(
        nlp(
            "Trump and Putin spoke for 90 minutes on Wednesday. Zelensky said the talks with Trump went well."
        )
    )
    assert len(fs) == 2
    assert pickle.loads(pickle.dumps(fs)) == fs
    assert [SentenceFeatures.from_json(f.to_json()) for f in fs] == fs
