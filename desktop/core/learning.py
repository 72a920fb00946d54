"""Learn use-case: retrain the suggestion model from the team's own decisions.

``learn(store)``:

1. records new decisions as training examples (``learning_examples.sync_examples``);
2. trains on them anchored to the shipped base model (the L2 penalty is centred on the
   base weights times one learnt scale, so what the CT24 data taught is kept where the
   team's decisions say nothing, as much as the team's decisions agree with it: a few
   hundred decisions can't make it forget, and a team with another idea of check-worthy
   can turn it down); the anchor's strength is chosen by cross-validation over blocks of
   consecutive decisions, and the team's own threshold from those out-of-fold scores
   (``steady_threshold``);
3. compares the current model and the retrained one on the decisions the current model
   has not learnt from (all of them while the shipped model is in use; at least the
   newest ``HOLDOUT`` share of each answer, ``recent_slice``). Each of those is scored by a
   model trained without its block of consecutive decisions (``FOLDS`` blocks), so every
   unseen decision counts, not just the newest quarter: F1 on a quarter of 300 decisions
   (a dozen claims) swung too much to tell a better model from a worse one;
4. only a better ranking of those decisions (average precision) replaces the current
   model, and only when at least ``MIN_JUDGED_CLAIMS`` of them are check-worthy; the
   stored version is refit on every decision. Average precision, not F1: F1 at one
   threshold on a few dozen claims turns on two or three sentences either side of it, and
   it kept the shipped model for teams whose retrained model was better on sentences
   they had not decided (tests/bench/bench_learn.py). Precision and recall at the
   suggestion threshold are reported beside it.

The model lives in the database (``claim_model``), versioned, so a team on PostgreSQL
shares it; ``active_model`` is what suggestions use.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import text, update
from sqlmodel import func, select

from desktop.core.learning_examples import examples, sync_examples
from desktop.core.learning_tables import ClaimModelVersion
from desktop.core.store import Store

log = logging.getLogger(__name__)
HOLDOUT = 0.25
MIN_HOLDOUT = 20
FOLDS = 4
MIN_EXAMPLES = 30  # fewer decisions than this say too little to judge a model by
MIN_JUDGED_CLAIMS = 10  # fewer check-worthy decisions can't tell two rankings apart
ANCHOR_GRID = (3e-4, 1e-3, 3e-3)
EPOCHS = 300  # full-batch Adam steps; at 150 the learnt scale had not settled (mean F1 gain -0.008)
LEARNING_RATE = 0.05
LEARN_EVERY = 50  # the window retrains in the background after this many new decisions
MAX_SUGGESTED_PER_CLAIM = 2  # a team model's cut-off flags at most twice its claim share
LEARN_LOCK = 0x436C6D4C726E  # the advisory lock key that serialises storing team models
KEPT_WEIGHTS = 3  # replaced models whose weights stay stored; older ones keep their metrics


@dataclass
class SliceScore:
    precision: float
    recall: float
    f1: float
    average_precision: float

    def as_dict(self) -> dict:
        return {k: round(v, 4) for k, v in self.__dict__.items()}


@dataclass
class LearnReport:
    examples: int = 0
    new_examples: int = 0  # decisions made since the newest trained model
    unseen: int = 0  # decisions beyond the (oldest) ones the model in use learnt from
    last_example: int | None = None  # id of the newest training example learnt from
    positives: int = 0
    held_out: int = 0
    judged_claims: int = 0  # check-worthy decisions among the held_out ones
    before: SliceScore | None = None
    after: SliceScore | None = None
    replaced: bool = False
    version: str = ""  # the model suggestions use after this run
    previous: str = ""
    anchor: float | None = None
    seconds: float = 0.0
    message: str = ""
    recomputed: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """What changed, short enough for a status bar."""
        b, a = self.before, self.after
        if b is None or a is None:  # no model trained: the reason, as a sentence
            return self.message[:1].upper() + self.message[1:]
        change = (f"precision {b.precision:.2f} → {a.precision:.2f}, "
                  f"recall {b.recall:.2f} → {a.recall:.2f}")  # fmt: skip
        if self.replaced:
            return f"Suggestions now use {self.version}: {change}"
        if self.judged_claims < MIN_JUDGED_CLAIMS or self.version != self.previous:
            return self.message[:1].upper() + self.message[1:]  # too few claims; a teammate's
        return (f"Kept {self.previous}: a retrained model ranked the team's claims no better "
                f"(average precision {b.average_precision:.2f} → {a.average_precision:.2f})")

    @property
    def judged_on(self) -> str:
        """Which decisions the two models were compared on, in words."""
        if not self.previous.startswith("team-"):  # the shipped model learnt from none
            return f"the {self.held_out} decisions {self.previous} had not learnt from"
        if self.held_out <= self.unseen:
            return f"the {self.held_out} decisions since {self.previous}"
        # few new ones: the newest share of each answer, some of which it learnt from
        return f"the {self.held_out} newest decisions ({self.unseen} since {self.previous})"

    def details(self) -> list[str]:
        """The run in full, a line each, for the window's report under the headline (which
        is the message itself when no model was trained)."""
        lines = [f"{self.examples} decisions, {self.positives} of them check-worthy."]
        if self.before is not None and self.after is not None:
            b, a = self.before, self.after
            judged = (f"all {self.held_out} decisions" if self.held_out == self.examples else
                      f"{self.judged_on}, {self.judged_claims} of them check-worthy")  # fmt: skip
            lines.append(f"Judged on {judged}, each scored by a model trained without it.")
            lines.append("How well claims are ranked first (average precision): "
                         f"{b.average_precision:.2f} → {a.average_precision:.2f}; "
                         f"F1 at the threshold: {b.f1:.2f} → {a.f1:.2f}.")  # fmt: skip
        lines.append(f"Model in use: {self.version}. Took {self.seconds:.1f} s.")
        if not self.replaced and self.examples >= MIN_EXAMPLES:
            lines.append(f"Learning tries again by itself after the next {LEARN_EVERY} decisions; "
                         "check-worthy ones teach it most.")  # fmt: skip
        return lines

    def as_dict(self) -> dict:
        return {
            "examples": self.examples,
            "new_examples": self.new_examples,
            "unseen": self.unseen,
            "positives": self.positives,
            "held_out": self.held_out,
            "judged_claims": self.judged_claims,
            "before": self.before.as_dict() if self.before else None,
            "after": self.after.as_dict() if self.after else None,
            "replaced": self.replaced,
            "version": self.version,
            "previous": self.previous,
            "anchor": self.anchor,
            "recomputed": self.recomputed,
            "seconds": round(self.seconds, 2),
            "message": self.message,
        }


def base_model():
    """The shipped model (see nlp/MODEL_CARD.md)."""
    from desktop.core.nlp.claim_component import shipped_model

    return shipped_model()


def active_model(store: Store):
    """The team's current model, or the shipped one when the team has none yet."""
    from desktop.core.nlp.scorer import ClaimModel

    with store.session() as s:
        row = s.exec(
            select(ClaimModelVersion).where(ClaimModelVersion.active).order_by(
                ClaimModelVersion.version.desc()
            )
        ).first()
        if row is None:
            return base_model()
        return ClaimModel.from_bytes(row.data)


