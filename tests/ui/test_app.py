"""Starting the app: database errors, who the annotator is, --demo, switching annotator."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.ui import app as ui_app
from desktop.ui import workers
from desktop.ui.settings import UiSettings
from tests.ui.conftest import ANNOTATOR, load_demo


def _close_soon(after_ms: int = 300) -> None:
    def close() -> None:
        if workers.running():  # let the demo import finish first
            QTimer.singleShot(100, close)
            return
        QApplication.instance().closeAllWindows()

    QTimer.singleShot(after_ms, close)


def test_unopenable_database_shows_a_message_not_a_traceback(qtbot, tmp_path, monkeypatch):
    shown = []

    class Box:  # the real box is modal; record its (plain) text instead
        def __init__(self, _parent, _title, text) -> None:
            shown.append(text)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(ui_app, "message_box", Box)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert ui_app.run(str(blocker / "sub" / "x.db"), "ana", False) == 1
    assert "cannot create the folder" in shown[0]


def test_first_start_asks_who_and_remembers(qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(ui_app, "ask_welcome", lambda default, known, **kw: asked.append(default) or ("maria", "empty"))
    _close_soon()
    assert ui_app.run(str(tmp_path / "a.db"), None, demo=True) == 0
    assert asked == [services.default_annotator_name()]
    assert UiSettings().annotator == "maria"
    store = services.open_store(str(tmp_path / "a.db"))
    assert services.count_articles(store) == 5  # --demo loaded the demo corpus
    store.close()

    # next start: not asked again; --annotator wins without being remembered
    monkeypatch.setattr(ui_app, "ask_welcome", lambda *a, **kw: asked.append("again"))
    _close_soon()
    assert ui_app.run(str(tmp_path / "a.db"), "guest", demo=False) == 0
    assert asked == [services.default_annotator_name()] and UiSettings().annotator == "maria"
    QSettings().clear()


def test_switching_annotator_hides_the_others_labels(open_window, qtbot, monkeypatch):
    window = open_window()
    load_demo(qtbot, window)
    claim = window.labeller.create_claim(1, 0, 5).claim_id
    window.labeller.set_verdict(claim, "verified")
    assert window.article.claim().verdict == "verified"

    window.set_annotator("bob")
    assert window.status.annotator.text() == "bob"
    assert not window.labeller.history.can_undo()  # bob's own undo history
    window.article.step(1)
    mine = window.article.claim()
    assert mine.id == claim and mine.verdict is None  # no anchoring on ana's verdict
    assert window.inspector.claim.others.isHidden()
    window.inspector.set_review_mode(True)  # the hook for review mode
    assert not window.inspector.claim.others.isHidden() and ANNOTATOR in window.inspector.claim.others.text()
    assert window.articles.model.row_at(0).progress == "unlabelled"


def test_the_first_window_fits_a_small_screen():
    """A 1280x800 laptop: the window opened at 1440x900 and ran off the screen's edge,
    hiding the right column (seen under Xvfb at 1280x800). It takes the free area there and
    stays 1440x900 on larger screens."""
    from desktop.ui.main_window import first_size

    assert first_size(1280, 800) == (1280, 760)
    assert first_size(1920, 1050) == (1440, 900)
