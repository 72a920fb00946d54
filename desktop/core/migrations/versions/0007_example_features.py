"""parsed features of decided sentences, so learning parses each one once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "example_features",
        sa.Column("text_sha", sa.String(), primary_key=True),
        sa.Column("featurizer", sa.String(), primary_key=True),
        sa.Column("slots", sa.LargeBinary(), nullable=False),
        sa.Column("n_grams", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("example_features")
