"""Help > About: versions without importing spaCy, the database location, copy details."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from importlib import metadata

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.ui import theme
from desktop.ui.dialogs import about
from desktop.ui.dialogs.about import AboutDialog, show_about
from tests.ui.conftest import ARTIFACTS


@contextmanager
def _themed(scheme: str):
    """The app's real look (Fusion, palette, style sheet) for a screenshot, then back."""
    app = QApplication.instance()
    style, palette, sheet = app.style().name(), app.palette(), app.styleSheet()
    theme.apply(app, scheme)
    try:
        yield
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        app.setStyleSheet(sheet)


def _dialog(qtbot, database: str) -> AboutDialog:
    dlg = AboutDialog(database)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_it_shows_every_version(qtbot, tmp_path):
    dlg = _dialog(qtbot, str(tmp_path / "claimdesk.db"))
    shown = {what: label.text() for what, label in dlg.value_labels.items()}
    assert shown["Claimdesk"].startswith(__version__)
    assert shown["Qt"] == qVersion()
    assert shown["PySide6"] == metadata.version("PySide6")
    assert shown["Python"].startswith(".".join(map(str, sys.version_info[:3])))
    assert shown["spaCy"] == metadata.version("spacy")
    assert shown["Model"] != about.NO_MODEL  # the test environment has a model installed
    name, version = shown["Model"].split()
    assert name.startswith("en_core_web_sm") and version == metadata.version(name)


def test_the_model_falls_back_to_a_clear_message(monkeypatch):
    monkeypatch.setattr(about, "MODEL_DISTRIBUTIONS", ("no-such-model-xyz",))
    assert about.model_version() == about.NO_MODEL


def test_the_database_and_its_folder(qtbot, tmp_path):
    db = tmp_path / "team & co" / "claimdesk.db"
    db.parent.mkdir()
    dlg = _dialog(qtbot, str(db))
    html = dlg.db_label.text()
    assert "team &amp; co" in html and "Open the folder" in html and "file://" in html
    pg = _dialog(qtbot, "postgresql+psycopg://claimdesk:***@db.example/labels")
    assert "Open the folder" not in pg.db_label.text()


def test_copy_details_for_a_bug_report(qtbot, tmp_path):
    dlg = _dialog(qtbot, str(tmp_path / "x.db"))
    dlg.copy.click()
    text = QApplication.clipboard().text()
    assert f"Claimdesk: {__version__}" in text and f"Database: {tmp_path / 'x.db'}" in text
    assert "spaCy:" in text and "Model:" in text


def test_show_about_opens_without_blocking(qtbot, tmp_path):
    dlg = show_about(str(tmp_path / "x.db"))
    qtbot.waitExposed(dlg)
    assert dlg.isVisible()
    dlg.close()


def test_the_dialog_does_not_import_spacy():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
            "from desktop.ui.dialogs.about import AboutDialog; AboutDialog('x.db')\n"
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_screenshot_of_the_about_dialog(qtbot, tmp_path):
    db = tmp_path / "claimdesk.db"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "about.png"
    with _themed("light"):
        dlg = _dialog(qtbot, str(db))
        qtbot.wait(50)
        assert dlg.grab().save(str(path))
    assert path.stat().st_size > 5_000
