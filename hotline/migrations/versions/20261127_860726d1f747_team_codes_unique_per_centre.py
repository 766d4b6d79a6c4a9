"""team codes unique per centre: every centre may have its ``operators`` and ``crisis`` team

A downgrade needs codes unique across the network again: rename clashing teams first.

Revision ID: 860726d1f747
Revises: 94a09ecb5a30
Create Date: 2026-11-27 13:18:20.033645
"""
from collections.abc import Sequence

from alembic import op

revision: str = '860726d1f747'
down_revision: str | None = '94a09ecb5a30'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_team_code'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_team_centre_id'), ['centre_id', 'code'])



def downgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_team_centre_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_team_code'), ['code'])

