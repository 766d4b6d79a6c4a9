"""notices carry their centre

A notice addressed to a role is heard in its centre only. Notices raised before this held no
centre; those to a role are given the provincial (default) centre, the one every row went to
when the network began, so a one-centre hotline keeps its notices as they were (and the
coverage-gap job finds its open ones again).

Revision ID: 16d66fdf413d
Revises: 860726d1f747
Create Date: 2026-11-27 13:49:13.951871
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (AutoString columns)
from alembic import op

revision: str = '16d66fdf413d'
down_revision: str | None = '860726d1f747'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_notice_centre_id'), ['centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notice_centre_id_centre'), 'centre', ['centre_id'], ['id'])
    centre = sa.table('centre', sa.column('id'), sa.column('provincial'), sa.column('active'))
    notice = sa.table('notice', sa.column('centre_id'), sa.column('audience'))
    default = (sa.select(centre.c.id).where(centre.c.provincial, centre.c.active)
               .order_by(centre.c.id).limit(1).scalar_subquery())
    op.get_bind().execute(notice.update().where(notice.c.audience.like('role:%'))
                          .values(centre_id=default))


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notice_centre_id_centre'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notice_centre_id'))
        batch_op.drop_column('centre_id')
