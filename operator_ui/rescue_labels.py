"""Labels of imminent risk and the live call: third-party callers, screens not assessed,
co-sign, the rescue checklist and timeline, call legs. Codes stay stable; labels translate."""

from __future__ import annotations

from operator_ui.i18n import N_

RELATIONSHIPS = {
    "self": N_("The caller (about themselves)"),
    "family": N_("Family member"),
    "friend": N_("Friend"),
    "partner": N_("Partner"),
    "professional": N_("Professional (teacher, doctor, social worker...)"),
    "bystander": N_("Bystander"),
    "other": N_("Someone else"),
}
NOT_ASSESSED = {
    "caller_hung_up": N_("The caller hung up"),
    "third_party": N_("Third party: cannot answer for the person"),
    "language": N_("Language barrier"),
    "caller_declined": N_("The caller declined"),
    "other": N_("Other reason"),
}
SCREEN_STATUS = {
    "screened": N_("Screened"),
    "not_assessed": N_("Not assessed"),
    "not_screened": N_("Not screened"),
}
COSIGN_STATES = {
    "pending": N_("Waiting for a supervisor's co-sign: routed at the screen's level meanwhile"),
    "cosigned": N_("Co-signed by a supervisor"),
    "refused": N_("Refused by a supervisor: the screen's level stands"),
}
# The rescue checklist (in order) and the rest of the rescue timeline.
RESCUE_STEPS = {
    "kept_on_line": N_("Keep the caller on the line"),
    "location_given": N_("Location obtained and given"),
    "emergency_called": N_("Emergency service called"),
    "responder_conferenced": N_("Crisis responder joined the call"),
    "arrived": N_("Emergency service arrived"),
    "person_reached": N_("Person reached"),
    "handover": N_("Handed over"),
}
HANDOVER = {
    "hospital": N_("Hospital"),
    "police": N_("Police"),
    "family": N_("Family"),
    "other": N_("Other"),
}
SERVICES = {"110": N_("110 police"), "120": N_("120 ambulance"), "119": N_("119 fire")}