def active_bytes(store: Store) -> tuple[str, bytes | None]:
    """(version, weights) of the team's current model; (base version, None) without one."""
    with store.session() as s:
        row = s.exec(
            select(ClaimModelVersion.version, ClaimModelVersion.data)
            .where(ClaimModelVersion.active)
            .order_by(ClaimModelVersion.version.desc())
        ).first()
    if row is None:
        return base_version(), None
    from desktop.core.nlp.scorer import ClaimModel

    try:  # a model stored by an older Claimdesk with other rule features can't score
        ClaimModel.from_bytes(row[1])
    except ValueError as exc:
        log.warning("team model team-%s not usable (%s); using the shipped model", row[0], exc)
        return base_version(), None
    return f"team-{row[0]}", row[1]


def active_version(store: Store) -> str:
    """The version name of the model suggestions use (no weights loaded)."""
    from desktop.core.model_status import model_in_use

    return model_in_use(store).version or base_version()


@functools.lru_cache(maxsize=1)
def base_version() -> str:
    return base_model().version


def decisions_since_model(store: Store) -> int:
    """Decisions recorded after the newest trained model (what a background run waits for)."""
    from desktop.core.learning_tables import TrainingExample

    sync_examples(store)
    with store.session() as s:
        last = s.exec(select(func.max(ClaimModelVersion.created_at))).first()
        stmt = select(func.count()).select_from(TrainingExample)
        if last is not None:
            stmt = stmt.where(TrainingExample.decided_at > last)
        return int(s.exec(stmt).one())


