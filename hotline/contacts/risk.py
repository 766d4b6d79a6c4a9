"""The suicide-risk screen (C-SSRS screener, past month) and the pure rule that scores it.

Rules (DESIGN section 6):
- Q1 wish to be dead or Q2 non-specific active thoughts -> ``low``
- Q3 thinking about a method, or Q6 behaviour more than 3 months ago -> ``moderate``
- Q4 intent, Q5 plan (C-SSRS Q5 asks about a plan *and* intent to carry it out), Q6 behaviour
  within 3 months, or a risk of harm to others -> ``high``
- an attempt in progress, or intent (to self or others) with the means at hand now -> ``imminent``

The operator's judgement may raise the level freely; lowering it needs a written reason, and
both the computed and the final level are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotline.contacts.taxonomy import check_codes


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


class RiskScreen(BaseModel):
    """The answers an operator records. Every item defaults to 'no'."""

    model_config = ConfigDict(extra="forbid")

    wish_dead: bool = False  # Q1, past month
    suicidal_thoughts: bool = False  # Q2, past month
    method: bool = False  # Q3, asked only after Q2 yes
    intent: bool = False  # Q4, asked only after Q2 yes
    plan: bool = False  # Q5, asked only after Q2 yes
    behavior: Literal["never", "over_3_months", "past_3_months"] = "never"  # Q6, lifetime
    attempt_in_progress: bool = False
    means_at_hand: bool = False
    harm_to_others: bool = False
    desire: list[str] = Field(default_factory=list, max_length=len(DESIRE_FACTORS))
    capability: list[str] = Field(default_factory=list, max_length=len(CAPABILITY_FACTORS))
    buffers: list[str] = Field(default_factory=list, max_length=len(BUFFERS))
    operator_level: RiskLevel | None = None
    operator_reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _consistent(self) -> RiskScreen:
        self.desire = check_codes(self.desire, set(DESIRE_FACTORS), "desire factor")
        self.capability = check_codes(self.capability, set(CAPABILITY_FACTORS), "capability factor")
        self.buffers = check_codes(self.buffers, set(BUFFERS), "buffer")
        if not self.suicidal_thoughts and (self.method or self.intent or self.plan):
            raise ValueError(
                "method, intent and plan (Q3-Q5) are asked only when suicidal_thoughts (Q2) "
                "is yes: set suicidal_thoughts or clear them"
            )
        if self.operator_reason is not None:
            self.operator_reason = self.operator_reason.strip() or None
        assessment = assess(self)
        if assessment.lowered and not self.operator_reason:
            raise ValueError(
                f"operator_level {assessment.level} is lower than the screen's "
                f"{assessment.computed_level}: give operator_reason"
            )
        return self


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel  # what the contact is handled as
    computed_level: RiskLevel  # what the screen alone gives
    reasons: tuple[str, ...]  # the screen items that set computed_level
    lowered: bool  # the operator judged lower than the screen


def _computed(screen: RiskScreen) -> tuple[RiskLevel, tuple[str, ...]]:
    tiers: list[tuple[RiskLevel, list[tuple[bool, str]]]] = [
        (RiskLevel.imminent, [
            (screen.attempt_in_progress, "attempt_in_progress"),
            (screen.intent and screen.means_at_hand, "intent_with_means_at_hand"),
            (screen.harm_to_others and screen.means_at_hand, "harm_to_others_with_means_at_hand"),
        ]),
        (RiskLevel.high, [
            (screen.intent, "intent"),
            (screen.plan, "plan"),
            (screen.behavior == "past_3_months", "behavior_past_3_months"),
            (screen.harm_to_others, "harm_to_others"),
        ]),
        (RiskLevel.moderate, [
            (screen.method, "method"),
            (screen.behavior == "over_3_months", "behavior_over_3_months"),
        ]),
        (RiskLevel.low, [
            (screen.wish_dead, "wish_dead"),
            (screen.suicidal_thoughts, "suicidal_thoughts"),
        ]),
    ]
    for level, items in tiers:
        reasons = tuple(code for hit, code in items if hit)
        if reasons:
            return level, reasons
    return RiskLevel.none, ()


def assess(screen: RiskScreen) -> RiskAssessment:
    """Score a screen. Pure: the same answers give the same level, every time."""
    computed, reasons = _computed(screen)
    judged = screen.operator_level
    if judged is None or judged == computed:
        return RiskAssessment(computed, computed, reasons, lowered=False)
    return RiskAssessment(judged, computed, reasons, lowered=judged.rank < computed.rank)
