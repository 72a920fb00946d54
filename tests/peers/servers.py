"""Install Label Studio and doccano, each in its own virtualenv under ROOT, and run them on
127.0.0.1 only, with their data under ROOT. Nothing here touches the project's .venv.

ROOT (default $CLAIMDESK_PEERS or /tmp/claimdesk-peers) holds `ls/` and `doccano/` (the
virtualenvs), `ls_data/` and `doccano_home/` (their databases, kept between runs: Label
Studio's first start migrates for minutes), and the servers' logs. A server already
answering on its port is used as it is and left running; one started here is stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from clients import LS_TOKEN, Doccano, LabelStudio, PeerError

LS_VERSION = "1.23.2"
DOCCANO_VERSION = "1.8.4"
DOCCANO_PINS = ("marshmallow<3.21", "numpy<2")  # doccano 1.8.4 breaks on newer ones
LS_PORT, DOCCANO_PORT = 18080, 18000
PASSWORD = "peerpass1"  # throwaway servers on loopback
ANNOTATORS = ("ana", "bo")


def root() -> Path:
    return Path(os.environ.get("CLAIMDESK_PEERS", "/tmp/claimdesk-peers"))


def say(msg: str) -> None:
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def _venv(path: Path, *requirements: str) -> Path:
    """Create the virtualenv and pip install into it, once (a stamp file says it is done)."""
    stamp = path / ".claimdesk-installed"
    wanted = " ".join(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return path
    say(f"installing {wanted} into {path} (minutes, once)")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    subprocess.run([str(path / "bin/pip"), "install", "--quiet", *requirements], check=True)
    stamp.write_text(wanted)
    return path


def _status(url: str, **kw) -> int | None:
    try:
        return requests.get(url, timeout=5, **kw).status_code
    except requests.RequestException:
        return None


def _wait(check, what: str, proc: subprocess.Popen | None, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            raise PeerError(f"{what} exited with {proc.returncode}; see {log}")
        time.sleep(2)
    raise PeerError(f"{what} did not answer within {timeout:.0f} s; see {log}")


def _spawn(cmd: list[str], env: dict[str, str], log: Path, cwd: Path | None = None) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                cwd=cwd, start_new_session=True)  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    """End the process group this module started (the server and its own children)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@contextmanager
def label_studio(base: Path, port: int = LS_PORT):
    url = f"http://127.0.0.1:{port}"
    ping = f"{url}/api/projects"
    auth = {"headers": {"Authorization": f"Token {LS_TOKEN}"}}
    if _status(ping, **auth) == 200:
        yield LabelStudio(url)
        return
    venv = _venv(base / "ls", f"label-studio=={LS_VERSION}")
    env = {
        "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false", "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "", "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_BASE_DATA_DIR": str(base / "ls_data"),
    }  # fmt: skip
    log = base / "label_studio.log"
    say(f"starting Label Studio {LS_VERSION} on {url} (log {log})")
    proc = _spawn([str(venv / "bin/label-studio"), "start", "--no-browser",
                   "--internal-host", "127.0.0.1", "--port", str(port), "--host", url,
                   "--data-dir", str(base / "ls_data"), "--username", "admin@example.org",
                   "--password", PASSWORD, "--user-token", LS_TOKEN], env, log)  # fmt: skip
    try:
        _wait(lambda: _status(ping, **auth) == 200, "Label Studio", proc, log, 900)
        yield LabelStudio(url)
    finally:
        _stop(proc)


def _doccano_env(base: Path) -> dict[str, str]:
    home = base / "doccano_home"
    return {
        "DOCCANO_HOME": str(home), "STANDALONE": "True", "DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"sqlite:///{home}/db.sqlite3", "MEDIA_ROOT": str(home / "media"),
    }  # fmt: skip


@contextmanager
def doccano(base: Path, port: int = DOCCANO_PORT):
    """doccano's web app under gunicorn on loopback (its `webserver` command binds 0.0.0.0),
    and its Celery worker, which runs imports and exports."""
    url = f"http://127.0.0.1:{port}"
    if _status(f"{url}/v1/health/") == 200:
        yield Doccano(url, password=PASSWORD)
        return
    venv = _venv(base / "doccano", f"doccano=={DOCCANO_VERSION}", *DOCCANO_PINS)
    env = _doccano_env(base)
    cli = str(venv / "bin/doccano")
    if not (base / "doccano_home/db.sqlite3").exists():
        (base / "doccano_home").mkdir(parents=True, exist_ok=True)
        subprocess.run([cli, "init"], env={**os.environ, **env}, check=True, capture_output=True)
        for user in ("admin", *ANNOTATORS):
            subprocess.run([cli, "createuser", "--username", user, "--password", PASSWORD,
                            "--email", f"{user}@example.org"], env={**os.environ, **env},
                           check=True, capture_output=True)  # fmt: skip
    backend = next((venv / "lib").glob("python3*/site-packages/backend"))
    log = base / "doccano.log"
    say(f"starting doccano {DOCCANO_VERSION} on {url} (log {log})")
    with ExitStack() as stack:
        web = _spawn([str(venv / "bin/gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                      "--timeout", "600", "--chdir", str(backend), "config.wsgi"], env, log)  # fmt: skip
        stack.callback(_stop, web)
        worker = _spawn([cli, "task", "--concurrency", "1"], env, log)
        stack.callback(_stop, worker)
        _wait(lambda: _status(f"{url}/v1/health/") == 200, "doccano", web, log, 300)
        yield Doccano(url, password=PASSWORD)
