"""The suicide-risk screen (C-SSRS screener, past month) and the pure rule that scores it.

Rules (DESIGN section 6; a third party's screen is about the person at risk):
- Q1 wish to be dead or Q2 non-specific active thoughts -> ``low``
- Q3 thinking about a method, or Q6 behaviour more than 3 months ago -> ``moderate``
- Q4 intent, Q5 plan (C-SSRS Q5 asks about a plan *and* intent to carry it out), Q6 behaviour
  within 3 months, or a risk of harm to others -> ``high``
- an attempt in progress; intent (to self or others) or a plan with the means at hand now;
  intent or a plan while currently intoxicated -> ``imminent`` (988 imminent-risk policy:
  active rescue)
- Lifeline capability: a method with available means, or being intoxicated now, raises
  ``low``/``moderate`` by one level, and the reason says which.

Every item starts unanswered (``None``): "asked, answered no" and "never asked" differ. A saved
screen needs Q1 and Q2 answered, or ``not_assessed`` with a reason (see ``missing_answers``).
The operator's judgement may raise the level freely; lowering it needs a written reason (and a
supervisor's co-sign when the screen says high or imminent); both levels are kept, and a
contact keeps the highest level its screen ever computed (``highest``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotline.contacts.taxonomy import check_codes
from hotline.errors import invalid_value


class RiskLevel(StrEnum):
    none = "none"
    low = "low"
    moderate = "moderate"
    high = "high"
    imminent = "imminent"

    @property
    def rank(self) -> int:
        return list(RiskLevel).index(self)


# Lifeline Suicide Risk Assessment Standards: desire and capability factors, and buffers.
DESIRE_FACTORS = (
    "psychological_pain", "hopelessness", "helplessness", "perceived_burden", "feeling_trapped",
    "feeling_intolerably_alone",
)
CAPABILITY_FACTORS = (
    "history_of_attempts", "exposure_to_suicide", "history_of_violence", "available_means",
    "currently_intoxicated", "substance_abuse", "acute_symptoms_of_mental_illness",
    "extreme_rage", "recent_dramatic_mood_change", "decreased_sleep", "increased_anxiety",
)
BUFFERS = (
    "immediate_supports", "social_supports", "planning_for_future", "engagement_with_helper",
    "ambivalence_for_living", "core_values_beliefs", "sense_of_purpose",
)


NotAssessed = Literal["caller_hung_up", "third_party", "language", "caller_declined", "other"]
# Asked of every caller (C-SSRS screener); Q3-Q5 only after a yes to Q2.
REQUIRED_ITEMS = ("wish_dead", "suicidal_thoughts")
YES_NO_ITEMS = (
    "wish_dead", "suicidal_thoughts", "method", "intent", "plan",
    "attempt_in_progress", "means_at_hand", "harm_to_others",
)
AFTER_Q2 = ("method", "intent", "plan")


class RiskScreen(BaseModel):
    """The answers an operator records. Every item starts unanswered (``None``)."""

    model_config = ConfigDict(extra="forbid")

    wish_dead: bool | None = None  # Q1, past month
    suicidal_thoughts: bool | None = None  # Q2, past month
    method: bool | None = None  # Q3, asked only after Q2 yes
    intent: bool | None = None  # Q4, asked only after Q2 yes
    plan: bool | None = None  # Q5, asked only after Q2 yes
    behavior: Literal["never", "over_3_months", "past_3_months"] | None = None  # Q6, lifetime
    attempt_in_progress: bool | None = None
    means_at_hand: bool | None = None
    harm_to_others: bool | None = None
    desire: list[str] = Field(default_factory=list, max_length=len(DESIRE_FACTORS))
    capability: list[str] = Field(default_factory=list, max_length=len(CAPABILITY_FACTORS))
    buffers: list[str] = Field(default_factory=list, max_length=len(BUFFERS))
    operator_level: RiskLevel | None = None
    operator_reason: str | None = Field(default=None, max_length=2000)
    # Why the screen could not be done (the caller hung up, a third party who cannot say...).
    not_assessed: NotAssessed | None = None
    not_assessed_note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _consistent(self) -> RiskScreen:
        self.desire = check_codes(self.desire, set(DESIRE_FACTORS))
        self.capability = check_codes(self.capability, set(CAPABILITY_FACTORS))
        self.buffers = check_codes(self.buffers, set(BUFFERS))
        if self.suicidal_thoughts is not True and any(getattr(self, q) for q in AFTER_Q2):
            raise invalid_value("risk.after_q2_without_q2", field="suicidal_thoughts")
        if self.operator_reason is not None:
            self.operator_reason = self.operator_reason.strip() or None
        self.not_assessed_note = self.not_assessed_note.strip()
        assessment = assess(self)
        if assessment.lowered and not self.operator_reason:
            raise invalid_value("contact.lowering_needs_reason",
                                computed=assessment.computed_level.value,
                                judged=assessment.level.value,
                                field="operator_reason")
        return self

    @property
    def unanswered(self) -> list[str]:
        """Items nobody asked (Q3-Q5 count only once Q2 is yes)."""
        items = [q for q in YES_NO_ITEMS
                 if getattr(self, q) is None and (q not in AFTER_Q2 or self.suicidal_thoughts)]
        return [*items, *(["behavior"] if self.behavior is None else [])]

    @property
    def intoxicated(self) -> bool:
        return "currently_intoxicated" in self.capability


def missing_answers(screen: RiskScreen, *, strict: bool = False) -> list[str]:
    """What a saved screen still lacks: Q1 and Q2, unless marked not assessed. An imminent
    screen is never held back for its paperwork (the rescue comes first). Without ``strict``
    a screen with nothing in it passes: the contact is then "not screened" (the API's
    contract needs only a channel); the operator's form is strict."""
    if screen.not_assessed is not None or assess(screen).computed_level == RiskLevel.imminent:
        return []
    if not strict and screen == RiskScreen():
        return []
    return [q for q in REQUIRED_ITEMS if getattr(screen, q) is None]