def learn(store: Store, *, log=None) -> LearnReport:
    from desktop.core.learning_features import rows_for
    from desktop.core.nlp.pipeline import load_pipeline

    t0 = time.perf_counter()
    report = LearnReport()
    report.new_examples = decisions_since_model(store)  # records new decisions first
    rows = examples(store)
    report.examples = len(rows)
    report.positives = sum(r.label for r in rows)
    report.previous = report.version = active_version(store)
    if len(rows) < MIN_EXAMPLES:
        report.message = (
            f"{len(rows)} decisions so far; learning needs at least {MIN_EXAMPLES} "
            "(accept, reject or make claims first)"
        )
        report.seconds = time.perf_counter() - t0
        return report
    if report.positives == 0 or report.positives == len(rows):
        report.message = "every decision so far is the same answer; learning needs both"
        report.seconds = time.perf_counter() - t0
        return report
    base = base_model()
    current = active_model(store)
    learnt = _learnt(current, [r.id for r in rows])
    if learnt == len(rows):
        # Retraining on the same decisions gives the same model; judging it against one
        # that learnt from every decision it is judged on would only mislead.
        report.message = (f"no new decisions since {report.previous} learnt from the team's "
                          f"{len(rows)}; it stays")  # fmt: skip
        report.seconds = time.perf_counter() - t0
        return report
    nlp, _ = load_pipeline(scorer=False)
    t = time.perf_counter()
    data = rows_for(store, [r.text for r in rows], nlp, base.hash_bits)
    y = np.array([r.label for r in rows], np.int64)
    report.last_example = max(r.id for r in rows)
    report.timings["parse"] = time.perf_counter() - t
    outcome = train_and_compare(data, y, base, current, learnt)
    report.held_out, report.judged_claims = outcome.held_out, outcome.judged_claims
    report.unseen = len(rows) - learnt
    report.before, report.after, report.anchor = outcome.before, outcome.after, outcome.anchor
    report.timings["train"] = time.perf_counter() - t - report.timings["parse"]
    b, a = outcome.before, outcome.after
    if outcome.judged_claims < MIN_JUDGED_CLAIMS:
        report.message = (
            f"kept {report.previous}: {outcome.judged_claims} of {report.judged_on} are "
            f"check-worthy; judging a new model needs at least {MIN_JUDGED_CLAIMS}"
        )
    elif round(a.average_precision, 6) > round(b.average_precision, 6):  # a tie keeps it
        stored, in_use = _store_model(store, outcome.model, len(rows), report)
        if not stored:
            report.version = in_use
            report.message = (
                f"kept {in_use}: a teammate's run stored it while this one trained; "
                "the next run judges against it"
            )
            report.seconds = time.perf_counter() - t0
            return report
        report.version = in_use
        report.replaced = True
        report.message = (
            f"new model {report.version} replaces {report.previous}: on "
            f"{report.judged_on}, average "
            f"precision {b.average_precision:.2f} → {a.average_precision:.2f}; at the "
            f"threshold precision {b.precision:.2f} → {a.precision:.2f}, recall "
            f"{b.recall:.2f} → {a.recall:.2f}"
        )
    else:
        report.message = (
            f"kept {report.previous}: the retrained model ranked "
            f"{report.judged_on} no better "
            f"(average precision {b.average_precision:.2f} → {a.average_precision:.2f})"
        )
    report.seconds = time.perf_counter() - t0
    return report


@dataclass
class Outcome:
    model: object
    before: SliceScore
    after: SliceScore
    anchor: float
    held_out: int
    judged_claims: int


