"""Every create path puts its rows in the actor's centre (an escalation, a call leg or a
call-back in its contact's centre); a single hotline's rows all go to ``main``."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from hotline.contacts.models import Contact
from hotline.crisis.models import Escalation
from hotline.roster.models import Shift
from hotline.staff.models import Staff, Team
from hotline.training.models import TrainingSession
from tests.crisis.conftest import HIGH
from tests.roster.test_shifts_api import TOMORROW, body
from tests.training.test_sessions import _body


def test_contacts_and_their_escalations_belong_to_the_operators_centre(
        client, engine, make_person, centres):
    gz_operator = make_person("operator", centre_id=centres["gz"].id)
    main_operator = make_person("operator")
    for person in (gz_operator, main_operator):
        r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": HIGH},
                        headers=person.headers)
        assert r.status_code == 201, r.text
    with Session(engine) as s:
        owners = {c.created_by: c.centre_id for c in s.exec(select(Contact))}
        escalations = {e.contact_id: e.centre_id for e in s.exec(select(Escalation))}
        contacts = {c.id: c.centre_id for c in s.exec(select(Contact))}
    assert owners == {gz_operator.id: centres["gz"].id, main_operator.id: centres["main"].id}
    assert escalations and escalations == {cid: contacts[cid] for cid in escalations}


def test_staff_teams_shifts_and_trainings_belong_to_the_actors_centre(
        client, engine, make_person, centres):
    gz = centres["gz"].id
    admin = make_person("admin", centre_id=gz)
    supervisor = make_person("supervisor", centre_id=gz)
    lead = make_person("team_lead", centre_id=gz)
    r = client.post("/api/staff", json={"full_name": "李明", "roles": ["operator"]},
                    headers=admin.headers)
    assert r.status_code == 201, r.text
    new_id = r.json()["id"]
    r = client.post("/api/teams", json={"code": "gz-night", "name_zh": "夜班组",
                                        "kind": "operators"}, headers=admin.headers)
    assert r.status_code == 201, r.text
    operator = make_person("operator", centre_id=gz)
    r = client.post("/api/shifts", json=body(operator, "operator", TOMORROW, "08:00", "16:00"),
                    headers=supervisor.headers)
    assert r.status_code == 201, r.text
    r = client.post("/api/trainings", json=_body(invite={"staff_ids": [new_id]}),
                    headers=lead.headers)
    assert r.status_code == 201, r.text
    with Session(engine) as s:
        assert s.get(Staff, new_id).centre_id == gz
        assert {t.centre_id for t in s.exec(select(Team))} == {gz}
        assert {x.centre_id for x in s.exec(select(Shift))} == {gz}
        assert {x.centre_id for x in s.exec(select(TrainingSession))} == {gz}


def test_a_split_shift_stays_in_its_centre(engine, centres):
    from hotline.db import utcnow
    from hotline.flows.training_sessions import _away

    now = utcnow()
    shift = Shift(staff_id=1, position="operator", start=now, end=now + timedelta(hours=8),
                  centre_id=centres["gz"].id)
    pieces = _away(shift, now + timedelta(hours=2), now + timedelta(hours=4))
    assert [p.centre_id for p in pieces] == [centres["gz"].id] * 2
