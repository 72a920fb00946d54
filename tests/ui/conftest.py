"""UI test fixtures: offscreen Qt, private settings, a window on a tmp database, and a
guard that fails any test leaving background work running."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from desktop.core import services  # noqa: E402
from desktop.ui import workers  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings import UiSettings  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"
ANNOTATOR = "ana"


@pytest.fixture(autouse=True, scope="session")
def _private_qsettings(tmp_path_factory):
    """Nothing in the test run reads or writes the real user's settings."""
    where = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, where)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, where)
    QCoreApplication.setOrganizationName("ClaimdeskTests")


@pytest.fixture(autouse=True)
def no_background_work_left(request):
    """Fail a test that ends with work still running (like napari's leak check).

    It runs after the test body and before qtbot closes the windows (their closeEvent
    would cancel the work and hide the leak): it depends on qtbot when the test does.
    """
    if "qtbot" in request.fixturenames:
        request.getfixturevalue("qtbot")
    # Work cancelled while the previous test's windows closed may still be unwinding;
    # let it finish so it is not blamed on this test.
    workers.wait_all(10_000)
    yield
    left = workers.running()
    busy = workers.pool().activeThreadCount()
    if left or busy:
        names = ", ".join(t.name for t in left) or f"{busy} pool threads"
        workers.cancel_all()
        workers.wait_all(20_000)
        QCoreApplication.processEvents()
        pytest.fail(f"test left background work running: {names}")


@pytest.fixture
def ui_settings(tmp_path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def open_window(qtbot, db_path, ui_settings) -> Callable[..., MainWindow]:
    """open_window(auto_suggest=False) -> a shown, started window on db_path. The store
    closes with the test; windows close through qtbot (or the test)."""
    stores: list[services.Store] = []

    def make(*, auto_suggest: bool = False, annotator: str = ANNOTATOR) -> MainWindow:
        store = services.open_store(str(db_path))
        stores.append(store)
        window = MainWindow(store, annotator, ui_settings, auto_suggest=auto_suggest)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        window.start()
        return window

    yield make
    for s in stores:
        s.close()


def wait_idle(qtbot, timeout: int = 60_000) -> None:
    """Until every background task has finished and delivered its result."""
    qtbot.waitUntil(lambda: not workers.running(), timeout=timeout)


def load_demo(qtbot, window: MainWindow) -> None:
    window.load_demo()
    wait_idle(qtbot)
    assert window.articles.model.rowCount() == 5
