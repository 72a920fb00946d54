"""control characters replaced in stored text (one rule for SQLite and PostgreSQL); claim.tag

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

PostgreSQL refuses U+0000 in text, and XML 1.0 (ClaimReview, Label Studio's config) refuses
every C0 control but tab, LF and CR; SQLite stored them as given, so a teammate's SQLite
export could not merge into a team database. Import now replaces each such character with
U+FFFD, one character for one, so every claim, suggestion and source offset stays valid;
this revision does the same to rows stored before, and re-hashes the article text.

An article whose cleaned text equals another stored article's is left as it is (its sha256
is unique) and named in the migration log: merging two articles' claims is a decision for
a person, not for a schema upgrade.

claim.tag keeps a span label from another tool (Label Studio, doccano) that is not a
verdict, e.g. "EVENT", so nothing is dropped on import.

The rule is copied here on purpose: a migration must keep doing what it did when it was
written, whatever the importer's rule becomes later.
"""

import hashlib
import logging
import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACEMENT = "\ufffd"
_CHUNK = 500


def _clean(value):
    if isinstance(value, str):
        return _CONTROLS.sub(_REPLACEMENT, value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _articles(conn) -> None:
    article = sa.table(
        "article",
        *(sa.column(c, sa.String) for c in
          ("title", "source", "url", "author", "published", "origin", "sha256")),
        sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("meta", sa.JSON),
    )  # fmt: skip
    fields = ("title", "source", "url", "author", "published", "origin")
    last = 0
    while True:  # batched by id: memory stays one chunk whatever the database size
        rows = conn.execute(
            sa.select(article).where(article.c.id > last).order_by(article.c.id).limit(_CHUNK)
        ).mappings().all()
        if not rows:
            return
        last = rows[-1]["id"]
        for row in rows:
            changes = {f: _clean(row[f]) for f in fields if row[f] and _CONTROLS.search(row[f])}
            if row["meta"] and (meta := _clean(row["meta"])) != row["meta"]:
                changes["meta"] = meta
            if _CONTROLS.search(row["text"]):
                text = _clean(row["text"])
                sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
                twin = conn.execute(
                    sa.select(article.c.id).where(article.c.sha256 == sha)
                ).scalar()
                if twin is None:
                    changes.update(text=text, sha256=sha)
                else:
                    log.warning(
                        "article #%s kept its control characters: cleaned, it is the same "
                        "text as article #%s", row["id"], twin,
                    )
            if changes:
                conn.execute(article.update().where(article.c.id == row["id"]).values(**changes))


def _column(conn, table: str, col: str, unique: bool = False) -> None:
    t = sa.table(table, sa.column("id", sa.Integer), sa.column(col, sa.Text))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(t.c.id, t.c[col]).where(t.c.id > last).order_by(t.c.id).limit(_CHUNK * 10)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        for row_id, value in rows:
            if not value or not _CONTROLS.search(value):
                continue
            cleaned = _clean(value)
            if unique and conn.execute(sa.select(t.c.id).where(t.c[col] == cleaned)).scalar():
                log.warning("%s #%s kept its control characters: cleaned, it is a duplicate",
                            table, row_id)
                continue
            conn.execute(t.update().where(t.c.id == row_id).values({col: cleaned}))


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch_op:
        batch_op.add_column(sa.Column("tag", sa.String(), nullable=True))
    conn = op.get_bind()
    _articles(conn)
    _column(conn, "annotator", "name", unique=True)
    for table, col in (("label", "note"), ("review", "note"), ("source_link", "url"),
                       ("source_link", "title"), ("source_link", "note")):
        _column(conn, table, col)


def downgrade() -> None:
    # The replaced characters are not restored: they are what broke the backends.
    with op.batch_alter_table("claim") as batch_op:
        batch_op.drop_column("tag")
