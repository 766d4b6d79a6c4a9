"""Who may do what, declared in one place as data.

An action is allowed when ANY of its condition sets holds; a set holds when ALL of its
conditions hold (the shape of Aselo's permission rules). A condition is a name, or a
``{name: argument}`` mapping for conditions that take one, e.g.
``"view_contact": [["is_supervisor"], ["is_owner", {"created_within_days": 28}]]``.
Change a hotline's policy here, not in routers.

Centres: a right that comes from a role holds only in the actor's centres (the target's
``centre_id`` among ``actor.centres``); a right that comes from being involved with the record
(its owner, an alerted responder) holds wherever it is. Provincial roles hold in every centre
and only read (``hotline.access.scope`` narrows lists and audits their reads of other centres).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from hotline.db import utcnow
from hotline.errors import Forbidden, HotlineError

Condition = str | dict[str, Any]

RULES: dict[str, list[list[Condition]]] = {
    # Contacts, least privilege: supervisors read all (every read audited); operators what
    # they logged, for four weeks (follow-up work), and any contact they are handling now (the
    # live call); whoever an escalation of it alerted or who acknowledged it (the crisis
    # responder, a team lead on call) until 30 days after it was resolved.
    "create_contact": [["is_operator"], ["is_crisis_responder"], ["is_supervisor"]],
    # The calls waiting: those who take calls and run the shift, in their centres; the
    # province in every centre (hotline.telephony.calls.queue narrows and audits).
    "view_call_queue": [["is_operator"], ["is_crisis_responder"], ["is_supervisor"],
                        ["is_provincial_supervisor"], ["is_provincial_crisis_lead"]],
    "view_contact": [
        ["is_supervisor"],
        # The province: its supervisor reads every centre's contacts, its crisis lead the
        # high-risk ones (each read of another centre audited, naming it).
        ["is_provincial_supervisor"],
        ["is_provincial_crisis_lead", {"risk_at_least": "high"}],
        ["is_owner", {"created_within_days": 28}],
        ["is_operator", "is_handling"],
        [{"was_alerted": {"days_after_resolved": 30}}],
        # Continuity of care: whoever owns an open follow-up of this caller reads the contact.
        ["is_follow_up_owner"],
    ],
    "edit_contact": [
        ["is_supervisor"],
        ["is_owner", {"created_within_days": 28}],
    ],
    "list_all_contacts": [["is_supervisor"], ["is_provincial_supervisor"]],
    # A caller's rights (export, erasure): supervisors, audited.
    "caller_rights": [["is_supervisor"]],
    # Continuity of care. The caller's earlier contacts go to whoever handles this contact now:
    # its operator (while it is recent, or on its live call), a responder an escalation of it
    # alerted (as long as they read the contact itself), the owner of a follow-up of this
    # caller, supervisors: the same people who read the contact.
    "view_caller_history": [
        ["is_supervisor"],
        ["is_provincial_supervisor"],
        ["is_owner", {"created_within_days": 28}],
        ["is_operator", "is_handling"],
        [{"was_alerted": {"days_after_resolved": 30}}],
        ["is_follow_up_owner"],
    ],
    "work_follow_up": [["is_supervisor"], ["is_owner"]],  # target: the follow-up
    "assign_follow_up": [["is_supervisor"]],
    "view_team_follow_ups": [["is_supervisor"], ["is_team_lead"]],
    "review_caller_flags": [["is_supervisor"]],
    "manage_care_plans": [["is_supervisor"], ["is_team_lead"]],
    # The referral directory: everyone searches it; supervisors, leads and admins keep it.
    "view_resources": [["is_staff"]],
    "manage_resources": [["is_supervisor"], ["is_team_lead"], ["is_admin"]],
    # Staff care: a person's own debriefs; supervisors see outstanding ones and record
    # clinical supervision (team leads too).
    "oversee_debriefs": [["is_supervisor"]],
    "record_supervision": [["is_supervisor"], ["is_team_lead"]],
    "view_supervision": [["is_supervisor"], ["is_team_lead"], ["is_admin"]],
    "view_audit": [["is_supervisor"], ["is_admin"], ["is_provincial_supervisor"]],
    # The talent database.
    "view_staff": [["is_supervisor"], ["is_team_lead"], ["is_admin"],
                   ["is_provincial_supervisor"], ["is_provincial_crisis_lead"]],
    "manage_staff": [["is_admin"]],
    "manage_qualifications": [["is_admin"], ["is_team_lead"]],
    # Roster: everyone sees the roster and who is on call; supervisors change it, decide
    # leave and swaps, and alone may override the coverage guard (with a reason, audited).
    "view_roster": [["is_staff"], ["is_provincial_supervisor"], ["is_provincial_crisis_lead"]],
    "manage_shifts": [["is_supervisor"]],
    "decide_requests": [["is_supervisor"]],
    "override_coverage": [["is_supervisor"]],
    "generate_roster": [["is_supervisor"]],
    # Crisis routing: supervisors see every escalation of their centre and may take over any
    # alert there; the province's supervisor and crisis lead see every centre's.
    "oversee_escalations": [["is_supervisor"]],
    "view_all_escalations": [["is_supervisor"], ["is_provincial_supervisor"],
                             ["is_provincial_crisis_lead"]],
    # Nobody took an alert: those who can still step in hear of every such escalation.
    "hear_exhausted": [["is_supervisor"], ["is_team_lead"], ["is_crisis_responder"],
                       ["is_provincial_supervisor"], ["is_provincial_crisis_lead"]],
    # Imminent risk. A lowering of a computed high/imminent level stands only with a
    # supervisor's co-sign (never one's own: checked in the service). Break-glass opens the
    # caller's number and location (PIPL Art. 13 vital interests) to the people acting on
    # the rescue: the responder who took it, the operator on the call, supervisors.
    "co_sign_lowering": [["is_supervisor"]],
    "break_glass": [
        ["is_supervisor", {"risk_at_least": "high"}],
        ["is_owner", {"risk_at_least": "high"}],
        ["is_acknowledger", {"risk_at_least": "high"}],
    ],
    "record_rescue": [["is_supervisor"], ["is_owner"], ["is_acknowledger"]],
    # The live call: the responder who took the alert joins it; supervisors listen,
    # whisper to the operator or barge in.
    "join_call": [["is_acknowledger"], ["is_supervisor"]],
    "monitor_call": [["is_supervisor"]],
    # Trainings and drills: team leads plan and record them; supervisors see compliance.
    "manage_trainings": [["is_team_lead"], ["is_admin"]],
    "view_compliance": [["is_team_lead"], ["is_supervisor"], ["is_admin"],
                        ["is_provincial_supervisor"]],
    # Reports: supervisors judge the service; team leads and admins see it too.
    "view_reports": [["is_supervisor"], ["is_team_lead"], ["is_admin"],
                     ["is_provincial_supervisor"]],
    # Consoles: an operator sets their own Available/Away; the wallboard is for those who
    # run the shift.
    "set_presence": [["is_operator"]],
    "view_wallboard": [["is_supervisor"], ["is_team_lead"], ["is_provincial_supervisor"]],
    # A network of centres: the provincial roles watch every centre side by side (each
    # read of another centre audited).
    "view_province": [["is_provincial_supervisor"], ["is_provincial_crisis_lead"]],
}


class Actor(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def roles(self) -> list[str]: ...

    # The home centre: what the person creates belongs to it (None: the default centre).
    @property
    def centre_id(self) -> int | None: ...

    # The centres the person acts in: home, and a host centre while lent to it for a shift.
    @property
    def centres(self) -> frozenset[int]: ...


@dataclass(frozen=True)
class Target:
    """What an action is done to; only the facts the conditions need."""

    owner_id: int | None = None
    created_at: datetime | None = None
    risk_level: str | None = None
    # Staff alerted to an escalation of it or who acknowledged one -> when the last of those
    # escalations was resolved (None while one is still live).
    responders: Mapping[int, datetime | None] = field(default_factory=dict)
    # Staff handling it right now (the operator on its live call).
    handlers: frozenset[int] = frozenset()
    # Owners of open follow-ups of this contact's caller (they handle the caller now).
    follow_up_owner_ids: frozenset[int] = frozenset()
    acknowledged_by: int | None = None  # who took the contact's escalation
    centre_id: int | None = None  # the centre it belongs to (None: network-wide)


_RISK_ORDER = ["none", "low", "moderate", "high", "imminent"]


def _in_centre(actor: Actor, target: Target | None) -> bool:
    """A role's rights reach a target of the actor's own centres (or of none)."""
    return target is None or target.centre_id is None or target.centre_id in actor.centres


def _role(name: str) -> Callable[[Actor, Target | None, Any], bool]:
    return lambda actor, target, _arg: name in actor.roles and _in_centre(actor, target)


def _anywhere(name: str) -> Callable[[Actor, Target | None, Any], bool]:
    """A provincial role: its rights reach every centre."""
    return lambda actor, _target, _arg: name in actor.roles


def _is_owner(actor: Actor, target: Target | None, _arg: Any) -> bool:
    return target is not None and target.owner_id is not None and target.owner_id == actor.id


def _is_acknowledger(actor: Actor, target: Target | None, _arg: Any) -> bool:
    return target is not None and target.acknowledged_by is not None \
        and target.acknowledged_by == actor.id


def _created_within_days(_actor: Actor, target: Target | None, days: int) -> bool:
    return (
        target is not None
        and target.created_at is not None
        and utcnow() - target.created_at <= timedelta(days=days)
    )


def _risk_at_least(_actor: Actor, target: Target | None, level: str) -> bool:
    return (
        target is not None
        and target.risk_level in _RISK_ORDER
        and _RISK_ORDER.index(target.risk_level) >= _RISK_ORDER.index(level)
    )


def _was_alerted(actor: Actor, target: Target | None, arg: dict[str, int]) -> bool:
    if target is None or actor.id is None or actor.id not in target.responders:
        return False
    resolved = target.responders[actor.id]
    return resolved is None or utcnow() - resolved <= timedelta(days=arg["days_after_resolved"])


def _is_handling(actor: Actor, target: Target | None, _arg: Any) -> bool:
    return target is not None and actor.id in target.handlers


def _is_follow_up_owner(actor: Actor, target: Target | None, _arg: Any) -> bool:
    return target is not None and actor.id in target.follow_up_owner_ids


CONDITIONS: dict[str, Callable[[Actor, Target | None, Any], bool]] = {
    "is_staff": lambda actor, target, _arg: bool(actor.roles) and _in_centre(actor, target),
    "is_operator": _role("operator"),
    "is_crisis_responder": _role("crisis_responder"),
    "is_supervisor": _role("supervisor"),
    "is_team_lead": _role("team_lead"),
    "is_admin": _role("admin"),
    "is_provincial_supervisor": _anywhere("provincial_supervisor"),
    "is_provincial_crisis_lead": _anywhere("provincial_crisis_lead"),
    "is_owner": _is_owner,
    "is_acknowledger": _is_acknowledger,
    "created_within_days": _created_within_days,
    "risk_at_least": _risk_at_least,
    "was_alerted": _was_alerted,
    "is_handling": _is_handling,
    "is_follow_up_owner": _is_follow_up_owner,
}


def _holds(condition: Condition, actor: Actor, target: Target | None) -> bool:
    if isinstance(condition, str):
        return CONDITIONS[condition](actor, target, None)
    ((name, arg),) = condition.items()
    return CONDITIONS[name](actor, target, arg)


def can(actor: Actor, action: str, target: Target | None = None) -> bool:
    """True when any condition set of ``action`` holds for ``actor`` on ``target``."""
    return any(
        all(_holds(cond, actor, target) for cond in condition_set)
        for condition_set in RULES[action]
    )


def outside(actor: Actor, target: Target | None) -> bool:
    """Is the target in a centre the actor does not act in?"""
    return not _in_centre(actor, target)


def require(actor: Actor, action: str, target: Target | None = None, *,
            hidden: HotlineError | None = None) -> None:
    """Raise 403 unless the permission rules allow ``action``; ``hidden`` (the target's own
    404) instead when the target lies in another centre, so its id looks like no id."""
    if not can(actor, action, target):
        if hidden is not None and outside(actor, target):
            raise hidden
        # The action rides along for API clients.
        raise Forbidden("auth.role_forbidden", extra={"action": action})


def check_rules() -> None:
    """Fail loudly at start-up if a rule names a condition that does not exist."""
    for action, sets in RULES.items():
        for condition_set in sets:
            for cond in condition_set:
                name = cond if isinstance(cond, str) else next(iter(cond))
                if name not in CONDITIONS:
                    raise ValueError(f"permission rule {action!r} names unknown condition {name!r}")
