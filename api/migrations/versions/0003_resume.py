"""participants: conversation hash, resume code hash and progress, for resuming

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("conversation_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("resume_code_hash", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("progress", sa.Text(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch.create_index("ix_participants_conversation_hash", ["conversation_hash"])
        batch.create_index("ix_participants_resume_code_hash", ["resume_code_hash"])


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_index("ix_participants_resume_code_hash")
        batch.drop_index("ix_participants_conversation_hash")
        batch.drop_column("progress")
        batch.drop_column("resume_code_hash")
        batch.drop_column("conversation_hash")
