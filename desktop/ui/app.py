"""Start the window: `claimdesk [--db PATH|URL] [--annotator NAME] [--demo]`."""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.core import services
from desktop.ui import startup, theme
from desktop.ui.dialogs.welcome import DEMO, IMPORT, ask_welcome
from desktop.ui.icons import app_icon
from desktop.ui.main_window import MainWindow
from desktop.ui.safe_text import message_box
from desktop.ui.settings import APP, ORG, UiSettings


def make_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName("Claimdesk")
    app.setDesktopFileName("claimdesk")
    app.setWindowIcon(app_icon())
    return app


def _close_on_ctrl_c(app: QApplication) -> QTimer:
    """Ctrl+C in the terminal (or SIGTERM) closes the window properly (a typed note is saved first).
    The timer lets Python run its signal handler while Qt's loop is busy."""
    signal.signal(signal.SIGINT, lambda *_: app.closeAllWindows())
    signal.signal(signal.SIGTERM, lambda *_: app.closeAllWindows())  # a logout or `kill`
    timer = QTimer()
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return timer


def choose_annotator(
    store: services.Store, settings: UiSettings, given: str | None
) -> tuple[str | None, str | None]:
    """--annotator (not remembered) > $CLAIMDESK_ANNOTATOR > QSettings > the welcome dialog
    (first start). Returns (name, what the welcome chose: DEMO | IMPORT | EMPTY | None)."""
    name = given or os.environ.get("CLAIMDESK_ANNOTATOR") or settings.annotator
    if name:
        return name, None
    answer = ask_welcome(
        services.default_annotator_name(),
        services.annotator_names(store),
        demo_available=services.demo_corpus_path() is not None,
        has_articles=services.count_articles(store) > 0,
    )
    if answer is None:
        return None, None
    settings.annotator = answer[0]
    return answer


def run(db: str | None, annotator: str | None, demo: bool) -> int:
    app = make_app()
    settings = UiSettings()
    theme.apply(app, settings.scheme)
    try:
        store = services.open_store(db)
    except services.StoreError as exc:
        message_box(None, "Claimdesk cannot open the database",
                    f"The database could not be opened:\n\n{exc}\n\n"
                    "Check the path (--db or CLAIMDESK_DB) and that its folder is writable.").exec()
        return 1
    try:
        name, first = choose_annotator(store, settings, annotator)
        if not name:
            return 0
        window = MainWindow(store, name, settings)
        window.show()
        window.start()
        startup.session_started()  # start-up objects live for the session: out of later GC
        if (demo or first == DEMO) and services.count_articles(store) == 0:
            window.load_demo()
        elif first == IMPORT:
            QTimer.singleShot(0, window.import_files)  # once the window is up
        _keep = _close_on_ctrl_c(app)  # noqa: F841  (the timer must live as long as the loop)
        return app.exec()
    finally:
        store.close()
