"""call routing: how a call was routed, rollovers between centres

``contact.routed_by`` (existing calls: empty, they were never routed between centres),
``contact.rolled_over_from_centre_id`` and the ``callrollover`` table of hops.

Revision ID: 94a09ecb5a30
Revises: a1a40dfcaf10
Create Date: 2026-11-27 10:18:48.866249
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '94a09ecb5a30'
down_revision: str | None = 'a1a40dfcaf10'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('callrollover',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('from_centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('to_centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_callrollover_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_centre_id'], ['centre.id'], name=op.f('fk_callrollover_from_centre_id_centre')),
    sa.ForeignKeyConstraint(['to_centre_id'], ['centre.id'], name=op.f('fk_callrollover_to_centre_id_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callrollover'))
    )
    with op.batch_alter_table('callrollover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callrollover_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_callrollover_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callrollover_from_centre_id'), ['from_centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callrollover_to_centre_id'), ['to_centre_id'], unique=False)

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('routed_by', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('rolled_over_from_centre_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_contact_rolled_over_from_centre_id'), ['rolled_over_from_centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_contact_rolled_over_from_centre_id_centre'), 'centre', ['rolled_over_from_centre_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contact_rolled_over_from_centre_id_centre'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contact_rolled_over_from_centre_id'))
        batch_op.drop_column('rolled_over_from_centre_id')
        batch_op.drop_column('routed_by')

    with op.batch_alter_table('callrollover', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callrollover_to_centre_id'))
        batch_op.drop_index(batch_op.f('ix_callrollover_from_centre_id'))
        batch_op.drop_index(batch_op.f('ix_callrollover_contact_id'))
        batch_op.drop_index(batch_op.f('ix_callrollover_at'))

    op.drop_table('callrollover')
