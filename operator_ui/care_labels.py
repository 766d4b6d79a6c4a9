"""Words of the continuity-of-care pages (follow-ups, caller history, flags, directory,
debriefs, supervision), marked for translation; ``labels.KINDS`` includes them."""

from __future__ import annotations

from operator_ui.i18n import N_

FOLLOW_UP_STATUSES = {
    "open": N_("Open"),
    "reached": N_("Reached"),
    "unreached": N_("Not reached"),
    "cancelled": N_("Cancelled"),
}
ATTEMPT_RESULTS = {
    "reached": N_("Reached the caller"),
    "no_answer": N_("No answer"),
    "busy": N_("Busy"),
    "voicemail_left": N_("Left a voicemail"),
    "wrong_number": N_("Wrong number"),
}
FOLLOW_UP_VIEWS = {
    "mine": N_("My follow-ups"),
    "team": N_("Team"),
    "overdue": N_("Overdue"),
    "closed": N_("Closed"),
}
FLAG_KINDS = {
    "frequent_caller": N_("Frequent caller"),
    "abusive": N_("Abusive"),
    "at_risk_watch": N_("At-risk watch"),
    "do_not_call_back": N_("Do not call back"),
}
FLAG_REVIEWS = {
    "pending": N_("Not yet reviewed"),
    "kept": N_("Kept"),
    "lifted": N_("Lifted"),
}
DEBRIEF_STATUSES = {
    "offered": N_("Offered"),
    "done": N_("Done"),
    "declined": N_("Declined"),
}
DEBRIEF_ROLES = {"operator": N_("Operator"), "responder": N_("Crisis responder")}
SUPERVISION_FORMATS = {"individual": N_("Individual"), "group": N_("Group")}
WELLBEING = {
    "1": N_("1 · struggling"),
    "2": N_("2 · shaken"),
    "3": N_("3 · so-so"),
    "4": N_("4 · fairly well"),
    "5": N_("5 · fine"),
}

KINDS: dict[str, dict[str, str]] = {
    "follow_up_status": FOLLOW_UP_STATUSES,
    "attempt_result": ATTEMPT_RESULTS,
    "follow_up_view": FOLLOW_UP_VIEWS,
    "flag_kind": FLAG_KINDS,
    "flag_review": FLAG_REVIEWS,
    "debrief_status": DEBRIEF_STATUSES,
    "debrief_role": DEBRIEF_ROLES,
    "supervision_format": SUPERVISION_FORMATS,
    "wellbeing": WELLBEING,
}

# Messages the care services raise that a person may see on a page.
SERVICE_MESSAGES = (
    N_("The caller agreed to follow-up, but there is no number to call: record the caller's "
       "number on the contact, or untick follow-up consent."),
    N_("The follow-up day is in the past: choose today or a later day."),
    N_("A high or imminent-risk contact cannot be closed without a safety plan: fill it in "
       "with the caller, or write why none was made."),
    N_("This service is retired from the directory; choose another one."),
    N_("This contact has no caller number, so there is no caller to flag or plan for."),
    N_("This flag was lifted; set a new one if it is needed again."),
    N_("This debrief is someone else's."),
    N_("Say how you are (wellbeing 1-5), or decline the debrief."),
    N_("held_on is in the future: record supervision after it took place."),
    N_("The supervisor cannot be among the people supervised."),
    N_("write a reason: the next person needs to know why"),
    N_("Choose what happened on the call."),
    N_("Choose who takes this follow-up."),
    N_("Enter the date and the hours of the session."),
)
