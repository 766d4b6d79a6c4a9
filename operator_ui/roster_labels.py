"""What the roster and crisis pages call their codes, as translatable English messages
(the console's shared ``labels`` module covers contacts and staff)."""

from __future__ import annotations

from operator_ui.i18n import N_

POSITIONS = {
    "operator": N_("Operator seat"),
    "crisis_primary": N_("Crisis primary on call"),
    "crisis_backup": N_("Crisis backup on call"),
    "supervisor": N_("Supervisor on duty"),
}
# Short names for a grid cell: the full names would not fit a day's column.
POSITIONS_SHORT = {
    "operator": N_("Seat"),
    "crisis_primary": N_("Crisis 1st"),
    "crisis_backup": N_("Crisis 2nd"),
    "supervisor": N_("Supervisor"),
}
LEAVE_KINDS = {
    "annual": N_("Annual leave"),
    "sick": N_("Sick leave"),
    "personal": N_("Personal leave"),
    "training": N_("Training"),
    "unavailable": N_("Unavailable"),
}
REQUEST_STATUSES = {
    "requested": N_("Waiting for a supervisor"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Withdrawn"),
    "open": N_("Up for a swap"),
    "taken": N_("Taken, waiting for a supervisor"),
}
NOTICE_TITLES = {
    "shift.offer": N_("A shift is offered to you"),
    "coverage.gap": N_("Coverage gap ahead"),
    "shift.no_show": N_("No check-in for a shift that has started"),
    "contact.cosign_requested": N_("Co-sign needed: an operator lowered a high or imminent risk level"),
    "contact.break_glass": N_("Break-glass: a caller's number was opened for a rescue"),
    "call.overflow": N_("A call went to the backup line"),
}
# The escalation's steps as the contact page tells them.
STEPS = {
    "opened": N_("Crisis routing started"),
    "notified": N_("Alerted"),
    "skipped": N_("Skipped: nobody on call"),
    "no_channel": N_("Could not be reached on this channel (no phone number)"),
    "timeout": N_("No acknowledgement in time: next tier"),
    "acknowledged": N_("Acknowledged"),
    "resolved": N_("Resolved"),
    "exhausted": N_("Nobody acknowledged: every supervisor alerted"),
    "already_alerted": N_("Already alerted by an earlier tier"),
    "upgraded": N_("Risk level raised: everyone alerted again"),
    "repaged": N_("Still nobody: supervisors called again"),
    "rescue_repaged": N_("Person not reached: duty supervisor paged again"),
    "joined_call": N_("Joined the call"),
    "rescue.kept_on_line": N_("Rescue: caller kept on the line"),
    "rescue.location_given": N_("Rescue: location obtained"),
    "rescue.emergency_called": N_("Rescue: emergency service called"),
    "rescue.responder_conferenced": N_("Rescue: crisis responder joined the call"),
    "rescue.arrived": N_("Rescue: emergency service arrived"),
    "rescue.person_reached": N_("Rescue: person reached?"),
    "rescue.handover": N_("Rescue: handed over"),
}
DELIVERY_FAILED = N_("Delivery failed (%(status)s): next tier at once")
TARGETS = {
    "crisis_primary": N_("Crisis primary on call"),
    "crisis_backup": N_("Crisis backup on call"),
    "crisis_team_leader": N_("Crisis team leader"),
    "supervisor": N_("Supervisor on duty"),
    "backup_centre": N_("Backup centre's crisis team on call"),
}
NOTIFY_CHANNELS = {
    "console": N_("Console"),
    "sms": N_("SMS"),
    "voice": N_("Voice call"),
}
DELIVERY = {
    "pending": N_("waiting to send"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "failed": N_("failed"),
    "no_answer": N_("no answer"),
    "busy": N_("busy"),
    "cancelled": N_("not sent (already acknowledged)"),
}
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# The status line after a roster form, by ``?done=``.
DONE = {
    "removed": N_("The shift was removed."),
    "approved": N_("Approved."),
    "rejected": N_("Rejected."),
    "requested": N_("Your request was sent to the supervisors."),
    "withdrawn": N_("Withdrawn."),
    "offered": N_("Your shift is offered for a swap."),
    "taken": N_("You took the shift; a supervisor will confirm it."),
    "given_back": N_("You gave the shift back."),
    "checked_in": N_("Checked in. Have a good shift."),
    "checked_out": N_("Checked out. Thank you."),
    "revoked": N_("Your calendar links were revoked."),
}
DONE["published"] = N_("The roster is published.")
DONE["cover_offered"] = N_("The shift was offered: the person sees it on their home and their shifts.")
DONE["cover_assigned"] = N_("The gap is covered: the person is on the roster.")
DONE["cover_accepted"] = N_("You took the shift. Thank you for covering.")
DONE["lent"] = N_("Lent: the shift is on both centres' boards.")
BAD_PERIOD = N_("Please choose the first and the last day.")
BAD_PROPOSAL = N_("The proposal could not be read. Generate it again.")
ROSTER_STATUSES = {
    "optimal": N_("Gap-free, and as fair as it can be."),
    "feasible": N_("Gap-free. A fairer roster may exist: a longer time limit may find it."),
    "infeasible": N_("No gap-free roster exists with these people, leave and rules."),
    "unknown": N_("No gap-free roster was found in the time given."),
}
