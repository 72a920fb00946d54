"""Where everything sits in the main window, in one place.

    articles | reader | inspector over evidence      (the labelling page)
    review panel                                     (the review page, Ctrl+R)
    agreement dashboard                              (a dock at the bottom, Ctrl+Shift+D)

The window builds this once; the flows that give the panels behaviour (team_views,
claims_flow...) receive the panels and never rearrange the window themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from desktop.ui.widgets.dashboard import DashboardWidget
from desktop.ui.widgets.evidence_panel import EvidencePanel
from desktop.ui.widgets.review_panel import ReviewPanel


@dataclass
class Layout:
    split: QSplitter  # the labelling page: articles | reader | right column
    right: QSplitter  # inspector over evidence
    pages: QStackedWidget  # labelling page | review page
    review: ReviewPanel
    evidence: EvidencePanel
    dashboard: DashboardWidget
    dashboard_dock: QDockWidget


def build(window: QMainWindow, articles: QWidget, reader: QWidget, inspector: QWidget,
          review: ReviewPanel, evidence: EvidencePanel, dashboard: DashboardWidget) -> Layout:
    evidence.setAccessibleName("Evidence from other articles")
    right = QSplitter(Qt.Orientation.Vertical)
    right.setObjectName("claimSplitter")
    right.setChildrenCollapsible(False)
    right.addWidget(inspector)
    right.addWidget(evidence)
    right.setSizes([540, 360])  # the inspector is the main tool; evidence scrolls
    right.setStretchFactor(0, 3)
    right.setStretchFactor(1, 2)
    right.setMinimumWidth(400)

    split = QSplitter(Qt.Orientation.Horizontal)
    split.setObjectName("mainSplitter")
    for w in (articles, reader, right):
        split.addWidget(w)
    split.setChildrenCollapsible(False)
    split.setSizes([280, 740, 420])
    split.setStretchFactor(1, 2)  # a wider window widens the reader and, at half
    split.setStretchFactor(2, 1)  # that rate, the claim column

    pages = QStackedWidget()
    pages.addWidget(split)
    pages.addWidget(review)
    window.setCentralWidget(pages)

    dock = QDockWidget("Agreement", window)
    dock.setObjectName("dashboardDock")
    dock.setWidget(dashboard)
    dock.setAccessibleName("Agreement")
    dashboard.setMinimumHeight(220)  # never a strip showing only alpha
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    return Layout(split, right, pages, review, evidence, dashboard, dock)
