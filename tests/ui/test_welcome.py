"""The first-start welcome: verdicts explained, the annotator's name, what to start with."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from desktop.core.verdicts import verdicts
from desktop.ui import theme
from desktop.ui.dialogs.welcome import DEMO, EMPTY, IMPORT, WelcomeDialog, ask_welcome
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


def _dialog(qtbot, **kw) -> WelcomeDialog:
    dlg = WelcomeDialog("ana", ["ana", "bo"], **kw)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _ok(dlg: WelcomeDialog):
    return dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_it_explains_every_verdict_of_the_scheme(qtbot, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_VERDICTS", "verified,conflicting,unsupported,refuted")
    dlg = _dialog(qtbot)
    shown = [label.text() for label in dlg.verdict_labels]
    assert len(shown) == 4
    for v, text in zip(verdicts(), shown, strict=True):
        assert v.name.capitalize() in text and v.color in text
    texts = " ".join(w.text() for w in dlg.findChildren(type(dlg.verdict_labels[0])))
    for v in verdicts():
        assert v.description in texts


def test_default_is_the_demo_with_the_suggested_name(qtbot):
    dlg = _dialog(qtbot)
    assert dlg.name.currentText() == "ana"
    assert dlg.choice() == DEMO
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.value() == ("ana", DEMO)


def test_each_choice_comes_back(qtbot):
    dlg = _dialog(qtbot)
    for button, choice in ((dlg.files, IMPORT), (dlg.empty, EMPTY), (dlg.demo, DEMO)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))  # the indicator
        assert dlg.choice() == choice


def test_a_typed_name_is_normalised(qtbot):
    dlg = _dialog(qtbot)
    dlg.name.setCurrentText("")
    qtbot.keyClicks(dlg.name.lineEdit(), "  Maria   Lopez ")
    dlg.files.setChecked(True)
    qtbot.keyClick(dlg.name.lineEdit(), Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.value() == ("Maria Lopez", IMPORT)


def test_an_empty_name_is_refused_in_place(qtbot):
    dlg = _dialog(qtbot)
    dlg.name.setCurrentText("   ")
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error.isVisible() and dlg.error.text()


def test_without_a_demo_corpus_the_choice_is_disabled(qtbot):
    dlg = _dialog(qtbot, demo_available=False)
    assert not dlg.demo.isEnabled()
    assert dlg.choice() == EMPTY


def test_with_articles_already_there_it_offers_to_continue(qtbot):
    dlg = _dialog(qtbot, has_articles=True)
    assert dlg.choice() == EMPTY
    assert "Continue" in dlg.empty.text()


def test_ask_welcome_returns_the_answer_or_none(qtbot):
    def answer(accept: bool):
        from PySide6.QtWidgets import QApplication

        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, WelcomeDialog)
        dlg.empty.setChecked(True)
        dlg.accept() if accept else dlg.reject()

    QTimer.singleShot(0, lambda: answer(True))
    assert ask_welcome("ana") == ("ana", EMPTY)
    QTimer.singleShot(0, lambda: answer(False))
    assert ask_welcome("ana") is None


def test_screenshot_of_the_welcome(qtbot):
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme, name in (("light", "welcome.png"), ("dark", "welcome_dark.png")):
        with _themed(scheme):
            dlg = _dialog(qtbot)
            qtbot.wait(50)
            path = ARTIFACTS / name
            assert dlg.grab().save(str(path))
            dlg.close()
        assert path.stat().st_size > 10_000
