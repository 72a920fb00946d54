"""The database: where it lives, how connections behave, migrations on open.

SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout, and
BEGIN IMMEDIATE for writes: a deferred transaction that later wants to write can fail at
once with "database is locked" when another process wrote in between, which the busy
timeout cannot cure. PostgreSQL (a team's shared database) needs none of this.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlmodel import Session, create_engine

APP_NAME = "claimdesk"
ENV_DB = "CLAIMDESK_DB"
BUSY_TIMEOUT_MS = 30_000
MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x436C61696D64  # "Claimd": the advisory lock key that serialises migrations
HEAD_REVISION = "0007"  # the newest file in migrations/versions; a test keeps them in step


class StoreError(Exception):
    """A database that can't be opened or used; the message is meant for the user."""


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "claimdesk.db"


def resolve_db(arg: str | None) -> str:
    """--db PATH|URL, else $CLAIMDESK_DB, else the per-user default; returns a URL."""
    value = arg or os.environ.get(ENV_DB) or str(default_db_path())
    if "://" in value:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {value}") from exc
        if url.drivername == "postgresql":  # the driver we ship; plain URLs just work
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    # NORMAL in WAL mode survives an application crash; only power loss can drop the
    # last commits, and it keeps a label action well under 10 ms.
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_engine(url: str, begin: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


class Store:
    """Owns the engines. `session()` for reads, `write()` for one atomic change."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            database = make_url(url).database or ""
            # a SQLite URI ("file:/x.db?mode=ro") names an existing file: no folder to make
            # (Path would read "file:" as a folder in the working directory)
            path = Path(database)
            if not database.startswith("file:") and path.parent and not path.parent.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the folder {path.parent}: {exc.strerror}"
                    ) from exc
            self.engine = _sqlite_engine(url, "BEGIN")
            self.write_engine = _sqlite_engine(url, "BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
            self.write_engine = self.engine
        if migrate:
            self.migrate()

    @property
    def location(self) -> str:
        if self.is_sqlite:
            return make_url(self.url).database or ""
        return make_url(self.url).render_as_string(hide_password=True)

    # -- schema ---------------------------------------------------------------
    # Alembic (and Mako, Pygments behind it) costs ~0.3 s to import, so the common case, a
    # database already at HEAD, is checked with one plain query and never imports it.
    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    @staticmethod
    def head() -> str:
        return HEAD_REVISION

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to `target`; a no-op (one query) when already there."""
        try:
            if target == "head" and self.revision() == HEAD_REVISION:
                return
            from alembic import command
            from alembic.config import Config

            with self.write_engine.begin() as conn:
                if not self.is_sqlite:
                    # teammates opening a new team database at the same moment: one migrates,
                    # the others wait here and then find it at head (SQLite: BEGIN IMMEDIATE)
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                cfg = Config()
                cfg.set_main_option("script_location", str(MIGRATIONS))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
        except DatabaseError as exc:
            raise StoreError(describe_db_error(exc, self.location)) from exc

    # -- sessions -------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error."""
        with Session(self.write_engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except DatabaseError as exc:
                s.rollback()
                raise StoreError(describe_db_error(exc, self.location)) from exc
            except BaseException:
                s.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


def describe_db_error(exc: DatabaseError, location: str) -> str:
    msg = str(exc.orig) if exc.orig is not None else str(exc)
    low = msg.lower()
    if "readonly" in low or "read-only" in low:
        return f"the database {location} is read-only; nothing was changed"
    if "disk is full" in low or "database or disk is full" in low:
        return f"the disk holding {location} is full; the last change was not saved"
    if "unable to open" in low:
        return f"cannot open the database {location} (check the folder exists and is writable)"
    if "not a database" in low or "malformed" in low:
        return f"{location} is not a Claimdesk database, or it is damaged"
    if "locked" in low:
        return f"the database {location} is busy in another program; try again"
    if "connection" in low or "could not" in low:
        return f"cannot reach the database {location}: {msg.strip().splitlines()[0]}"
    return f"database error on {location}: {msg.strip().splitlines()[0]}"


def open_store(db: str | None = None, *, migrate: bool = True) -> Store:
    return Store(resolve_db(db), migrate=migrate)
