"""Write a file all or nothing: a temp file next to the target, then os.replace.

The temp file lives in the target's folder so the rename is atomic (same filesystem);
on any error it is removed, so a failed export never leaves a partial or stray file.
Interrupted exports clean up too: Ctrl+C and SIGTERM (the CLI turns it into SystemExit)
unwind through here, a process that exits while a worker thread writes removes its temp
files at exit, and what a SIGKILL or a power cut leaves behind is swept by the next
export into that folder: our temp files carry the writer's pid, and a file whose writer
is gone (or that nobody touched for a day) is stale.
"""

from __future__ import annotations

import atexit
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from desktop.core.export.options import ExportError

TEMP_MARK = ".claimdesk-"
_TEMP_NAME = re.compile(r"^\..+\.claimdesk-(\d+)-[^/]*\.tmp$")
STALE_AFTER_S = 24 * 3600

_live: set[str] = set()  # temp files being written by this process
_live_lock = threading.Lock()


@atexit.register
def _remove_live_temp_files() -> None:
    with _live_lock:
        for tmp in list(_live):
            try:
                os.unlink(tmp)
            except OSError:
                pass
        _live.clear()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep_stale_temp_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove our temp files in `folder` left by exports that died; returns them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    with _live_lock:
        live = set(_live)
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if not m or entry.path in live:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            if old or not _pid_alive(int(m.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except (OSError, ValueError):
            continue
    return removed


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    sweep_stale_temp_files(folder)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-", suffix=".tmp"
        )
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {_reason(exc)} ({folder})") from exc
    with _live_lock:
        _live.add(tmp)
    try:
        mode = "wb" if binary else "w"
        kw = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kw) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; exports are ordinary files
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {target}: {_reason(exc)}") from exc
        raise
    finally:
        with _live_lock:
            _live.discard(tmp)
