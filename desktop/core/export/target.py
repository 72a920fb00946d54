"""Where an export may be written, checked before a byte is: never over a database.

An export replaces its target. Pointed at the open database (or its -wal, -shm or
-journal), at any other SQLite file, at a folder or at a device, FIFO or socket, that
would destroy work or hang, so those targets are refused with a message that says
why. Paths are compared after resolving symlinks, and files by device and inode, so
`./a.db`, a symlink to it and a hard link to it are all the same database.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.core.export.options import ExportError
from desktop.core.store import Store

SQLITE_HEADER = b"SQLite format 3\x00"
DB_COMPANIONS = ("", "-wal", "-shm", "-journal")


class ExportTargetError(ExportError):
    """The target itself is wrong (a usage error, exit code 2), not a failed write."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _database_files(store: Store) -> list[Path]:
    if not store.is_sqlite or not store.location or store.location == ":memory:":
        return []
    db = Path(store.location).expanduser()
    return [Path(str(db) + suffix) for suffix in DB_COMPANIONS]


def _is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_export_target(store: Store, path: str | os.PathLike[str]) -> Path:
    """The resolved target, or ExportTargetError saying why it can't be written."""
    raw = os.fspath(path)
    if not raw or not raw.strip():
        raise ExportTargetError("no output file given")
    target = Path(raw).expanduser()
    resolved = target.resolve()
    ours = _database_files(store)
    ours_resolved = {p.resolve() for p in ours}
    ours_ids = {i for p in ours if (i := _identity(p)) is not None}
    same_file = _identity(target)
    if resolved in ours_resolved or (same_file is not None and same_file in ours_ids):
        raise ExportTargetError(
            f"{raw} is the database you are exporting from ({store.location}); "
            "writing there would destroy it: choose another file name"
        )
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportTargetError(f"cannot write {raw}: {exc.strerror or exc}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise ExportTargetError(f"{raw} is a folder: give a file name inside it")
        if not stat.S_ISREG(st.st_mode):
            raise ExportTargetError(
                f"{raw} is not a regular file (a device, pipe or socket): choose a file"
            )
        if _is_sqlite_file(target):
            raise ExportTargetError(
                f"{raw} is a SQLite database; an export never overwrites one: "
                "choose another file name"
            )
    return resolved  # a missing or unwritable folder is a failed write (exit 1), not misuse
