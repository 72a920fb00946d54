"""The export's cached tokenizer gives exactly what spaCy's blank English tokenizer gives
(text, offsets, ids, trailing whitespace), on real text, edge cases and generated text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.export.tokens import FastTokens, tokenize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EDGES = [
    "", " ", "  ", "\n", "x", " x", "x ", "x  ", "  leading", "trailing  ", "end. ",
    "a  b   c\n\nd \n e\t\tf", " \n x  \n\n  y   ",
    "U.S. don't can't Mr. Smith's (test) -- \"quoted,\" 100% 3.5km e-mail http://x.org/a?b=1 "
    ":) ;-) 1,000,000 $5.2bn 9/11 #tag @user",
    "a \u00a0b \u2003 c", "é́ naïve café\u0301 🙂🙂 x", "a %d %s %% b {} [] \\ \"",
]  # fmt: skip


def _spacy(text: str) -> list[dict]:
    doc = next(tokenize([text]))
    return [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
             "ws": bool(t.whitespace_)} for t in doc]  # fmt: skip


def _check(fast: FastTokens, text: str) -> None:
    tokens = fast(text)
    want = _spacy(text)
    assert json.loads(tokens.json()) == want
    assert tokens.starts.tolist() == [t["start"] for t in want]


def test_same_tokens_as_spacy_on_the_demo_corpus_and_edge_cases():
    fast = FastTokens()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.rglob("*")) if p.is_file()]
    for text in texts + EDGES + texts:  # twice: from the cache as well
        _check(fast, text)


_SHARED = FastTokens()  # one cache across examples, as in an export


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab.,'\"-:;!?()%$ \n\t\u00a0é1", "Mr.", "n't", "U.S.", " ", "  ",
                         "dont", "Cannot", "gonna", "im", "ll", "s"]),
        max_size=40,
    ).map("".join)
)
def test_same_tokens_as_spacy_on_generated_text(text):
    _check(_SHARED, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "Word.", "1,234", '"x', " ", " ", " ", "\n", "\n\n", "\t",
                         "\r\n", "\u00a0", "\u2003", "\x1c", "e.g.", "U.S.", "(a)", "-"]),
        max_size=30,
    ).map("".join)
)
def test_same_tokens_as_spacy_around_every_kind_of_whitespace(text):
    # pieces are cut at single spaces; whitespace on both sides of one ties them
    _check(_SHARED, text)


PUNCT = ["", *"!\"#%&()*+,-./:;<=>?@[\\]^_{|}~", "...", "),", '."', "?!", ":)"]
CORES_A = ["word", "Word", "WORD", "a", "A", "I", "5", "1,234", "10", "127", "e", "s", "Mr", "cannot",
           "US", "ok", "km"]  # fmt: skip
CORES_B = ["prop", "Cove", "BRIX", "x", "Q", "J", "7", "9,876", "42", "983", "g", "m", "Dr", "wannot",
           "UK", "no", "zz"]  # fmt: skip


def test_pieces_of_one_shape_split_as_spacy_splits_each():
    """A piece whose shape was split before is split the same way without spaCy: check
    every punctuation before and after letters and numbers of each shape, the second
    text of each pair (other letters, same shapes) coming from the first's shapes."""
    fast = FastTokens()
    for before in PUNCT:
        for after in PUNCT:
            for cores in (CORES_A, CORES_B):
                _check(fast, " ".join(before + c + after for c in cores))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.text(alphabet="aAzZeIgs019,.'-:/@$%()\"!?;&#", min_size=1, max_size=7),
        min_size=1,
        max_size=12,
    ).map(" ".join)
)
def test_same_tokens_as_spacy_on_generated_ascii_pieces(text):
    _check(_SHARED, text)


def test_same_tokens_as_spacy_on_the_realistic_bench_corpus():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from realistic_corpus import articles

    fast = FastTokens()
    for article in articles(300):
        _check(fast, article.text)


def test_a_cache_started_afresh_between_batches_stays_right(monkeypatch):
    import sys

    from desktop.core.export import tokens as module

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from realistic_corpus import articles

    monkeypatch.setattr(module, "CACHE_LIMIT", 400)
    texts = [a.text for a in articles(40)]
    fast, resets, before = FastTokens(), 0, 0
    for i in range(0, len(texts), 8):  # batches share most pieces, add some new ones
        batch = texts[i : i + 8]
        for text, tokens in zip(batch, fast.many(batch), strict=True):
            want = _spacy(text)
            assert json.loads(tokens.json()) == want
        resets += len(fast) < before
        before = len(fast)
        assert len(fast) <= 400 + sum(len(t.split(" ")) for t in batch)
    assert resets >= 2


def test_a_batch_mixing_plain_texts_with_tied_and_odd_ones_gives_each_its_own_tokens():
    """Texts of one batch go through numpy together; those whose pieces can't be
    tokenized apart (whitespace around a ' ', a special case across one: "0; ):A"), the
    ones starting with ' ' and empty ones take other paths, and each text still gets
    exactly spaCy's tokens, in its place. Neighbouring texts don't tie to each other."""
    plain = ["The port reopened on Monday.", "Prices rose 3,163 times, said Mr. Smith."]
    odd = ["0; ):A", " leading", "", "a   b", "x\n \ny", "x :) y", "end.\n\nNext one", "tab\t here"]
    texts = [t for pair in zip(plain * 4, odd, strict=False) for t in pair] + odd[::-1] + plain
    texts += ["ends in a newline\n", "\nstarts with one", "ends in a special ;", ") starts", "x"]
    fast = FastTokens()
    for _ in range(2):  # learning, then from the cache
        for text, tokens in zip(texts, fast.many(texts), strict=True):
            assert json.loads(tokens.json()) == _spacy(text), text
            assert tokens.starts.tolist() == [t["start"] for t in _spacy(text)]


def test_token_range_follows_prodigy():
    tokens = FastTokens()("The port reopened on Monday.")
    assert tokens.token_range(4, 17) == (1, 2)  # "port reopened": tokens 1..2 inclusive
    assert tokens.token_range(21, 28) == (4, 5)  # "Monday." is "Monday" and "."


def test_a_full_cache_starts_afresh_and_stays_right(monkeypatch):
    from desktop.core.export import tokens as module

    monkeypatch.setattr(module, "CACHE_LIMIT", 8)
    fast, most = FastTokens(), 0
    for text in EDGES * 2:
        _check(fast, text)
        most = max(most, len(text.split(" ")), len(module._UNITS.findall(text)))
        assert len(fast) <= 8 + most  # bounded: the limit, plus one text's pieces


def test_token_ranges_of_a_batch_are_each_articles_token_range():
    import random

    from desktop.core.export.jsonl import token_ranges

    rng = random.Random(13)
    texts = [*EDGES[1:], "One.", "a b", *EDGES[1:]]
    spans = []
    for text in texts:
        spans.append(sorted({(a, b, "L", "") for a, b in (sorted(rng.sample(range(len(text) + 1), 2))
                                                         for _ in range(4)) if a < b}))  # fmt: skip
    texts.insert(3, "no claims here")
    spans.insert(3, [])
    fast = FastTokens()
    toks = fast.many(texts)
    got = token_ranges(texts, spans, toks)
    for tokens, claims, ranges in zip(toks, spans, got, strict=True):
        assert ranges == [tokens.token_range(start, end) for start, end, *_ in claims]
    assert any(got) and token_ranges(texts[3:4], spans[3:4], toks[3:4]) == [[]]
