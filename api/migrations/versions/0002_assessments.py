"""assessments, invite codes, participants, codings (with history), facilitator tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("languages", sa.String(20), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("quote_k", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _created_at(),
    )
    op.create_table(
        "invite_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.UniqueConstraint("code", name="uq_invite_codes_code"),
    )
    op.create_index("ix_invite_codes_assessment_id", "invite_codes", ["assessment_id"])
    op.create_table(
        "participants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "assessment_id",
            sa.Integer(),
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deletion_code_hash", sa.String(64), nullable=True),
    )
    op.create_index("ix_participants_assessment_id", "participants", ["assessment_id"])
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("participant_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("level_asked", sa.String(20), nullable=True))
        batch.create_foreign_key(
            "fk_answers_participant_id",
            "participants",
            ["participant_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_answers_participant_id", ["participant_id"])
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "answer_id",
            sa.Integer(),
            sa.ForeignKey("answers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("polarity", sa.String(10), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(64), nullable=True),
        sa.Column("origin", sa.String(32), nullable=False),
        _created_at(),
    )
    op.create_index("ix_codings_answer_id", "codings", ["answer_id"])
    op.create_table(
        "facilitator_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _created_at(),
        sa.UniqueConstraint("token_hash", name="uq_facilitator_tokens_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("facilitator_tokens")
    op.drop_index("ix_codings_answer_id", table_name="codings")
    op.drop_table("codings")
    with op.batch_alter_table("answers") as batch:
        batch.drop_index("ix_answers_participant_id")
        batch.drop_constraint("fk_answers_participant_id", type_="foreignkey")
        batch.drop_column("level_asked")
        batch.drop_column("participant_id")
    op.drop_index("ix_participants_assessment_id", table_name="participants")
    op.drop_table("participants")
    op.drop_index("ix_invite_codes_assessment_id", table_name="invite_codes")
    op.drop_table("invite_codes")
    op.drop_table("assessments")
