"""The permission matrix: every role x every action in RULES.

Contact actions depend on the record (whose it is, how old, how risky), so they get a table per
kind of contact; every other action depends on the role alone and gets one row per action.
Both tables are written out by hand (not derived from RULES), so a change to the rules that
alters who may see a caller's record or change the roster fails here and has to be made on
purpose, and a new action without a row fails too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from hotline.access import permissions
from hotline.access.permissions import Target, can
from hotline.contacts.models import Contact
from hotline.db import utcnow
from tests.conftest import Person

ME = 7
SOMEONE_ELSE = 8

# Y = allowed, - = refused. Targets:
#   own_recent  my contact, logged 3 days ago, low risk
#   own_old     my contact, logged 40 days ago (past the 28-day follow-up window), low risk
#   others      someone else's contact, 3 days ago, low risk
#   high_risk   someone else's contact, 3 days ago, risk level high, never alerted to me
#   alerted     someone else's high-risk contact whose live escalation alerted me
#   alert_29d   ... whose escalation that alerted me (or I acknowledged) was resolved 29 days ago
#   alert_31d   ... resolved 31 days ago (past the 30 days a responder keeps reading it)
#   handling    someone else's contact that I am handling now (its live call)
MATRIX = """
role              action             own_recent  own_old  others  high_risk  alerted  alert_29d  alert_31d  handling
operator          create_contact     Y           Y        Y       Y          Y        Y          Y          Y
operator          view_contact       Y           -        -       -          Y        Y          -          Y
operator          edit_contact       Y           -        -       -          -        -          -          -
operator          list_all_contacts  -           -        -       -          -        -          -          -
operator          view_caller_history  Y           -        -       -          Y        Y          -          Y
operator          work_follow_up     Y           Y        -       -          -        -          -          -
crisis_responder  create_contact     Y           Y        Y       Y          Y        Y          Y          Y
crisis_responder  view_contact       Y           -        -       -          Y        Y          -          -
crisis_responder  edit_contact       Y           -        -       -          -        -          -          -
crisis_responder  list_all_contacts  -           -        -       -          -        -          -          -
crisis_responder  view_caller_history  Y           -        -       -          Y        Y          -          -
crisis_responder  work_follow_up     Y           Y        -       -          -        -          -          -
supervisor        create_contact     Y           Y        Y       Y          Y        Y          Y          Y
supervisor        view_contact       Y           Y        Y       Y          Y        Y          Y          Y
supervisor        edit_contact       Y           Y        Y       Y          Y        Y          Y          Y
supervisor        list_all_contacts  Y           Y        Y       Y          Y        Y          Y          Y
supervisor        view_caller_history  Y           Y        Y       Y          Y        Y          Y          Y
supervisor        work_follow_up     Y           Y        Y       Y          Y        Y          Y          Y
team_lead         create_contact     -           -        -       -          -        -          -          -
team_lead         view_contact       Y           -        -       -          Y        Y          -          -
team_lead         edit_contact       Y           -        -       -          -        -          -          -
team_lead         list_all_contacts  -           -        -       -          -        -          -          -
team_lead         view_caller_history  Y           -        -       -          Y        Y          -          -
team_lead         work_follow_up     Y           Y        -       -          -        -          -          -
admin             create_contact     -           -        -       -          -        -          -          -
admin             view_contact       Y           -        -       -          Y        Y          -          -
admin             edit_contact       Y           -        -       -          -        -          -          -
admin             list_all_contacts  -           -        -       -          -        -          -          -
admin             view_caller_history  Y           -        -       -          Y        Y          -          -
admin             work_follow_up     Y           Y        -       -          -        -          -          -
"""

# Actions that look only at the role: Y = allowed whatever the target, - = refused.
ROLE_MATRIX = """
action                 operator  crisis_responder  supervisor  team_lead  admin
view_audit             -         -                 Y           -          Y
view_call_queue        Y         Y                 Y           -          -
view_staff             -         -                 Y           Y          Y
manage_staff           -         -                 -           -          Y
manage_qualifications  -         -                 -           Y          Y
view_roster            Y         Y                 Y           Y          Y
manage_shifts          -         -                 Y           -          -
decide_requests        -         -                 Y           -          -
override_coverage      -         -                 Y           -          -
generate_roster        -         -                 Y           -          -
oversee_escalations    -         -                 Y           -          -
view_all_escalations   -         -                 Y           -          -
caller_rights          -         -                 Y           -          -
hear_exhausted         -         Y                 Y           Y          -
co_sign_lowering       -         -                 Y           -          -
monitor_call           -         -                 Y           -          -
manage_trainings       -         -                 -           Y          Y
view_compliance        -         -                 Y           Y          Y
view_reports           -         -                 Y           Y          Y
set_presence           Y         -                 -           -          -
view_wallboard         -         -                 Y           Y          -
view_province          -         -                 -           -          -
assign_follow_up       -         -                 Y           -          -
view_team_follow_ups   -         -                 Y           Y          -
review_caller_flags    -         -                 Y           -          -
manage_care_plans      -         -                 Y           Y          -
view_resources         Y         Y                 Y           Y          Y
manage_resources       -         -                 Y           Y          Y
oversee_debriefs       -         -                 Y           -          -
record_supervision     -         -                 Y           Y          -
view_supervision       -         -                 Y           Y          Y
"""

# Imminent risk: who acts on a rescue. Targets (all someone's call, 3 days ago):
#   mine_high     I handled the call, risk high, someone else took the escalation
#   taken_high    someone else's call at high risk, and I took its escalation
#   others_high   someone else's call at high risk, taken by someone else
#   taken_low     someone else's call at low risk, and I took its escalation
RESCUE_MATRIX = """
role              action            mine_high  taken_high  others_high  taken_low
operator          break_glass       Y          Y           -            -
operator          record_rescue     Y          Y           -            Y
operator          join_call         -          Y           -            Y
crisis_responder  break_glass       Y          Y           -            -
crisis_responder  record_rescue     Y          Y           -            Y
crisis_responder  join_call         -          Y           -            Y
supervisor        break_glass       Y          Y           Y            -
supervisor        record_rescue     Y          Y           Y            Y
supervisor        join_call         Y          Y           Y            Y
team_lead         break_glass       Y          Y           -            -
team_lead         record_rescue     Y          Y           -            Y
team_lead         join_call         -          Y           -            Y
admin             break_glass       Y          Y           -            -
admin             record_rescue     Y          Y           -            Y
admin             join_call         -          Y           -            Y
"""
RESCUE_ACTIONS = ["break_glass", "record_rescue", "join_call"]

ROLES = ["operator", "crisis_responder", "supervisor", "team_lead", "admin"]
CONTACT_ACTIONS = ["create_contact", "view_contact", "edit_contact", "list_all_contacts",
                   "view_caller_history", "work_follow_up"]
TARGETS = ["own_recent", "own_old", "others", "high_risk", "alerted", "alert_29d", "alert_31d",
           "handling"]


@dataclass
class Actor:
    id: int | None
    roles: list[str] = field(default_factory=list)
    centres: frozenset[int] = frozenset({1})  # the home centre (targets above name none)


def _targets(now: datetime) -> dict[str, Target]:
    def alerted(resolved: datetime | None) -> Target:
        return Target(owner_id=SOMEONE_ELSE, created_at=now - timedelta(days=40),
                      risk_level="high", responders={ME: resolved, SOMEONE_ELSE: None})

    return {
        "own_recent": Target(owner_id=ME, created_at=now - timedelta(days=3), risk_level="low"),
        "own_old": Target(owner_id=ME, created_at=now - timedelta(days=40), risk_level="low"),
        "others": Target(owner_id=SOMEONE_ELSE, created_at=now - timedelta(days=3),
                         risk_level="low"),
        "high_risk": Target(owner_id=SOMEONE_ELSE, created_at=now - timedelta(days=3),
                            risk_level="high", responders={SOMEONE_ELSE: None}),
        "alerted": alerted(None),
        "alert_29d": alerted(now - timedelta(days=29)),
        "alert_31d": alerted(now - timedelta(days=31)),
        "handling": Target(owner_id=SOMEONE_ELSE, created_at=now - timedelta(days=1),
                           risk_level="low", handlers=frozenset({ME})),
    }


def _rescue_targets(now: datetime) -> dict[str, Target]:
    at = now - timedelta(days=3)
    return {
        "mine_high": Target(owner_id=ME, created_at=at, risk_level="high",
                            acknowledged_by=SOMEONE_ELSE),
        "taken_high": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="high",
                             acknowledged_by=ME),
        "others_high": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="high",
                              acknowledged_by=SOMEONE_ELSE),
        "taken_low": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="low",
                            acknowledged_by=ME),
    }


def _cells(matrix: str = MATRIX) -> list[tuple[str, str, str, bool]]:
    lines = [line.split() for line in matrix.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    targets = header[2:]
    cells = []
    for role, action, *marks in rows:
        assert len(marks) == len(targets), (role, action)
        for target, mark in zip(targets, marks, strict=True):
            assert mark in ("Y", "-")
            cells.append((role, action, target, mark == "Y"))
    return cells


def _role_cells() -> list[tuple[str, str, bool]]:
    lines = [line.split() for line in ROLE_MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[1:] == ROLES
    cells = []
    for action, *marks in rows:
        assert len(marks) == len(ROLES), action
        for role, mark in zip(ROLES, marks, strict=True):
            assert mark in ("Y", "-")
            cells.append((role, action, mark == "Y"))
    return cells


CELLS = _cells()
RESCUE_CELLS = _cells(RESCUE_MATRIX)
ROLE_CELLS = _role_cells()


def test_matrix_covers_every_role_and_contact_action() -> None:
    """The table is complete: no role or action silently left out."""
    covered = {(role, action) for role, action, _t, _a in CELLS}
    assert covered == {(r, a) for r in ROLES for a in CONTACT_ACTIONS}
    assert len(CELLS) == len(ROLES) * len(CONTACT_ACTIONS) * len(TARGETS)


def test_the_two_tables_cover_every_action_in_rules() -> None:
    """A new action in RULES must get a row here before it ships; no action is in both."""
    role_actions = [action for _r, action, _a in ROLE_CELLS[::len(ROLES)]]
    assert len(role_actions) == len(set(role_actions))
    assert not set(role_actions) & set(CONTACT_ACTIONS)
    assert not (set(role_actions) | set(CONTACT_ACTIONS)) & set(RESCUE_ACTIONS)
    assert set(role_actions) | set(CONTACT_ACTIONS) | set(RESCUE_ACTIONS) == set(permissions.RULES)
    assert {(r, a) for r, a, _t, _a in RESCUE_CELLS} == {
        (r, a) for r in ROLES for a in RESCUE_ACTIONS}


@pytest.mark.parametrize(("role", "action", "target", "allowed"), RESCUE_CELLS,
                         ids=[f"{r}-{a}-{t}" for r, a, t, _ in RESCUE_CELLS])
def test_rescue_matrix(role: str, action: str, target: str, allowed: bool) -> None:
    """Break-glass, rescue steps and joining the call: the people acting on the case."""
    actor = Actor(id=ME, roles=[role])
    assert can(actor, action, _rescue_targets(utcnow())[target]) is allowed


@pytest.mark.parametrize(("role", "action", "target", "allowed"), CELLS,
                         ids=[f"{r}-{a}-{t}" for r, a, t, _ in CELLS])
def test_permission_matrix(role: str, action: str, target: str, allowed: bool) -> None:
    actor = Actor(id=ME, roles=[role])
    assert can(actor, action, _targets(utcnow())[target]) is allowed


@pytest.mark.parametrize(("role", "action", "allowed"), ROLE_CELLS,
                         ids=[f"{r}-{a}" for r, a, _ in ROLE_CELLS])
def test_role_matrix(role: str, action: str, allowed: bool) -> None:
    """Role-only actions give the same answer with no target and with any contact as target."""
    actor = Actor(id=ME, roles=[role])
    assert can(actor, action) is allowed
    for target in _targets(utcnow()).values():
        assert can(actor, action, target) is allowed


@pytest.mark.parametrize(("days", "allowed"), [(27, True), (28, True), (29, False)])
def test_follow_up_window_edge(days: int, allowed: bool) -> None:
    """An operator keeps their own contact through day 28 (minus a minute), not on day 29."""
    created = utcnow() - timedelta(days=days) + timedelta(minutes=1)
    target = Target(owner_id=ME, created_at=created, risk_level="low")
    assert can(Actor(ME, ["operator"]), "view_contact", target) is allowed
    assert can(Actor(ME, ["operator"]), "edit_contact", target) is allowed


@pytest.mark.parametrize("level", ["none", "low", "moderate", "high", "imminent", None])
def test_risk_alone_never_opens_a_contact_to_a_responder(level: str | None) -> None:
    """Least privilege: being on the crisis team is not enough; being alerted is."""
    target = Target(owner_id=SOMEONE_ELSE, created_at=utcnow(), risk_level=level)
    assert not can(Actor(ME, ["crisis_responder"]), "view_contact", target)
    alerted = Target(owner_id=SOMEONE_ELSE, created_at=utcnow(), risk_level=level,
                     responders={ME: None})
    assert can(Actor(ME, ["crisis_responder"]), "view_contact", alerted)


@pytest.mark.parametrize(("days", "allowed"), [(29, True), (30, True), (31, False)])
def test_responder_access_ends_30_days_after_resolution(days: int, allowed: bool) -> None:
    resolved = utcnow() - timedelta(days=days) + timedelta(minutes=1)
    target = Target(owner_id=SOMEONE_ELSE, created_at=utcnow() - timedelta(days=90),
                    risk_level="imminent", responders={ME: resolved})
    assert can(Actor(ME, ["crisis_responder"]), "view_contact", target) is allowed


def test_roles_add_up() -> None:
    """Several roles: allowed if any role allows (an operator who is also a team lead logs calls
    and plans trainings)."""
    both = Actor(ME, ["team_lead", "operator"])
    assert can(both, "create_contact") and can(both, "manage_trainings")
    assert not can(Actor(ME, ["team_lead"]), "create_contact")
    assert not can(Actor(ME, []), "view_roster")


def test_no_target_means_no_ownership() -> None:
    """Without a record to check, owner-based rules never hold (a list is not 'mine')."""
    assert not can(Actor(ME, ["operator"]), "view_contact", None)


def test_rules_name_only_known_conditions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in the rules fails at start-up, not as a silent refusal later."""
    permissions.check_rules()
    monkeypatch.setitem(permissions.RULES, "view_contact", [["is_supervsior"]])
    with pytest.raises(ValueError, match="is_supervsior"):
        permissions.check_rules()


