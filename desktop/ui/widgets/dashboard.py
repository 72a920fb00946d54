"""Agreement dashboard: Krippendorff's alpha, Cohen's kappa and span agreement per pair,
progress and verdict distribution per annotator, and the confusion matrix of a pair.

The report (core.agreement) is computed in a worker; Refresh reads it again. Empty and
degenerate cases are explained in words rather than shown as empty charts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import services
from desktop.core.agreement import AgreementReport, PairAgreement
from desktop.ui import workers
from desktop.ui.icons import icon
from desktop.ui.widgets.dashboard_charts import HeatMap, ProgressBars, VerdictBars
from desktop.ui.widgets.dashboard_table import PairTable, kappa_words
from desktop.ui.words import count

NO_LABELS = "No labels yet. The dashboard fills in as annotators label claims."
NEED_TWO = "Agreement needs at least two annotators who labelled the same claims."
NO_OVERLAP = (
    "The annotators have not given verdicts on the same claims yet, so there is "
    "nothing to compare. Assign the same articles to two people to measure agreement."
)


def alpha_words(alpha: float | None) -> str:
    """Krippendorff's usual thresholds for drawing conclusions from coded data."""
    if alpha is None:
        return NEED_TWO
    if alpha >= 0.8:
        return "reliable (α ≥ 0.80)"
    if alpha >= 0.667:
        return "tentative conclusions only (0.667 ≤ α < 0.80)"
    return "too low to rely on (α < 0.667): review the guidelines together"


def _section(title: str) -> QLabel:
    return QLabel(title, objectName="sectionTitle")


