"""In a network, an escalation reads its own centre's roster, and may reach the backup
centre's crisis team (the next centre of its rollover order) as a final tier."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline.centres import service as centres_service
from hotline.crisis import engine as crisis_engine
from hotline.crisis.models import Escalation, EscalationStep, Notification
from hotline.crisis.policy import EscalationPolicy, LevelPolicy, Tier
from hotline.roster.models import Shift
from tests.crisis.conftest import HIGH
from tests.telephony.test_network_calls import NETWORK  # sz rolls over to gz, gz to gd

TIERS = EscalationPolicy(levels={level: LevelPolicy(tiers=[
    Tier(targets=["crisis_primary"], timeout_seconds=60, channels=["console"]),
    Tier(targets=["backup_centre"], timeout_seconds=60, channels=["console"]),
], repeats=0) for level in ("high", "imminent")})


def test_a_high_risk_escalation_reaches_the_backup_centres_crisis_team_last(
        client, app, engine, make_person):
    app.state.policies = dataclasses.replace(app.state.policies, network=NETWORK,
                                             escalation=TIERS)
    with Session(engine) as s:
        ids = {c.code: c.id for c in centres_service.sync(s, NETWORK, "Asia/Shanghai")}
        s.commit()
    now = datetime.now(UTC)
    people = {}
    for name, code, position in [("operator", "sz", "operator"),
                                 ("sz_primary", "sz", "crisis_primary"),
                                 ("gz_primary", "gz", "crisis_primary"),
                                 ("gz_backup", "gz", "crisis_backup"),
                                 ("gd_primary", "gd", "crisis_primary")]:
        role = "operator" if position == "operator" else "crisis_responder"
        people[name] = make_person(role, centre_id=ids[code])
        with Session(engine) as s:
            s.add(Shift(staff_id=people[name].id, position=position, centre_id=ids[code],
                        start=now - timedelta(hours=1), end=now + timedelta(hours=7),
                        checked_in_at=now - timedelta(hours=1)))
            s.commit()
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                    headers=people["operator"].headers)
    assert r.status_code == 201, r.text
    esc_id = r.json()["escalation"]["id"]

    def alerted(tier: int) -> set[int]:
        with Session(engine) as s:
            return {n.recipient_id for n in s.exec(
                select(Notification).where(Notification.escalation_id == esc_id)
                .where(Notification.tier_index == tier))}

    # Its own centre's primary first: not another centre's.
    assert alerted(0) == {people["sz_primary"].id}
    with Session(engine) as s:
        esc = s.get(Escalation, esc_id)
        assert esc.centre_id == ids["sz"] and esc.policy["backup_centre_id"] == ids["gz"]
        assert crisis_engine.advance(s, escalation_id=esc_id, token=esc.step_token,
                                     now=now + timedelta(seconds=61), reason="timeout")
        s.commit()
    # Unanswered: the backup centre's crisis team (gz, next in sz's order), not gd's.
    assert alerted(1) == {people["gz_primary"].id, people["gz_backup"].id}


def test_without_a_backup_centre_the_final_tier_is_skipped_and_said(client, app, engine,
                                                                   on_call):
    app.state.policies = dataclasses.replace(app.state.policies, escalation=TIERS)
    team = on_call()
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                    headers=team.operator.headers)
    esc_id = r.json()["escalation"]["id"]
    with Session(engine) as s:
        esc = s.get(Escalation, esc_id)
        assert esc.policy["backup_centre_id"] is None
        crisis_engine.advance(s, escalation_id=esc_id, token=esc.step_token,
                              now=datetime.now(UTC) + timedelta(seconds=61), reason="timeout")
        s.commit()
        esc = s.get(Escalation, esc_id)
        assert esc.state == "exhausted"  # nobody at a backup centre: on to every supervisor
        skipped = s.exec(select(EscalationStep).where(EscalationStep.escalation_id == esc_id)
                         .where(EscalationStep.kind == "skipped")).all()
    assert [st.detail["reason"] for st in skipped] == ["nobody on call as backup_centre"]
