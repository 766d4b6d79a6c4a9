"""The risk rules of DESIGN section 6, one row per rule and edge."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotline.contacts.risk import (
    RiskLevel,
    RiskScreen,
    assess,
    highest,
    missing_answers,
    screen_status,
)

Q2 = {"suicidal_thoughts": True}
DRUNK = {"capability": ["currently_intoxicated"]}
MEANS = {"capability": ["available_means"]}

RULES = [
    # (answers, computed level, reasons)
    ({}, "none", ()),
    ({"wish_dead": True}, "low", ("wish_dead",)),
    (Q2, "low", ("suicidal_thoughts",)),
    ({"wish_dead": True, **Q2}, "low", ("wish_dead", "suicidal_thoughts")),
    ({**Q2, "method": True}, "moderate", ("method",)),
    ({"behavior": "over_3_months"}, "moderate", ("behavior_over_3_months",)),
    ({"wish_dead": True, "behavior": "over_3_months"}, "moderate", ("behavior_over_3_months",)),
    ({**Q2, "intent": True}, "high", ("intent",)),
    ({**Q2, "plan": True}, "high", ("plan",)),
    ({**Q2, "method": True, "plan": True}, "high", ("plan",)),
    ({"behavior": "past_3_months"}, "high", ("behavior_past_3_months",)),
    ({"harm_to_others": True}, "high", ("harm_to_others",)),
    # Means at hand alone is a risk factor, not a level: it matters with intent.
    ({"means_at_hand": True}, "none", ()),
    ({**Q2, "method": True, "means_at_hand": True}, "moderate", ("method",)),
    ({**Q2, "intent": True, "means_at_hand": True}, "imminent", ("intent_with_means_at_hand",)),
    ({"harm_to_others": True, "means_at_hand": True}, "imminent",
     ("harm_to_others_with_means_at_hand",)),
    ({"attempt_in_progress": True}, "imminent", ("attempt_in_progress",)),
    ({"attempt_in_progress": True, **Q2, "intent": True, "means_at_hand": True}, "imminent",
     ("attempt_in_progress", "intent_with_means_at_hand")),
    # Lifeline factors alone do not make a level: they move one that the screen gives.
    ({"desire": ["hopelessness"], "capability": ["available_means"],
      "buffers": ["social_supports"]}, "none", ()),
    # Plan with the means at hand now is the textbook imminent case (988).
    ({**Q2, "plan": True, "means_at_hand": True}, "imminent", ("plan_with_means_at_hand",)),
    # Intent or plan while intoxicated now: imminent.
    ({**Q2, "intent": True, **DRUNK}, "imminent", ("intent_or_plan_intoxicated",)),
    ({**Q2, "plan": True, **DRUNK}, "imminent", ("intent_or_plan_intoxicated",)),
    # Capability raises low/moderate one level, and says why.
    ({**Q2, "method": True, **MEANS}, "high", ("method", "method_with_available_means")),
    ({"wish_dead": True, **DRUNK}, "moderate", ("wish_dead", "currently_intoxicated")),
    ({"behavior": "over_3_months", **DRUNK}, "high",
     ("behavior_over_3_months", "currently_intoxicated")),
    ({**Q2, "method": True, "capability": ["available_means", "currently_intoxicated"]}, "high",
     ("method", "method_with_available_means", "currently_intoxicated")),  # one level, once
    ({**DRUNK}, "none", ()),
    ({"wish_dead": True, **MEANS}, "low", ("wish_dead",)),  # means without a method: no raise
    ({"behavior": "past_3_months", **DRUNK}, "high", ("behavior_past_3_months",)),  # not raised
    # "No" answers are answers, not risk.
    ({"wish_dead": False, "suicidal_thoughts": False, "behavior": "never"}, "none", ()),
]


@pytest.mark.parametrize(("answers", "level", "reasons"), RULES)
def test_screen_gives_level(answers: dict, level: str, reasons: tuple) -> None:
    result = assess(RiskScreen(**answers))
    assert result.computed_level == level
    assert result.level == level
    assert result.reasons == reasons
    assert result.lowered is False


@pytest.mark.parametrize(
    ("answers", "judged", "final"),
    [
        ({}, "high", "high"),
        ({"wish_dead": True}, "imminent", "imminent"),
        ({**Q2, "method": True}, "moderate", "moderate"),
    ],
)
def test_operator_may_raise_without_reason(answers: dict, judged: str, final: str) -> None:
    result = assess(RiskScreen(**answers, operator_level=judged))
    assert result.level == final
    assert result.lowered is False


def test_lowering_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="contact.lowering_needs_reason"):
        RiskScreen(**Q2, intent=True, operator_level="low")
    with pytest.raises(ValidationError, match="contact.lowering_needs_reason"):
        RiskScreen(**Q2, intent=True, operator_level="low", operator_reason="   ")


def test_lowering_with_a_reason_is_kept_with_the_computed_level() -> None:
    screen = RiskScreen(
        **Q2, intent=True, operator_level="moderate",
        operator_reason="Intent was about a video game character, clarified twice.",
    )
    result = assess(screen)
    assert (result.level, result.computed_level, result.lowered) == ("moderate", "high", True)
    assert screen.operator_reason.startswith("Intent was about")


@pytest.mark.parametrize("item", ["method", "intent", "plan"])
def test_q3_to_q5_need_q2_yes(item: str) -> None:
    """As the C-SSRS asks them: Q3-Q5 only follow a yes to Q2."""
    with pytest.raises(ValidationError, match="risk.after_q2_without_q2"):
        RiskScreen(**{item: True})


@pytest.mark.parametrize(
    "bad",
    [
        {"desire": ["not_a_factor"]},
        {"capability": ["hopelessness"]},  # a desire factor in the capability list
        {"buffers": ["x"]},
        {"behavior": "yesterday"},
        {"operator_level": "severe"},
        {"unknown_item": True},
    ],
)
def test_unknown_answers_are_refused(bad: dict) -> None:
    with pytest.raises(ValidationError):
        RiskScreen(**bad)


def test_levels_are_ordered() -> None:
    assert [lvl.rank for lvl in RiskLevel] == [0, 1, 2, 3, 4]
    assert RiskLevel.imminent.rank > RiskLevel.high.rank > RiskLevel.moderate.rank


def test_every_item_starts_unanswered() -> None:
    screen = RiskScreen()
    assert screen.wish_dead is None and screen.behavior is None
    assert screen.unanswered == ["wish_dead", "suicidal_thoughts", "attempt_in_progress",
                                 "means_at_hand", "harm_to_others", "behavior"]
    asked = RiskScreen(wish_dead=False, suicidal_thoughts=True, method=False)
    assert "wish_dead" not in asked.unanswered and "method" not in asked.unanswered
    assert {"intent", "plan"} <= set(asked.unanswered)  # asked only after Q2 yes: now due


@pytest.mark.parametrize(("answers", "missing"), [
    ({}, []),  # nothing recorded: "not screened", allowed through the API
    ({"wish_dead": True}, ["suicidal_thoughts"]),
    ({"suicidal_thoughts": False}, ["wish_dead"]),
    ({"wish_dead": False, "suicidal_thoughts": False}, []),
    ({"not_assessed": "caller_hung_up"}, []),
    ({"wish_dead": True, "not_assessed": "third_party"}, []),
    ({"attempt_in_progress": True}, []),  # the rescue comes first, the paperwork later
])
def test_q1_and_q2_must_be_asked(answers: dict, missing: list) -> None:
    assert missing_answers(RiskScreen(**answers)) == missing


def test_the_form_is_strict_about_an_empty_screen() -> None:
    assert missing_answers(RiskScreen(), strict=True) == ["wish_dead", "suicidal_thoughts"]


@pytest.mark.parametrize(("stored", "status"), [
    ({}, "not_screened"),
    ({"wish_dead": None, "suicidal_thoughts": None, "behavior": None}, "not_screened"),
    ({"wish_dead": False, "suicidal_thoughts": False}, "screened"),
    ({"not_assessed": "language"}, "not_assessed"),
])
def test_not_screened_is_not_none(stored: dict, status: str) -> None:
    assert screen_status(stored) == status


def test_the_highest_level_is_kept() -> None:
    assert highest("high", "low") == "high"
    assert highest("none", "imminent", "moderate") == "imminent"
