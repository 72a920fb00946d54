"""Name keys and near spellings: misspellings and transliterations meet."""

from __future__ import annotations

import pytest

from desktop.core.nlp.evidence.names import name_key, near_keys, near_name

VOCABULARY = [name_key(n) for n in (
    "Hegseth", "Fogel", "Putin", "Vinnik", "Peskov", "Witkoff", "Alexander", "Zelensky",
    "Trump", "Rubio", "Waltz", "Ratcliffe", "Biden", "Kremlin",
)]


@pytest.mark.parametrize("written,meant", [
    ("Hesgeth", "Hegseth"),  # letters swapped
    ("Hegset", "Hegseth"),  # a letter lost
    ("Fogle", "Fogel"),
    ("Folger", "Fogel"),  # Mark Folger vs Marc Fogel: close, flagged as a possible misspelling
    ("Poutine", "Putin"),  # French transliteration
    ("Aleksandr", "Alexander"),
])
def test_a_misspelt_or_transliterated_name_finds_the_right_spelling(written, meant):
    assert name_key(meant) in near_keys(name_key(written), VOCABULARY)


@pytest.mark.parametrize("a,b", [
    ("Zelenskyy", "Zelensky"), ("Selensky", "Zelenskiy"), ("Zelenskyj", "Zelensky"),
    ("Marc", "Mark"), ("Peskow", "Peskov"), ("Ratclife", "Ratcliffe"), ("Vinik", "Vinnik"), ("Witkof", "Witkoff"),
])
def test_transliterations_share_one_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a,b", [("Biden", "Rubio"), ("Waltz", "Putin"), ("Trump", "Rubio")])
def test_different_people_are_not_near(a, b):
    assert not near_name(name_key(a), name_key(b))
    assert name_key(b) not in near_keys(name_key(a), VOCABULARY)


def test_short_names_are_not_widened():
    assert near_keys(name_key("Li"), [name_key("Lu"), name_key("Le")]) == []