def screen_status(stored: dict[str, object]) -> Literal["screened", "not_assessed", "not_screened"]:
    """For lists and reports: "not screened" is not "none"."""
    if stored.get("not_assessed"):
        return "not_assessed"
    if any(stored.get(q) is not None for q in REQUIRED_ITEMS):
        return "screened"
    return "not_screened"


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel  # what the contact is handled as
    computed_level: RiskLevel  # what the screen alone gives
    reasons: tuple[str, ...]  # the screen items that set computed_level
    lowered: bool  # the operator judged lower than the screen


def _base(screen: RiskScreen) -> tuple[RiskLevel, tuple[str, ...]]:
    intoxicated = screen.intoxicated
    tiers: list[tuple[RiskLevel, list[tuple[bool, str]]]] = [
        (RiskLevel.imminent, [
            (bool(screen.attempt_in_progress), "attempt_in_progress"),
            (bool(screen.intent and screen.means_at_hand), "intent_with_means_at_hand"),
            (bool(screen.plan and screen.means_at_hand), "plan_with_means_at_hand"),
            (bool(screen.harm_to_others and screen.means_at_hand),
             "harm_to_others_with_means_at_hand"),
            (bool(intoxicated and (screen.intent or screen.plan)), "intent_or_plan_intoxicated"),
        ]),
        (RiskLevel.high, [
            (bool(screen.intent), "intent"),
            (bool(screen.plan), "plan"),
            (screen.behavior == "past_3_months", "behavior_past_3_months"),
            (bool(screen.harm_to_others), "harm_to_others"),
        ]),
        (RiskLevel.moderate, [
            (bool(screen.method), "method"),
            (screen.behavior == "over_3_months", "behavior_over_3_months"),
        ]),
        (RiskLevel.low, [
            (bool(screen.wish_dead), "wish_dead"),
            (bool(screen.suicidal_thoughts), "suicidal_thoughts"),
        ]),
    ]
    for level, items in tiers:
        reasons = tuple(code for hit, code in items if hit)
        if reasons:
            return level, reasons
    return RiskLevel.none, ()


def _computed(screen: RiskScreen) -> tuple[RiskLevel, tuple[str, ...]]:
    """The screener's level, then the capability factors' one-level raise of low/moderate."""
    level, reasons = _base(screen)
    if level not in (RiskLevel.low, RiskLevel.moderate):
        return level, reasons
    raisers = tuple(code for hit, code in (
        (bool(screen.method) and "available_means" in screen.capability,
         "method_with_available_means"),
        (screen.intoxicated, "currently_intoxicated"),
    ) if hit)
    if not raisers:
        return level, reasons
    return list(RiskLevel)[level.rank + 1], (*reasons, *raisers)


def assess(screen: RiskScreen) -> RiskAssessment:
    """Score a screen. Pure: the same answers give the same level, every time."""
    computed, reasons = _computed(screen)
    judged = screen.operator_level
    if judged is None or judged == computed:
        return RiskAssessment(computed, computed, reasons, lowered=False)
    return RiskAssessment(judged, computed, reasons, lowered=judged.rank < computed.rank)


def highest(*levels: str) -> RiskLevel:
    """The most urgent of some levels: a contact keeps the highest its screen ever gave."""
    return max((RiskLevel(level) for level in levels), key=lambda level: level.rank)
