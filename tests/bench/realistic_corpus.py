"""A realistic benchmark corpus: news-like articles of ~600 words over a vocabulary of
11,000 words with a Zipf distribution (a few very common words, a long tail), sentences
of 8-30 words with commas, quotes, numbers, dates and capitalised names; 10 claims per
article (whole sentences or clauses), labelled by two annotators who agree most of the time.

Toy corpora (20 distinct words, 280-word articles) flattered every cache: tokenizers,
SQLite pages, JSON string interning. Same seed, same corpus.
"""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

VOCABULARY = 11_000
WORDS_PER_ARTICLE = 600
CLAIMS_PER_ARTICLE = 10
ANNOTATORS = ("ana", "bo")
VERDICTS = ("verified", "conflicting", "unsupported")
_ONSETS = ["", "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l",
           "m", "n", "p", "pl", "pr", "r", "s", "sh", "sl", "st", "t", "th", "tr", "v", "w", "z"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "ou", "io", "y"]
_CODAS = ["", "", "n", "r", "s", "t", "l", "nd", "st", "rt", "ng", "ck", "m", "ss", "x"]
_SUFFIXES = ["", "", "", "s", "ed", "ing", "ly", "tion", "ment", "er", "est", "ity"]
_FUNCTION = ("the of and to in a is that for on was with said as at by from it he she they "
             "have has had not are were be been will would an this which or but its their "
             "after over more than who about".split())  # fmt: skip


@dataclass
class Article:
    text: str
    title: str
    claims: list[tuple[int, int, dict[str, str]]]  # (start, end, {annotator: verdict})


def vocabulary(rng: random.Random) -> list[str]:
    words: list[str] = list(_FUNCTION)
    seen = set(words)
    while len(words) < VOCABULARY:
        w = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))
        ) + rng.choice(_SUFFIXES)
        if len(w) > 1 and w not in seen:
            seen.add(w)
            words.append(w)
    return words


def articles(n: int, seed: int = 13) -> Iterator[Article]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights, acc = [], 0.0
    for rank in range(1, len(vocab) + 1):  # Zipf: frequency ~ 1 / rank^1.07
        acc += 1.0 / rank**1.07
        weights.append(acc)
    names = [w.capitalize() for w in rng.sample(vocab[200:], 400)]
    for i in range(n):
        sentences, count = [], 0
        while count < WORDS_PER_ARTICLE:
            k = rng.randint(8, 30)
            words = rng.choices(vocab, cum_weights=weights, k=k)
            words[0] = words[0].capitalize()
            for _ in range(rng.randint(0, 3)):
                words[rng.randrange(1, k)] = rng.choice(names)
            if rng.random() < 0.4:
                words[rng.randrange(1, k)] = f"{rng.randint(2, 9_999):,}"
            if rng.random() < 0.3:
                words[rng.randrange(1, k - 1)] += ","
            if rng.random() < 0.15:
                words[1] = '"' + words[1]
                words[-1] += '"'
            if rng.random() < 0.1:
                words.insert(rng.randrange(1, k), f"on {rng.choice(('Monday', 'Tuesday', 'Friday'))}")
            sentences.append(" ".join(words) + rng.choice(".....?!"))
            count += len(words)
        pos = 0
        spans: list[tuple[int, int]] = []
        step = max(1, len(sentences) // CLAIMS_PER_ARTICLE)
        text_parts = []
        for j, sentence in enumerate(sentences):
            if j and j % 5 == 0:
                text_parts.append("\n\n")
                pos += 2
            elif j:
                text_parts.append(" ")
                pos += 1
            if j % step == 0 and len(spans) < CLAIMS_PER_ARTICLE:
                spans.append((pos, pos + len(sentence)))
            text_parts.append(sentence)
            pos += len(sentence)
        text = f"Report {i}. " + "".join(text_parts)
        shift = len(f"Report {i}. ")
        claims = []
        for s, e in spans:
            first = rng.choice(VERDICTS)
            second = first if rng.random() < 0.8 else rng.choice(VERDICTS)
            claims.append((s + shift, e + shift, dict(zip(ANNOTATORS, (first, second), strict=True))))
        yield Article(text=text, title=f"Report {i}", claims=claims)


# -- the same corpus in each tool's format --------------------------------------------------
def write_plain_jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles(n):
            f.write(json.dumps({"text": a.text, "title": a.title}) + "\n")
    return path


def write_claimdesk_jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for a in articles(n):
            claims = [
                {"start": s, "end": e, "labels": [{"annotator": who, "verdict": v}
                                                   for who, v in labels.items()]}  # fmt: skip
                for s, e, labels in a.claims
            ]
            f.write(json.dumps({"text": a.text, "title": a.title, "claims": claims}) + "\n")
    return path


def write_label_studio_json(path: Path, n: int) -> Path:
    """Label Studio's JSON export: one array of tasks, an annotation per annotator."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("[")
        for i, a in enumerate(articles(n)):
            annotations = []
            for who in ANNOTATORS:
                result = [
                    {"id": f"r{k}", "from_name": "label", "to_name": "text", "type": "labels",
                     "origin": "manual",
                     "value": {"start": s, "end": e, "text": a.text[s:e], "labels": [labels[who]]}}
                    for k, (s, e, labels) in enumerate(a.claims)
                ]  # fmt: skip
                annotations.append({"id": i * 2 + len(annotations), "completed_by": {"email": f"{who}@example.org"},
                                    "result": result, "was_cancelled": False, "ground_truth": False,
                                    "created_at": "2025-01-01T10:00:00Z", "updated_at": "2025-01-01T10:00:00Z",
                                    "lead_time": 30.0, "task": i + 1})  # fmt: skip
            task = {"id": i + 1, "data": {"text": a.text, "title": a.title},
                    "annotations": annotations, "predictions": []}  # fmt: skip
            f.write(("," if i else "") + "\n" + json.dumps(task))
        f.write("\n]\n")
    return path


def write_doccano_zip(path: Path, n: int, tmp: Path) -> Path:
    """doccano's download: one JSONL per annotator in a .zip."""
    files = {who: open(tmp / f"{who}.jsonl", "w", encoding="utf-8") for who in ANNOTATORS}  # noqa: SIM115
    try:
        for i, a in enumerate(articles(n)):
            for who, f in files.items():
                label = [[s, e, labels[who]] for s, e, labels in a.claims]
                f.write(json.dumps({"id": i + 1, "text": a.text, "label": label, "Comments": []}) + "\n")
    finally:
        for f in files.values():
            f.close()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for who in ANNOTATORS:
            z.write(tmp / f"{who}.jsonl", arcname=f"{who}.jsonl")
    return path
