"""team names in both languages

One string holding both languages ("接线员团队 Operator team") becomes a Chinese and an
English name; a name in one script goes to that language.

Revision ID: 713d8d257d41
Revises: 5b0e3a9d7c21
Create Date: 2026-11-27 06:50:49.609293
"""
import re
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '713d8d257d41'
down_revision: str | None = '5b0e3a9d7c21'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAN = re.compile(r"[\u3400-\u9fff]")
BOTH = re.compile(r"^(?P<zh>[^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+(?P<en>[A-Za-z].*)$")


def split(name: str) -> tuple[str, str]:
    """``(name_zh, name_en)`` from one stored name."""
    name = name.strip()
    both = BOTH.match(name)
    if both:
        return both["zh"].strip(), both["en"].strip()
    return (name, "") if HAN.search(name) else ("", name)


def upgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
    team = sa.table('team', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('name_zh', sa.String), sa.column('name_en', sa.String))
    bind = op.get_bind()
    for team_id, name in bind.execute(sa.select(team.c.id, team.c.name)).all():
        zh, en = split(name or "")
        bind.execute(team.update().where(team.c.id == team_id).values(name_zh=zh, name_en=en))
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.alter_column('name_zh', existing_type=sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False)
        batch_op.alter_column('name_en', existing_type=sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False)
        batch_op.drop_column('name')


def downgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.VARCHAR(length=120), nullable=True))
    team = sa.table('team', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('name_zh', sa.String), sa.column('name_en', sa.String))
    bind = op.get_bind()
    for team_id, zh, en in bind.execute(sa.select(team.c.id, team.c.name_zh, team.c.name_en)).all():
        bind.execute(team.update().where(team.c.id == team_id)
                     .values(name=" ".join(n for n in (zh, en) if n)))
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.alter_column('name', existing_type=sa.VARCHAR(length=120), nullable=False)
        batch_op.drop_column('name_en')
        batch_op.drop_column('name_zh')
