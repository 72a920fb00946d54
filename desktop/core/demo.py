"""Where the demo corpus (five reports of one event by five outlets) lives."""

from __future__ import annotations

from pathlib import Path


def demo_corpus_path() -> Path | None:
    """The repository's seeds/ folder, or the copy bundled next to a packaged build."""
    here = Path(__file__).resolve()
    for base in (here.parents[2], here.parents[1]):
        seeds = base / "seeds"
        if seeds.is_dir() and any(seeds.glob("*.txt")):
            return seeds
    return None
