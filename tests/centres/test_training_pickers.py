"""The training forms by centre, as an attacker would test them: a team lead's pickers
(people, teams, facilitators, the audience to invite, suggested slots' attendees) offer
their own centre's only, and a post naming another centre's person or team is refused
with a coded error (in Chinese and English) exactly as one naming nobody, writing
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from hotline.staff.models import Team, TeamMembership
from hotline.training.models import Participant, TrainingSession
from tests.operator_ui.conftest import csrf
from tests.training.test_sessions import _body


@pytest.fixture
def world(make_person, centres, engine) -> dict[str, Any]:
    main, gz = centres["main"].id, centres["gz"].id
    people = {
        "lead_a": make_person("team_lead", centre_id=main, full_name="组长 主"),
        "op_a": make_person("operator", centre_id=main, full_name="接线员 主中心"),
        "lead_b": make_person("team_lead", centre_id=gz, full_name="组长 广州"),
        "op_b": make_person("operator", centre_id=gz, full_name="接线员 广州中心"),
    }
    with Session(engine) as s:
        teams = {"a": Team(code="main-ops", name_en="Main operators", kind="operators",
                           centre_id=main),
                 "b": Team(code="gz-ops", name_en="Guangzhou operators", kind="operators",
                           centre_id=gz)}
        s.add_all(teams.values())
        s.flush()
        s.add(TeamMembership(team_id=teams["a"].id, staff_id=people["op_a"].id))
        s.add(TeamMembership(team_id=teams["b"].id, staff_id=people["op_b"].id))
        s.commit()
        ids = {k: t.id for k, t in teams.items()}
    return {"people": people, "teams": ids}


def _written(engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (s.exec(select(func.count()).select_from(TrainingSession)).one(),
                s.exec(select(func.count()).select_from(Participant)).one())


def _log_in(client, person) -> None:
    from tests.conftest import PASSWORD
    r = client.post("/login", data={"username": person.username, "password": PASSWORD,
                                    "csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303, r.text


def test_the_new_session_form_offers_only_the_leads_centre(client, world):
    people, teams = world["people"], world["teams"]
    _log_in(client, people["lead_a"])
    page = client.get("/trainings/new?lang=en")
    assert page.status_code == 200
    assert "接线员 主中心" in page.text and "Main operators" in page.text
    assert "接线员 广州中心" not in page.text and "Guangzhou operators" not in page.text
    assert f'name="staff_ids" value="{people["op_b"].id}"' not in page.text
    assert f'<option value="{people["op_b"].id}"' not in page.text  # the facilitator picker
    assert f'name="team_ids" value="{teams["b"]}"' not in page.text
    assert f'name="team_ids" value="{teams["a"]}"' in page.text


@pytest.mark.parametrize("field, code", [
    ("team", "training.team_unknown"),
    ("person", "training.staff_not_active"),
    ("facilitator", "training.facilitator_unknown"),
])
def test_naming_another_centres_person_or_team_is_refused_as_naming_nobody(
        client, engine, world, field, code):
    people, teams = world["people"], world["teams"]
    elsewhere = {"team": {"invite": {"team_ids": [teams["b"]]}},
                 "person": {"invite": {"staff_ids": [people["op_b"].id]}},
                 "facilitator": {"facilitator_id": people["op_b"].id}}[field]
    nobody = {"team": {"invite": {"team_ids": [999999]}},
              "person": {"invite": {"staff_ids": [999999]}},
              "facilitator": {"facilitator_id": 999999}}[field]
    lead = people["lead_a"]
    answers = {}
    for name, body in (("elsewhere", elsewhere), ("nobody", nobody)):
        for lang in ("zh-CN", "en"):
            r = client.post("/api/trainings", json=_body(**body),
                            headers={**lead.headers, "Accept-Language": lang})
            assert r.status_code == 422, r.text
            assert r.json()["code"] == code
            answers[name, lang] = r.json()["detail"]
    assert answers["elsewhere", "en"] != answers["elsewhere", "zh-CN"]  # said in both
    assert all(ord(ch) < 0x3000 for ch in answers["elsewhere", "en"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answers["elsewhere", "zh-CN"])
    assert _written(engine) == (0, 0)
    # Its own centre's team, person and facilitator are fine.
    own = {"team": {"invite": {"team_ids": [teams["a"]]}},
           "person": {"invite": {"staff_ids": [people["op_a"].id]}},
           "facilitator": {"facilitator_id": people["op_a"].id}}[field]
    r = client.post("/api/trainings", json=_body(**own), headers=lead.headers)
    assert r.status_code == 201, r.text
    assert [p["staff_id"] for p in r.json()["participants"]] == [people["op_a"].id]


def test_the_form_post_naming_another_centres_team_says_why(client, engine, world):
    people, teams = world["people"], world["teams"]
    _log_in(client, people["lead_a"])
    form = {"kind": "training", "title": "倾听技巧", "audience": "operators",
            "day": "2030-03-04", "from": "14:00", "to": "17:00", "place": "二楼培训室",
            "team_ids": [str(teams["b"])], "csrf_token": csrf(client)}
    r = client.post("/trainings/new?lang=zh", data=form, follow_redirects=False)
    assert r.status_code == 422 and "本中心没有编号为" in r.text
    assert "Guangzhou operators" not in r.text and "接线员 广州中心" not in r.text
    assert _written(engine) == (0, 0)


def test_the_edit_form_and_a_facilitator_change_stay_in_the_sessions_centre(client, engine,
                                                                          world):
    people = world["people"]
    lead = people["lead_a"]
    r = client.post("/api/trainings", json=_body(), headers=lead.headers)
    assert r.status_code == 201, r.text
    session_id = r.json()["id"]
    _log_in(client, lead)
    page = client.get(f"/trainings/{session_id}/edit")
    assert page.status_code == 200 and "接线员 广州中心" not in page.text
    # Inviting another centre's person to it is refused, as an unknown one.
    r = client.post(f"/trainings/{session_id}/invitations",
                    data={"staff_ids": [str(people["op_b"].id)], "csrf_token": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 422
    r = client.patch(f"/api/trainings/{session_id}",
                     json={"facilitator_id": people["op_b"].id}, headers=lead.headers)
    assert r.status_code == 422 and r.json()["code"] == "training.facilitator_unknown"
    with Session(engine) as s:
        row = s.get(TrainingSession, session_id)
        assert row.facilitator_id is None
        invited = s.exec(select(Participant.staff_id)
                         .where(Participant.session_id == session_id)).all()
    assert list(invited) == [people["op_a"].id]