class DashboardWidget(QWidget):
    refreshed = Signal(object)  # the AgreementReport shown

    def __init__(self, store: services.Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report: AgreementReport | None = None
        self.task: workers.Task | None = None
        self._generation = 0
        self.setAccessibleName("Agreement dashboard")

        self.alpha = QLabel(objectName="alphaValue")
        self.alpha.setStyleSheet("QLabel#alphaValue { font-size: 22pt; font-weight: 600; }")
        self.alpha.setAccessibleName("Krippendorff's alpha")
        self.alpha_note = QLabel(objectName="muted")
        self.alpha_note.setTextFormat(Qt.TextFormat.PlainText)
        self.alpha_note.setWordWrap(True)
        self.status = QLabel(objectName="muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # error messages quote data
        self.refresh_button = QPushButton(icon("redo"), "Refresh")
        self.refresh_button.setToolTip("Compute the agreement again")
        self.refresh_button.clicked.connect(self.refresh)
        head = QGridLayout()
        head.addWidget(QLabel("<b>Krippendorff's alpha</b> (all annotators, nominal)"), 0, 0)
        head.addWidget(self.alpha, 1, 0)
        head.addWidget(self.alpha_note, 2, 0)
        head.setColumnStretch(0, 1)
        head.addWidget(self.status, 0, 1, Qt.AlignmentFlag.AlignRight)
        head.addWidget(
            self.refresh_button, 1, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )

        self.message = QLabel(objectName="muted")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names annotators
        self.message.setWordWrap(True)
        self.table = PairTable()
        self.table.itemSelectionChanged.connect(self._pair_from_table)
        self.progress = ProgressBars()
        self.distribution = VerdictBars()
        self.pair = QComboBox()
        self.pair.setAccessibleName("Pair for the confusion matrix")
        self.pair.currentIndexChanged.connect(self._show_pair)
        self.heat = HeatMap()
        self.heat_note = QLabel(objectName="muted")
        self.heat_note.setTextFormat(Qt.TextFormat.PlainText)  # names annotators
        self.heat_note.setWordWrap(True)

        self.pair_box = QWidget()
        pair_layout = QVBoxLayout(self.pair_box)
        pair_layout.setContentsMargins(0, 0, 0, 0)
        pair_layout.addWidget(_section("Agreement per pair (Cohen's kappa, span agreement)"))
        pair_layout.addWidget(self.table)
        self.footnote = QLabel(
            "* Both used one verdict throughout: κ is 1.0 by convention and "
            "says nothing beyond raw agreement.",
            objectName="muted",
        )
        self.footnote.setWordWrap(True)
        pair_layout.addWidget(self.footnote)
        charts = QGridLayout()
        charts.addWidget(_section("Progress: claims given a verdict, of the claims marked"), 0, 0)
        charts.addWidget(self.progress, 1, 0, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(_section("Verdicts per annotator"), 0, 1)
        charts.addWidget(self.distribution, 1, 1, Qt.AlignmentFlag.AlignTop)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        charts.setHorizontalSpacing(24)
        self.charts_box = QWidget()
        self.charts_box.setLayout(charts)
        self.heat_box = QWidget()
        heat_layout = QVBoxLayout(self.heat_box)
        heat_layout.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(_section("Confusion matrix of"))
        pick.addWidget(self.pair)
        pick.addStretch(1)
        heat_layout.addLayout(pick)
        row = QHBoxLayout()
        row.addWidget(self.heat)
        row.addWidget(self.heat_note, 1, Qt.AlignmentFlag.AlignTop)
        heat_layout.addLayout(row)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addWidget(self.pair_box)
        layout.addWidget(self.charts_box)
        layout.addWidget(self.heat_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._show(None)

    # -- computing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the report again in the background (a newer request wins)."""
        self._generation += 1
        generation, store = self._generation, self.store
        if self.task is not None:
            self.task.cancel()
        self.status.setText("Computing…")
        self.refresh_button.setEnabled(False)

        def run(_report: workers.Report, _cancel) -> AgreementReport:
            return services.agreement_report(store)

        self.task = workers.start(
            "Agreement",
            run,
            finished=lambda r: self._done(generation, r),
            failed=lambda m: self._failed(generation, m),
        )

    def _done(self, generation: int, report: AgreementReport) -> None:
        if generation != self._generation:
            return
        self.task = None
        self.refresh_button.setEnabled(True)
        self.status.setText("")
        self._show(report)
        self.refreshed.emit(report)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.task = None
            self.refresh_button.setEnabled(True)
            self.status.setText(message)

    # -- showing -------------------------------------------------------------------------------
    def _show(self, report: AgreementReport | None) -> None:
        self.report = report
        has_labels = bool(report and report.progress)
        compared = [p for p in report.pairs if p.items] if report else []
        if report is None:
            self.alpha.setText("—")
            self.alpha_note.setText("Press Refresh to compute the agreement.")
        else:
            self.alpha.setText("—" if report.alpha is None else f"α = {report.alpha:.2f}")
            units = f" · over {count(report.alpha_units, 'claim')} with two or more verdicts"
            # no alpha yet: the message below says why (it said it twice)
            self.alpha_note.setText(
                "" if report.alpha is None else alpha_words(report.alpha) + units
            )
        if report is not None and not has_labels:
            self.message.setText(NO_LABELS)
        elif report is not None and len(report.annotators) < 2:
            self.message.setText(NEED_TWO + f" So far only {report.annotators[0]} has labelled.")
        elif report is not None and not compared:
            self.message.setText(NO_OVERLAP)
        else:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        self.pair_box.setVisible(bool(report and report.pairs))
        self.charts_box.setVisible(has_labels)
        self.heat_box.setVisible(bool(compared))
        if report is None:
            return
        self.table.set_pairs(report.pairs)
        self.footnote.setVisible(any(p.chance_only and p.items for p in report.pairs))
        self.progress.set_rows([(p.annotator, p.claims, p.with_verdict) for p in report.progress])
        self.distribution.set_rows(
            [(p.annotator, p.verdicts) for p in report.progress], report.verdicts
        )
        current = self.pair.currentText()
        self.pair.blockSignals(True)
        self.pair.clear()
        for p in compared:
            self.pair.addItem(f"{p.a} and {p.b}", (p.a, p.b))
        self.pair.blockSignals(False)
        self.pair.setCurrentIndex(max(0, self.pair.findText(current)))
        self._show_pair()

    def _pair(self) -> PairAgreement | None:
        key = self.pair.currentData()
        if self.report is None or key is None:
            return None
        return next((p for p in self.report.pairs if (p.a, p.b) == tuple(key)), None)

    def _show_pair(self, _index: int = 0) -> None:
        pair = self._pair()
        if pair is None or self.report is None:
            return
        self.heat.set_matrix(pair.a, pair.b, self.report.verdicts, pair.confusion)
        kappa = "—" if pair.kappa is None else f"{pair.kappa:.2f} ({kappa_words(pair.kappa)})"
        self.heat_note.setText(
            f"{count(pair.items, 'claim')} judged by both. Rows: {pair.a}'s verdicts; columns: "
            f"{pair.b}'s. The diagonal (green) is agreement, the rest (amber) disagreement.\n\n"
            f"Cohen's κ = {kappa}."
        )

    def _pair_from_table(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.report is None:
            return
        pair = self.report.pairs[rows[0].row()]
        i = self.pair.findData((pair.a, pair.b))
        if i >= 0:
            self.pair.setCurrentIndex(i)
