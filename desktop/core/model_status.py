"""Which suggestion model is in use, for the window's status bar.

Apart from ``learning.py`` on purpose: it reads one row and needs neither numpy nor spaCy,
so the window can ask at start-up and after every learn without slowing its launch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import select

from desktop.core.learning_tables import ClaimModelVersion
from desktop.core.store import Store


@dataclass(frozen=True)
class ModelInUse:
    """Which model suggestions use, for the window to show (read without loading spaCy
    or any weights, so the UI thread can ask)."""

    version: str | None  # "team-3"; None: the shipped base model
    examples: int = 0  # decisions it was trained on
    trained_at: datetime | None = None
    average_precision: tuple[float, float] | None = None  # before -> after, when it replaced

    @property
    def label(self) -> str:
        return f"Model: {self.version}" if self.version else "Model: shipped"

    def describe(self) -> str:
        if not self.version:
            return ("Suggestions come from the shipped model, trained on CT24 debate "
                    "sentences. Learn from our decisions retrains it on the team's own.")  # fmt: skip
        when = ""
        if self.trained_at is not None:  # stored in UTC; SQLite hands it back naive
            at = self.trained_at if self.trained_at.tzinfo else self.trained_at.replace(tzinfo=UTC)
            when = f" on {at.astimezone():%Y-%m-%d at %H:%M}"
        text = (f"Suggestions come from {self.version}, learnt from {self.examples:,} of the "
                f"team's decisions{when}.")  # fmt: skip
        if self.average_precision:
            b, a = self.average_precision
            text += (f" It replaced the model before it by ranking the team's newest decisions "
                     f"better: average precision {b:.2f} → {a:.2f}.")  # fmt: skip
        return text


def model_in_use(store: Store) -> ModelInUse:
    with store.session() as s:
        row = s.exec(
            select(ClaimModelVersion.version, ClaimModelVersion.examples,
                   ClaimModelVersion.created_at, ClaimModelVersion.metrics)
            .where(ClaimModelVersion.active)
            .order_by(ClaimModelVersion.version.desc())
        ).first()  # fmt: skip
    if row is None:
        return ModelInUse(None)
    version, examples, created_at, metrics = row
    before, after = (metrics or {}).get("before") or {}, (metrics or {}).get("after") or {}
    ap = None
    if "average_precision" in before and "average_precision" in after:
        ap = (float(before["average_precision"]), float(after["average_precision"]))
    return ModelInUse(f"team-{version}", int(examples), created_at, ap)
