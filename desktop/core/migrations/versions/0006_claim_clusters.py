"""claim clusters: one fact across articles, its members, what the clusterer has seen

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_cluster",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("verdict", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), sa.ForeignKey("annotator.id"), nullable=True),
        sa.Column("manual", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_claim_cluster_key", "claim_cluster", ["key"], unique=True)
    op.create_table(
        "cluster_member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "cluster_id",
            sa.Integer(),
            sa.ForeignKey("claim_cluster.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column(
            "claim_id", sa.Integer(), sa.ForeignKey("claim.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("score", sa.Float(), nullable=False, server_default="0"),
        sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("article_id", "start", "end"),
    )
    op.create_index("ix_cluster_member_cluster", "cluster_member", ["cluster_id"])
    op.create_index("ix_cluster_member_article_id", "cluster_member", ["article_id"])
    op.create_table(
        "cluster_seen",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("claim_id", sa.Integer(), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("cluster_seen")
    op.drop_index("ix_cluster_member_article_id", table_name="cluster_member")
    op.drop_index("ix_cluster_member_cluster", table_name="cluster_member")
    op.drop_table("cluster_member")
    op.drop_index("ix_claim_cluster_key", table_name="claim_cluster")
    op.drop_table("claim_cluster")
