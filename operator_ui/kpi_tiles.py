"""KPI figures as tiles against their targets, shared by the wallboard and the reports."""

from __future__ import annotations

from operator_ui.i18n import N_

# figure -> (label, format)
TARGETED = {
    "answer_rate": (N_("Answer rate"), "pct"),
    "service_level": (N_("Service level"), "pct"),
    "abandonment_rate": (N_("Abandonment rate"), "pct"),
    "escalation_ack_p90_s": (N_("Crisis acknowledged, 90th percentile"), "seconds"),
}
STATES = {"met": N_("Target met"), "missed": N_("Below target"), "no_data": N_("No contacts yet")}
# A figure with nothing to measure says what is missing (not "no contacts" beside a count).
NO_DATA = {"escalation_ack_p90_s": N_("No crisis alerts yet")}
# For figures where lower is better, "missed" reads "above target".
STATES_LOWER = {**STATES, "missed": N_("Above target")}
