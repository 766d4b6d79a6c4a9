"""Every table, imported in one place so metadata (Alembic, create_all) sees them all."""

from hotline.access.models import AuditEntry
from hotline.auth.models import Account, LoginSession
from hotline.callers.models import CallerFlag, CarePlan
from hotline.centres.models import Centre
from hotline.contacts.models import Contact, ContactRevision, SealedNumber
from hotline.crisis.models import Escalation, EscalationStep, Notification
from hotline.followups.models import FollowUp, FollowUpAttempt
from hotline.notices.models import Notice
from hotline.presence.models import OperatorPresence
from hotline.realtime.models import Event
from hotline.resources.models import Referral, Resource
from hotline.roster.models import CalendarFeed, Leave, Shift, SwapRequest
from hotline.staff.models import Qualification, Staff, Team, TeamMembership
from hotline.staffcare.models import Debrief, SupervisionSession
from hotline.telephony.models import CallbackTask, CallRollover
from hotline.training.models import DrillRun, Participant, TrainingSession

__all__ = [
    "Account",
    "AuditEntry",
    "CalendarFeed",
    "CallRollover",
    "CallbackTask",
    "CallerFlag",
    "CarePlan",
    "Centre",
    "Contact",
    "ContactRevision",
    "Debrief",
    "DrillRun",
    "Escalation",
    "EscalationStep",
    "Event",
    "FollowUp",
    "FollowUpAttempt",
    "Leave",
    "LoginSession",
    "Notice",
    "Notification",
    "OperatorPresence",
    "Participant",
    "Qualification",
    "Referral",
    "Resource",
    "SealedNumber",
    "Shift",
    "Staff",
    "SupervisionSession",
    "SwapRequest",
    "Team",
    "TeamMembership",
    "TrainingSession",
]