# --- the same rules, through the API --------------------------------------------------------


def _set(engine: Engine, contact_id: int, **fields: Any) -> None:
    with Session(engine) as s:
        contact = s.get(Contact, contact_id)
        assert contact is not None
        for name, value in fields.items():
            setattr(contact, name, value)
        s.add(contact)
        s.commit()


def test_contact_reads_follow_the_rules(
    client: TestClient, make_person: Callable[..., Person], engine: Engine
) -> None:
    """The routes consult the same rules: owner within 28 days, supervisor always, a crisis
    responder not even at high risk unless an escalation alerted them, others never."""
    owner = make_person("operator")
    other = make_person("operator")
    crisis = make_person("crisis_responder")
    sup = make_person("supervisor")
    lead = make_person("team_lead")
    r = client.post("/api/contacts", json={"channel": "voice"}, headers=owner.headers)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    url = f"/api/contacts/{cid}"

    def statuses() -> dict[str, int]:
        return {name: client.get(url, headers=p.headers).status_code
                for name, p in [("owner", owner), ("other", other), ("crisis", crisis),
                                ("sup", sup), ("lead", lead)]}

    assert statuses() == {"owner": 200, "other": 403, "crisis": 403, "sup": 200, "lead": 403}
    _set(engine, cid, risk_level="high")
    assert statuses()["crisis"] == 403
    _set(engine, cid, risk_level="low", created_at=utcnow() - timedelta(days=40),
         status="completed")
    assert statuses() == {"owner": 403, "other": 403, "crisis": 403, "sup": 200, "lead": 403}
    assert client.post("/api/contacts", json={"channel": "voice"},
                       headers=lead.headers).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_follow_up_owner_reads_the_contact_and_the_callers_history(role: str) -> None:
    """Whoever owns a follow-up of this caller handles them now, whatever their role and
    however old the contact; nobody else gains anything from that."""
    old = utcnow() - timedelta(days=400)
    mine = Target(owner_id=SOMEONE_ELSE, created_at=old, risk_level="low",
                  follow_up_owner_ids=frozenset({ME}))
    theirs = Target(owner_id=SOMEONE_ELSE, created_at=old, risk_level="low",
                    follow_up_owner_ids=frozenset({SOMEONE_ELSE}))
    for action in ("view_contact", "view_caller_history"):
        assert can(Actor(ME, [role]), action, mine)
        assert can(Actor(ME, [role]), action, theirs) is (role == "supervisor")
    assert can(Actor(ME, [role]), "edit_contact", mine) is (role == "supervisor")