def train_and_compare(
    data, y: np.ndarray, base, current, learnt: int | None = None
) -> Outcome:
    """The current model against the retrained one on the decisions the current model
    has not learnt from (rows are oldest first), each scored out of fold; the returned
    model is refit on all of them."""
    from desktop.core.nlp.training import steady_threshold

    anchor, every_scored = _choose_anchor(data, y, base)
    # The team's own cut-off, from every decision scored out of fold: a team that calls
    # few sentences check-worthy gets a model that scores lower, and the base cut-off
    # would hide all of its claims. Never one suggesting over MAX_SUGGESTED_PER_CLAIM times
    # as many sentences as the team calls check-worthy. Shown scores are shifted so the
    # cut-off still reads as 0.5.
    threshold = (base.threshold if every_scored is None
                 else steady_threshold(every_scored, y, base.threshold,
                                       max_share=MAX_SUGGESTED_PER_CLAIM * float(y.mean())))  # fmt: skip
    learnt = _learnt(current, range(1, len(y) + 1)) if learnt is None else learnt
    unseen = unseen_decisions(y, learnt)
    out_of_fold = _out_of_fold(data, y, unseen, base, anchor, current)
    before = slice_score(current, data.take(unseen), y[unseen])
    after = score_of(out_of_fold, y[unseen], threshold)
    model = _fit(data, y, base, anchor)
    model.threshold = threshold
    return Outcome(model, before, after, anchor, len(unseen), int(y[unseen].sum()))


def _learnt(model, example_ids) -> int:
    """How many of the decisions (ids of their examples, first recorded first) ``model``
    was trained on: those up to the newest it saw. By count for a model stored before the
    ids were kept; an undone decision then shifts it by one."""
    if not model.version.startswith("team-"):
        return 0
    last = model.info.get("last_example")
    if last is None:
        return min(int(model.info.get("examples", 0)), len(example_ids))
    return sum(1 for i in example_ids if i <= int(last))


def unseen_decisions(y: np.ndarray, learnt: int) -> np.ndarray:
    """Indices of the decisions a model trained on the oldest ``learnt`` ones has not
    seen, and at least the newest HOLDOUT share of each answer (``recent_slice``)."""
    return np.union1d(np.arange(min(learnt, len(y)), len(y)), recent_slice(y))


