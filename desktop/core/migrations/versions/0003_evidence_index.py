"""evidence index: sentence features and an inverted index of normalised terms

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_article",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("sentences", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "evidence_sentence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
    )
    op.create_index("ix_evidence_sentence_article_id", "evidence_sentence", ["article_id"])
    op.create_table(
        "evidence_term",
        sa.Column("term", sa.String(length=80), primary_key=True),
        sa.Column(
            "sentence_id",
            sa.Integer(),
            sa.ForeignKey("evidence_sentence.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("article_id", sa.Integer(), nullable=False),
    )
    # Deleting a sentence (cascade from its article) looks up its postings by sentence_id.
    op.create_index("ix_evidence_term_sentence_id", "evidence_term", ["sentence_id"])
    op.create_table(
        "evidence_term_stat",
        sa.Column("term", sa.String(length=80), primary_key=True),
        sa.Column("df", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("evidence_term_stat")
    op.drop_index("ix_evidence_term_sentence_id", table_name="evidence_term")
    op.drop_table("evidence_term")
    op.drop_index("ix_evidence_sentence_article_id", table_name="evidence_sentence")
    op.drop_table("evidence_sentence")
    op.drop_table("evidence_article")