# --- the centre dimension ------------------------------------------------------------------
# A role's rights hold in the actor's own centres; being involved with a record (its owner,
# an alerted responder) holds anywhere; provincial roles read every centre and change nothing.
# Targets: someone else's contact at high risk, 3 days ago
#   home_high      in my centre
#   other_high     in another centre
#   other_low      in another centre, low risk
#   other_alerted  in another centre, and its escalation alerted me (a backup centre's tier)
CENTRE_MATRIX = """
role                    action                home_high  other_high  other_low  other_alerted
operator                view_contact          -          -           -          Y
operator                view_roster           Y          -           -          -
operator                view_call_queue       Y          -           -          -
supervisor              view_contact          Y          -           -          Y
supervisor              edit_contact          Y          -           -          -
supervisor              list_all_contacts     Y          -           -          -
supervisor              view_all_escalations  Y          -           -          -
supervisor              oversee_escalations   Y          -           -          -
supervisor              manage_shifts         Y          -           -          -
supervisor              break_glass           Y          -           -          -
crisis_responder        view_contact          -          -           -          Y
admin                   view_staff            Y          -           -          -
admin                   manage_staff          Y          -           -          -
provincial_supervisor   view_contact          Y          Y           Y          Y
provincial_supervisor   edit_contact          -          -           -          -
provincial_supervisor   list_all_contacts     Y          Y           Y          Y
provincial_supervisor   view_all_escalations  Y          Y           Y          Y
provincial_supervisor   oversee_escalations   -          -           -          -
provincial_supervisor   view_staff            Y          Y           Y          Y
provincial_supervisor   manage_staff          -          -           -          -
provincial_supervisor   view_roster           Y          Y           Y          Y
provincial_supervisor   manage_shifts         -          -           -          -
provincial_supervisor   view_audit            Y          Y           Y          Y
provincial_supervisor   view_reports          Y          Y           Y          Y
provincial_supervisor   break_glass           -          -           -          -
provincial_supervisor   view_call_queue       Y          Y           Y          Y
provincial_crisis_lead  view_contact          Y          Y           -          Y
provincial_crisis_lead  view_all_escalations  Y          Y           Y          Y
provincial_crisis_lead  hear_exhausted        Y          Y           Y          Y
provincial_crisis_lead  view_reports          -          -           -          -
provincial_crisis_lead  view_call_queue       Y          Y           Y          Y
"""
HOME, OTHER = 1, 2
PROVINCIAL_READS = {"view_contact", "list_all_contacts", "view_caller_history", "view_audit",
                    "view_staff", "view_roster", "view_all_escalations", "hear_exhausted",
                    "view_compliance", "view_reports", "view_wallboard", "view_resources",
                    "view_province", "view_call_queue"}


