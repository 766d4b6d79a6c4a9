"""The risk rules of DESIGN section 6, one row per rule and edge."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotline.contacts.risk import RiskLevel, RiskScreen, assess

Q2 = {"suicidal_thoughts": True}

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
    # Lifeline factors inform the operator; they do not move the screener's level.
    ({"desire": ["hopelessness"], "capability": ["available_means"],
      "buffers": ["social_supports"]}, "none", ()),
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
    with pytest.raises(ValidationError, match="operator_reason"):
        RiskScreen(**Q2, intent=True, operator_level="low")
    with pytest.raises(ValidationError, match="operator_reason"):
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
    with pytest.raises(ValidationError, match="suicidal_thoughts"):
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
