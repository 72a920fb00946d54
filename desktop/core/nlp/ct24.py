"""Read the CheckThat! 2024 Task 1 English check-worthiness files (the base training data).

Columns ``Sentence_id``, ``Text``, ``class_label`` (Yes/No), tab-separated with CSV-style
quoting. One line of the training file holds two records run together (a stray quote
swallowed the line break): the row comes out with five fields and "No29286" in the middle,
and is split back into its two records. Any other malformed row is an error naming the
file and line, so a changed file is noticed rather than silently half-read.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
_RUN_TOGETHER = re.compile(r"^(Yes|No)(\d+)$")


class DataError(ValueError):
    """A data file that can't be read as CT24: the message names the file and line."""


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: int  # 1 = check-worthy (Yes)


def read_split(data_dir: Path, split: str) -> list[Sentence]:
    path = Path(data_dir) / FILES[split]
    if not path.is_file():
        raise DataError(f"{path}: not found (expected the CT24 English files in {data_dir})")
    out: list[Sentence] = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if header != ["Sentence_id", "Text", "class_label"]:
            raise DataError(f"{path}:1: expected columns Sentence_id, Text, class_label")
        for row in reader:
            line = reader.line_num
            if len(row) == 5 and (m := _RUN_TOGETHER.match(row[2])):
                out.append(_sentence(path, line, [row[0], row[1], m.group(1)]))
                out.append(_sentence(path, line, [m.group(2), row[3], row[4]]))
            elif row:
                out.append(_sentence(path, line, row))
    return out


def _sentence(path: Path, line: int, row: list[str]) -> Sentence:
    if len(row) != 3 or row[2] not in ("Yes", "No"):
        raise DataError(f"{path}:{line}: expected id, text and Yes/No, got {row[:4]!r}")
    return Sentence(row[0], row[1], int(row[2] == "Yes"))
