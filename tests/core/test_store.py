"""The store: where the database lives, how SQLite is set up, migrations on open."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from desktop.core import queries
from desktop.core.store import Store, StoreError, default_db_path, open_store, resolve_db


def test_default_database_is_under_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "claimdesk" / "claimdesk.db"
    assert resolve_db(None) == f"sqlite:///{tmp_path / 'data' / 'claimdesk' / 'claimdesk.db'}"


def test_env_var_and_argument_choose_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_DB", str(tmp_path / "env.db"))
    assert resolve_db(None).endswith("env.db")
    assert resolve_db(str(tmp_path / "arg.db")).endswith("arg.db")  # --db wins
    assert resolve_db("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_opening_creates_the_schema_at_head(store):
    assert store.revision() == Store.head()
    assert queries.counts(store)["articles"] == 0


def test_reopening_is_cheap_and_keeps_data(db_path):
    s = open_store(str(db_path))
    with s.write() as sess:
        sess.exec(text("INSERT INTO annotator (name) VALUES ('ana')"))
    s.close()
    again = open_store(str(db_path))
    assert queries.annotator_names(again) == ["ana"]


def test_upgrade_from_the_first_revision_keeps_every_row(db_path):
    old = Store(f"sqlite:///{db_path}", migrate=False)
    old.migrate("0001")
    assert old.revision() == "0001"
    with old.write() as s:
        s.exec(text("INSERT INTO annotator (id, name) VALUES (1, 'ana')"))
        s.exec(
            text(
                "INSERT INTO article (id, sha256, title, origin, text, imported_at, meta) VALUES "
                "(1, 'abc', 'T', 'a.txt', 'Putin said it took 14 years.', '2025-01-01 00:00:00', '{}')"
            )
        )
        s.exec(
            text(
                'INSERT INTO claim (id, article_id, start, "end", origin, created_at, created_by) '
                "VALUES (1, 1, 0, 28, 'manual', '2025-01-01 00:00:00', 1)"
            )
        )
        s.exec(
            text(
                "INSERT INTO label (claim_id, annotator_id, verdict, created_at, updated_at) "
                "VALUES (1, 1, 'verified', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
    old.close()
    new = open_store(str(db_path))
    assert new.revision() == Store.head()
    view = queries.article_view(new, 1, "ana")
    assert view.text == "Putin said it took 14 years."
    assert [(c.start, c.end, c.verdict) for c in view.claims] == [(0, 28, "verified")]
    assert queries.list_articles(new)[0].words == 6  # filled by revision 0002
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_unopenable_location_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        open_store(str(blocker / "sub" / "claimdesk.db"))


def test_a_file_that_is_not_a_database_gives_a_clear_message(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(str(bad))


@pytest.mark.postgres
def test_postgresql_store_migrates_and_counts(pg_store):
    assert pg_store.revision() == Store.head()
    assert not pg_store.is_sqlite
    assert queries.counts(pg_store)["articles"] == 0


def test_head_revision_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.core.store import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == Store.head()