def recent_slice(y: np.ndarray) -> np.ndarray:
    """Indices of the held-out decisions: the newest HOLDOUT share of the check-worthy
    ones and of the others (rows are oldest first), so precision and recall are defined
    even when the newest decisions happen to be all rejects (one Prodigy file)."""
    out = []
    for cls in (0, 1):
        idx = np.flatnonzero(y == cls)
        take = max(int(round(len(idx) * HOLDOUT)), min(len(idx) // 2, MIN_HOLDOUT // 2))
        out.append(idx[len(idx) - take :])
    return np.sort(np.concatenate(out))


def slice_score(model, rows, y: np.ndarray) -> SliceScore:
    from desktop.core.nlp.training import scores

    return score_of(scores(model, rows), y, model.threshold)


def score_of(p: np.ndarray, y: np.ndarray, threshold: float) -> SliceScore:
    from desktop.core.nlp.training import average_precision, prf

    r = prf(p, y, threshold)
    return SliceScore(float(r.precision), float(r.recall), float(r.f1), average_precision(p, y))


def _fit(rows, y, base, anchor: float):
    from desktop.core.nlp.training import fit

    model = fit(rows, y, hash_bits=base.hash_bits, l2=anchor, epochs=EPOCHS, lr=LEARNING_RATE,
                prior=base)  # fmt: skip
    model.threshold = base.threshold  # train_and_compare sets the team's own
    return model


def _choose_anchor(rows, y: np.ndarray, base) -> tuple[float, np.ndarray | None]:
    """The anchor strength whose models rank the decisions best, each decision scored by a
    model trained without its block (``FOLDS`` blocks of consecutive decisions), with those
    scores; a tie goes to the stronger anchor. The newest fifth alone, used before, nearly
    always chose the strongest one: it held too few claims to prefer any. No scores when a
    block's others hold one answer only (the middle strength, untested)."""
    from desktop.core.nlp.training import average_precision

    every = np.arange(len(y))
    if any(len(set(np.delete(y, b).tolist())) < 2 for b in np.array_split(every, FOLDS)):
        return ANCHOR_GRID[len(ANCHOR_GRID) // 2], None
    scored = {a: _out_of_fold(rows, y, every, base, a, base) for a in ANCHOR_GRID}
    best = max(ANCHOR_GRID, key=lambda a: (round(average_precision(scored[a], y), 6), a))
    return best, scored[best]


def _out_of_fold(rows, y: np.ndarray, held: np.ndarray, base, anchor: float, fallback) -> np.ndarray:
    """Scores of the decisions ``held`` (indices into ``rows``), each from a model trained
    on every other decision but its block (``FOLDS`` blocks of consecutive ones); a block
    whose others hold only one answer is scored by ``fallback``."""
    from desktop.core.nlp.training import scores

    out = np.zeros(len(held))
    for block in np.array_split(np.arange(len(held)), min(FOLDS, len(held))):
        others = np.setdiff1d(np.arange(len(y)), held[block])
        model = (_fit(rows.take(others), y[others], base, anchor)
                 if len(set(y[others].tolist())) == 2 else fallback)  # fmt: skip
        out[block] = scores(model, rows.take(held[block]))
    return out


def _store_model(store: Store, model, n_examples: int, report: LearnReport) -> tuple[bool, str]:
    """(stored, version in use). Not stored when the model in use is no longer the one
    this run was judged against (``report.previous``): a teammate's run, on a shared
    database, stored one while this one trained; its model stays."""
    with store.write() as s:
        if s.get_bind().dialect.name == "postgresql":  # SQLite's write lock already serialises
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LEARN_LOCK})
        in_use = s.exec(
            select(ClaimModelVersion.version).where(ClaimModelVersion.active)
            .order_by(ClaimModelVersion.version.desc())
        ).first()  # fmt: skip
        now = f"team-{in_use}" if in_use is not None else base_version()
        if now != report.previous:
            return False, now
        last = s.exec(select(func.max(ClaimModelVersion.version))).first() or 0
        version = last + 1
        model.version = f"team-{version}"
        model.info = {"examples": n_examples, "anchor": report.anchor,
                      "last_example": report.last_example}  # fmt: skip
        s.exec(update(ClaimModelVersion).values(active=False))
        s.add(
            ClaimModelVersion(
                version=version,
                data=model.to_bytes(),
                examples=n_examples,
                metrics={"before": report.before.as_dict(), "after": report.after.as_dict(),
                         "held_out": report.held_out, "replaced": report.previous},
                active=True,
            )
        )  # fmt: skip
        # ~0.5 MB a model, one per replacement: a team retraining all year would carry
        # hundreds. The history (examples, metrics) stays; only old weights go.
        s.exec(update(ClaimModelVersion)
               .where(ClaimModelVersion.version <= version - 1 - KEPT_WEIGHTS)
               .values(data=b""))  # fmt: skip
    return True, f"team-{version}"


def unlabelled_articles(store: Store) -> list[int]:
    """Articles nobody has made a claim in yet: their suggestions follow the new model."""
    from desktop.core.models import Article, Claim

    with store.session() as s:
        return list(
            s.exec(
                select(Article.id)
                .where(Article.id.not_in(select(Claim.article_id).distinct()))
                .order_by(Article.id)
            ).all()
        )


def learn_at(url: str, *, progress=None, cancel=None) -> LearnReport:
    """``learn`` on the database at ``url`` (the body of a learning process; it reports no
    progress, and a cancel stops the process: a model is stored in one transaction)."""
    from desktop.core.store import open_store

    store = open_store(url)
    try:
        return learn(store)
    finally:
        store.close()


def learn_in_subprocess(url: str, cancel=None) -> LearnReport | None:
    """``learn_at(url)`` in a spawned process, so parsing never holds the caller's GIL
    (the window stays responsive); None when ``cancel`` (an Event) was set first: the
    process is stopped at once, and nothing is half-stored."""
    from desktop.core.spawned import run_spawned

    stop = cancel.is_set if cancel is not None else None
    return run_spawned(learn_at, url, cancel=stop, grace_seconds=0.0)
