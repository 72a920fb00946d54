"""Quantities and names normalise so paraphrases compare equal and real differences don't."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.nlp.evidence.names import name_key, near_name
from desktop.core.nlp.evidence.numbers import same_value, scan_quantities


def one(text: str):
    found = scan_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "held a 90-minute phone conversation",
        "spoke for an hour and a half",
        "lasted 1.5 hours",
        "one and a half hours",
        "ninety minutes",
        "90 minutes",
    ],
)
def test_ninety_minutes_in_every_spelling(text):
    q = one(text)
    assert (q.kind, q.value, q.unit) == ("duration", 90.0, "min")


@pytest.mark.parametrize(
    "a,b,equal",
    [
        ("90-minute", "an hour and a half", True),
        ("14 years", "fourteen years", True),
        ("14 years", "10 years", False),
        ("an hour", "an hour and a half", False),
        ("half an hour", "30 minutes", True),
        ("a three-and-a-half-hour meeting", "210 minutes", True),
        ("17 grams", "17 g", True),
        ("40 allies", "forty allies", True),
        ("$1,500,000", "1.5 million dollars", True),
    ],
)
def test_same_value(a, b, equal):
    assert same_value(one(a), one(b)) is equal


def test_offsets_point_at_the_words():
    text = "Mark Folger, 63, was sentenced to 14 years in prison in 2021."
    found = scan_quantities(text, offset=100)
    assert [(q.kind, text[q.start - 100 : q.end - 100]) for q in found] == [
        ("count", "63"),
        ("duration", "14 years"),
        ("year", "2021"),
    ]
    assert found[0].unit == ""  # "63, was": not a count of "was"


def test_clock_times_and_pronoun_one_are_not_quantities():
    assert scan_quantities("Trump posted just after 1 p.m. ET") == []
    assert scan_quantities("one of the main theses") == []


@given(st.integers(min_value=2, max_value=999))
def test_digits_and_units_round_trip(n):
    assert one(f"{n} hours").value == n * 60
    assert same_value(one(f"{n}-hour"), one(f"{n} hours"))


@pytest.mark.parametrize(
    "a,b",
    [
        ("Zelensky", "Zelenskiy"),
        ("Zelensky", "Zelenskyy"),
        ("Zelensky", "Selensky"),
        ("Zelenskyj", "Zelensky"),
        ("Marc", "Mark"),
        ("Witkoff", "Witkof"),
    ],
)
def test_transliterations_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a,b,near",
    [
        ("Folger", "Fogel", True),
        ("Hegseth", "Hesgeth", True),
        ("Putin", "Trump", False),
        ("Zelensky", "Selensky", False),  # same key: a spelling, not a near miss
    ],
)
def test_near_names(a, b, near):
    assert near_name(name_key(a), name_key(b)) is near
