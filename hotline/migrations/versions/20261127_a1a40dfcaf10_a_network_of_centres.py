"""a network of centres: the centre table, and the centre that owns each row

Every existing row goes to one default centre, ``main`` (provincial: the fallback for unknown
regions), so a single hotline looks exactly as before. The start-up sync gives ``main`` the
hotline's zone and mirrors ``schedules/network.toml`` when there is one. Owned tables get a
NOT NULL ``centre_id``; ``event`` gets a nullable one (None: every centre's consoles).

Revision ID: a1a40dfcaf10
Revises: 713d8d257d41
Create Date: 2026-11-27 10:05:55.205348
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'a1a40dfcaf10'
down_revision: str | None = '713d8d257d41'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
OWNED = ('staff', 'team', 'shift', 'contact', 'escalation', 'trainingsession', 'callleg',
         'callbacktask')


def _add_centre_column(table: str, nullable: bool) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column('centre_id', existing_type=ID, nullable=nullable)
        batch_op.create_index(batch_op.f(f'ix_{table}_centre_id'), ['centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f(f'fk_{table}_centre_id_centre'), 'centre',
                                    ['centre_id'], ['id'])


def upgrade() -> None:
    op.create_table('centre',
    sa.Column('id', ID, nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name_zh', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('zone', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('provincial', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre')),
    sa.UniqueConstraint('code', name=op.f('uq_centre_code'))
    )
    centre = sa.table('centre', sa.column('id', ID), sa.column('code', sa.String),
                      sa.column('name_zh', sa.String), sa.column('name_en', sa.String),
                      sa.column('zone', sa.String), sa.column('provincial', sa.Boolean),
                      sa.column('active', sa.Boolean))
    bind = op.get_bind()
    bind.execute(centre.insert().values(
        code='main', name_zh='心理援助热线', name_en='Psychological assistance hotline',
        zone='Asia/Shanghai', provincial=True, active=True))
    main_id = bind.execute(sa.select(centre.c.id).where(centre.c.code == 'main')).scalar_one()
    for table in (*OWNED, 'event'):
        op.add_column(table, sa.Column('centre_id', ID, nullable=True))
    for table in OWNED:
        rows = sa.table(table, sa.column('centre_id', ID))
        bind.execute(rows.update().values(centre_id=main_id))
        _add_centre_column(table, nullable=False)
    _add_centre_column('event', nullable=True)


def downgrade() -> None:
    for table in (*OWNED, 'event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_centre_id_centre'),
                                     type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_centre_id'))
            batch_op.drop_column('centre_id')
    op.drop_table('centre')
