"""ids are 64-bit on PostgreSQL: every primary key and every column holding a row's id

Revision ID: 5b0e3a9d7c21
Revises: c182ef33490a
Create Date: 2026-11-27 07:00:00.000000

The id columns were INTEGER, which stops at 2**31-1 on PostgreSQL (the event table, which
grows with every state change, would have run out first). SQLite is untouched: its INTEGER
is already 64-bit, and an ``INTEGER PRIMARY KEY`` must stay INTEGER to number rows itself.
Each table is rewritten once (all its columns in one ALTER TABLE), and each id sequence is
widened too (ALTER COLUMN ... TYPE leaves a serial's sequence at integer).
"""
from collections.abc import Sequence

from alembic import op

revision: str = '5b0e3a9d7c21'
down_revision: str | None = 'c182ef33490a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> its id columns (primary key first, then the ids of other rows it holds)
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    'event': ('id',),
    'staff': ('id',),
    'team': ('id',),
    'account': ('id', 'staff_id'),
    'auditentry': ('id', 'actor_id'),
    'calendarfeed': ('id', 'staff_id', 'team_id'),
    'callout': ('id', 'staff_id', 'escalation_id'),
    'careplan': ('id', 'key_worker_id', 'updated_by'),
    'contact': ('id', 'operator_id', 'previous_contact_id', 'created_by'),
    'leave': ('id', 'staff_id', 'decided_by'),
    'notice': ('id', 'acknowledged_by'),
    'operatorpresence': ('staff_id',),
    'qualification': ('id', 'staff_id'),
    'resource': ('id', 'updated_by'),
    'shift': ('id', 'staff_id', 'created_by'),
    'supervisionsession': ('id', 'staff_id', 'supervisor_id', 'recorded_by'),
    'teammembership': ('id', 'team_id', 'staff_id'),
    'trainingsession': ('id', 'facilitator_id', 'created_by'),
    'callbacktask': ('id', 'contact_id'),
    'callerflag': ('id', 'contact_id', 'set_by', 'reviewed_by'),
    'callleg': ('id', 'contact_id', 'staff_id'),
    'callrecording': ('id', 'contact_id'),
    'contactrevision': ('id', 'contact_id', 'author_id'),
    'drillrun': ('id', 'session_id', 'contact_id', 'started_by'),
    'escalation': ('id', 'contact_id', 'opened_by', 'acknowledged_by', 'resolved_by'),
    'followup': ('id', 'contact_id', 'owner_id', 'reached_contact_id'),
    'loginsession': ('id', 'account_id'),
    'participant': ('id', 'session_id', 'staff_id', 'recorded_by'),
    'referral': ('id', 'contact_id', 'resource_id', 'given_by'),
    'swaprequest': ('id', 'shift_id', 'offered_by', 'taken_by', 'decided_by'),
    'debrief': ('id', 'escalation_id', 'contact_id', 'staff_id', 'supervisor_id'),
    'escalationstep': ('id', 'escalation_id', 'staff_id'),
    'followupattempt': ('id', 'follow_up_id', 'by_id', 'contact_id'),
    'notification': ('id', 'escalation_id', 'recipient_id'),
}


def _widen(sql_type: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in ID_COLUMNS.items():
        changes = ", ".join(f'ALTER COLUMN "{c}" TYPE {sql_type}' for c in columns)
        op.execute(f'ALTER TABLE "{table}" {changes}')
        if "id" in columns:
            sequence = op.get_bind().exec_driver_sql(
                f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')").scalar()
            if sequence:
                op.execute(f"ALTER SEQUENCE {sequence} AS {sql_type}")


def upgrade() -> None:
    _widen("BIGINT")


def downgrade() -> None:
    # Fails, as it should, once any id is past 2**31-1.
    _widen("INTEGER")
