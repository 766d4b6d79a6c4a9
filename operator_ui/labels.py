"""What the console calls each stored code, as translatable English messages.

Codes stay stable in the database and the API; only these labels change with the language.
"""

from __future__ import annotations

from operator_ui import care_labels, rescue_labels
from operator_ui.i18n import N_

CHANNELS = {
    "voice": N_("Voice call"),
    "sms": N_("SMS"),
    "chat": N_("Online chat"),
    "walk_in": N_("Walk-in"),
    "other": N_("Other channel"),
}

CALL_TYPES = {
    "data": N_("Full record"),
    "silent": N_("Silent call"),
    "hang_up": N_("Hang-up"),
    "wrong_number": N_("Wrong number"),
    "prank": N_("Prank call"),
    "abusive": N_("Abusive call"),
}

STATUSES = {
    "ringing": N_("Ringing"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "abandoned": N_("Abandoned"),
    "missed": N_("Missed"),
    "overflowed": N_("Forwarded to the backup line"),
}

RISK_LEVELS = {
    "none": N_("None"),
    "low": N_("Low"),
    "moderate": N_("Moderate"),
    "high": N_("High"),
    "imminent": N_("Imminent"),
}

# What each level calls for, shown beside the live level while the operator is on the line.
RISK_ACTIONS = {
    "none": N_("No suicide risk on the screen so far. Keep listening and ask again if "
               "anything changes."),
    "low": N_("Explore the thoughts, strengthen reasons for living and protective factors. "
              "Offer a safety plan and follow-up."),
    "moderate": N_("Make a safety plan with the caller, reduce access to means, and offer a "
                   "referral and a follow-up call."),
    "high": N_("Keep the caller on the line. Make a safety plan, remove the means, agree on "
               "follow-up."),
    "imminent": N_("Start active rescue now: call 110/120, keep the caller on the line."),
}
# What saving sets off, said on the form before it happens.
RISK_ON_SAVE = {
    "high": N_("Saving alerts the on-call crisis responder."),
    "imminent": N_("Saving alerts the crisis team at once."),
}

RISK_REASONS = {
    "attempt_in_progress": N_("Attempt in progress"),
    "intent_with_means_at_hand": N_("Intent with the means at hand"),
    "harm_to_others_with_means_at_hand": N_("Risk to others with the means at hand"),
    "intent": N_("Intent to act (Q4)"),
    "plan": N_("Plan with intent (Q5)"),
    "behavior_past_3_months": N_("Suicidal behaviour in the past 3 months (Q6)"),
    "harm_to_others": N_("Risk of harming others"),
    "method": N_("Thinking about a method (Q3)"),
    "behavior_over_3_months": N_("Suicidal behaviour more than 3 months ago (Q6)"),
    "wish_dead": N_("Wish to be dead (Q1)"),
    "suicidal_thoughts": N_("Suicidal thoughts (Q2)"),
    "plan_with_means_at_hand": N_("Plan with the means at hand"),
    "intent_or_plan_intoxicated": N_("Intent or plan while intoxicated"),
    "method_with_available_means": N_("Method with available means: one level up"),
    "currently_intoxicated": N_("Intoxicated now: one level up"),
}

# The C-SSRS screener, past month (Q1-Q5) and lifetime (Q6), in the order it is asked.
SCREEN_QUESTIONS = {
    "wish_dead": N_("Q1. In the past month, have you wished you were dead or wished you "
                    "could go to sleep and not wake up?"),
    "suicidal_thoughts": N_("Q2. In the past month, have you actually had any thoughts of "
                            "killing yourself?"),
    "method": N_("Q3. Have you been thinking about how you might do this?"),
    "intent": N_("Q4. Have you had these thoughts and had some intention of acting on them?"),
    "plan": N_("Q5. Have you started to work out or worked out the details of how to kill "
               "yourself? Do you intend to carry out this plan?"),
}
BEHAVIOR_QUESTION = N_("Q6. Have you ever done anything, started to do anything, or prepared "
                       "to do anything to end your life?")
BEHAVIOR_ANSWERS = {
    "never": N_("Never"),
    "over_3_months": N_("Yes, more than 3 months ago"),
    "past_3_months": N_("Yes, within the past 3 months"),
}
NOW_QUESTIONS = {
    "attempt_in_progress": N_("Is an attempt in progress right now?"),
    "means_at_hand": N_("Are the means at hand right now?"),
    "harm_to_others": N_("Is there a risk of harming others?"),
}

# Lifeline Suicide Risk Assessment Standards.
DESIRE_FACTORS = {
    "psychological_pain": N_("Psychological pain"),
    "hopelessness": N_("Hopelessness"),
    "helplessness": N_("Helplessness"),
    "perceived_burden": N_("Feels a burden on others"),
    "feeling_trapped": N_("Feels trapped"),
    "feeling_intolerably_alone": N_("Feels intolerably alone"),
}
CAPABILITY_FACTORS = {
    "history_of_attempts": N_("History of attempts"),
    "exposure_to_suicide": N_("Exposure to someone's suicide"),
    "history_of_violence": N_("History of violence"),
    "available_means": N_("Available means"),
    "currently_intoxicated": N_("Intoxicated now"),
    "substance_abuse": N_("Substance abuse"),
    "acute_symptoms_of_mental_illness": N_("Acute symptoms of mental illness"),
    "extreme_rage": N_("Extreme rage"),
    "recent_dramatic_mood_change": N_("Recent dramatic mood change"),
    "decreased_sleep": N_("Sleeping much less"),
    "increased_anxiety": N_("Increased anxiety"),
}
BUFFERS = {
    "immediate_supports": N_("Someone with them now"),
    "social_supports": N_("Family and friends who support"),
    "planning_for_future": N_("Plans for the future"),
    "engagement_with_helper": N_("Engaged with the operator"),
    "ambivalence_for_living": N_("Ambivalent about dying"),
    "core_values_beliefs": N_("Core values or beliefs"),
    "sense_of_purpose": N_("Sense of purpose"),
}

AGE_BANDS = {
    "unknown": N_("Age unknown"),
    "under_12": N_("Under 12"),
    "12_17": N_("12-17"),
    "18_24": N_("18-24"),
    "25_34": N_("25-34"),
    "35_44": N_("35-44"),
    "45_59": N_("45-59"),
    "60_plus": N_("60 and over"),
}
GENDERS = {
    "unknown": N_("Gender unknown"),
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other gender"),
}

SAFETY_PLAN = {
    "reasons_for_living": N_("Reasons for living"),
    "warning_signs": N_("Warning signs"),
    "coping_strategies": N_("Coping strategies"),
    "distractions": N_("People and places for distraction"),
    "who_can_help": N_("People who can help"),
    "crisis_agencies": N_("Crisis services to contact"),
    "safe_environment": N_("Making the environment safe"),
}
# Not a step: why no plan was made (a high or imminent contact needs a plan or this to close).
SAFETY_PLAN_NOT_MADE = N_("No plan made: why not")

# Field names, for validation messages and the revision history.
FIELDS = {
    "channel": N_("Channel"),
    "call_type": N_("Call type"),
    "status": N_("Status"),
    "received_at": N_("Received"),
    "answered_at": N_("Answered"),
    "ended_at": N_("Ended"),
    "operator_id": N_("Operator"),
    "caller_key": N_("Caller link"),
    "caller_number": N_("Caller number"),
    "previous_contact_id": N_("Previous contact"),
    "caller_profile": N_("Caller profile"),
    "issues": N_("Presenting issues"),
    "risk_screen": N_("Risk screen"),
    "risk_level": N_("Risk level"),
    "computed_risk_level": N_("Screen's risk level"),
    "interventions": N_("Interventions"),
    "referrals": N_("Referrals"),
    "safety_plan": N_("Safety plan"),
    "follow_up": N_("Follow-up"),
    "notes": N_("Notes"),
    "is_drill": N_("Drill"),
}

ROLES = {
    "operator": N_("Operator"),
    "crisis_responder": N_("Crisis responder"),
    "supervisor": N_("Supervisor"),
    "team_lead": N_("Team lead"),
    "admin": N_("Administrator"),
    "provincial_supervisor": N_("Provincial supervisor"),
    "provincial_crisis_lead": N_("Provincial crisis lead"),
}
TEAM_KINDS = {
    "operators": N_("Hotline operator team"),
    "crisis": N_("Crisis-intervention team"),
}
DUTIES = {
    "member": N_("Member"),
    "leader": N_("Leader"),
    "psychiatrist": N_("Psychiatrist"),
    "counsellor": N_("Counsellor"),
    "social_worker": N_("Social worker"),
    "liaison": N_("Liaison"),
}
ESCALATION_STATES = {
    "open": N_("Open"),
    "notified": N_("Crisis team notified, waiting for acknowledgement"),
    "acknowledged": N_("Acknowledged"),
    "resolved": N_("Resolved"),
    "exhausted": N_("Nobody acknowledged: supervisors alerted"),
    "rescue_pending": N_("Active rescue: person not reached yet"),
}

# Messages the services raise that an operator may see on a page; translated when known,
# shown as written otherwise.
SERVICE_MESSAGES = (
    N_("The form expired or came from another site. Reload the page and retry."),
    N_("Wrong username or password."),
    N_("Your session has ended. Log in again."),
    N_("This account is disabled."),
    N_("Log in first."),
)

KINDS: dict[str, dict[str, str]] = {
    "channel": CHANNELS,
    "call_type": CALL_TYPES,
    "status": STATUSES,
    "risk": RISK_LEVELS,
    "risk_action": RISK_ACTIONS,
    "risk_on_save": RISK_ON_SAVE,
    "reason": RISK_REASONS,
    "desire": DESIRE_FACTORS,
    "capability": CAPABILITY_FACTORS,
    "buffers": BUFFERS,
    "age_band": AGE_BANDS,
    "gender": GENDERS,
    "safety_plan": SAFETY_PLAN,
    "field": FIELDS,
    "role": ROLES,
    "team_kind": TEAM_KINDS,
    "duty": DUTIES,
    "escalation": ESCALATION_STATES,
    "behavior": BEHAVIOR_ANSWERS,
    "relationship": rescue_labels.RELATIONSHIPS,
    "not_assessed": rescue_labels.NOT_ASSESSED,
    "screen_status": rescue_labels.SCREEN_STATUS,
    "cosign": rescue_labels.COSIGN_STATES,
    "rescue_step": rescue_labels.RESCUE_STEPS,
    "handover": rescue_labels.HANDOVER,
    "service": rescue_labels.SERVICES,
}

KINDS.update(care_labels.KINDS)