def _centre_targets(now: datetime) -> dict[str, Target]:
    at = now - timedelta(days=3)
    return {
        "home_high": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="high",
                            centre_id=HOME),
        "other_high": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="high",
                             centre_id=OTHER),
        "other_low": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="low",
                            centre_id=OTHER),
        "other_alerted": Target(owner_id=SOMEONE_ELSE, created_at=at, risk_level="high",
                                centre_id=OTHER, responders={ME: None}),
    }


CENTRE_CELLS = _cells(CENTRE_MATRIX)


@pytest.mark.parametrize(("role", "action", "target", "allowed"), CENTRE_CELLS,
                         ids=[f"{r}-{a}-{t}" for r, a, t, _ in CENTRE_CELLS])
def test_centre_matrix(role: str, action: str, target: str, allowed: bool) -> None:
    actor = Actor(id=ME, roles=[role], centres=frozenset({HOME}))
    assert can(actor, action, _centre_targets(utcnow())[target]) is allowed


@pytest.mark.parametrize("action", sorted(permissions.RULES))
@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_another_centre(role: str, action: str) -> None:
    """An attacker's view: every action, every centre role, a record of another centre they
    have no part in: refused, whatever the risk."""
    actor = Actor(id=ME, roles=[role], centres=frozenset({HOME}))
    for level in ("low", "imminent"):
        target = Target(owner_id=SOMEONE_ELSE, created_at=utcnow(), risk_level=level,
                        centre_id=OTHER)
        assert not can(actor, action, target)


@pytest.mark.parametrize("action", sorted(permissions.RULES))
@pytest.mark.parametrize("role", ["provincial_supervisor", "provincial_crisis_lead"])
def test_provincial_roles_only_read(role: str, action: str) -> None:
    """The province reads; it changes nothing, in no centre, not even its own."""
    actor = Actor(id=ME, roles=[role], centres=frozenset({HOME}))
    if action not in PROVINCIAL_READS:
        for target in [None, *_centre_targets(utcnow()).values()]:
            if target is not None and ME in target.responders:
                continue  # alerted: a person's own involvement, not the role's
            assert not can(actor, action, target), (role, action, target)


def test_a_lent_person_acts_in_the_host_centre() -> None:
    """Lent for a shift, the host centre is one of the person's centres (the lending hook)."""
    target = _centre_targets(utcnow())["other_high"]
    assert not can(Actor(ME, ["supervisor"], frozenset({HOME})), "view_contact", target)
    assert can(Actor(ME, ["supervisor"], frozenset({HOME, OTHER})), "view_contact", target)
