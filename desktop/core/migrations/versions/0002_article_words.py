"""article.words: word count shown in the article list, filled for existing rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("words", sa.Integer(), nullable=False, server_default="0"))
    # Fill existing rows in Python: SQL has no portable word count. Batched to bound memory.
    conn = op.get_bind()
    article = sa.table("article", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                       sa.column("words", sa.Integer))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(article.c.id, article.c.text).where(article.c.id > last)
            .order_by(article.c.id).limit(500)
        ).all()
        if not rows:
            break
        for row in rows:
            conn.execute(article.update().where(article.c.id == row.id)
                         .values(words=len(row.text.split())))
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("article") as batch_op:
        batch_op.drop_column("words")
