"""Team codes are unique within a centre, not across the network: every centre may have its
``crisis`` team; a second one in the same centre is refused (409, both languages), by the
service and by the database's constraint."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hotline.staff.models import Team, TeamKind


def _team(client, admin, code: str = "crisis", **headers: str):
    return client.post("/api/teams", json={"code": code, "name_en": "Crisis team",
                                           "kind": "crisis"},
                       headers={**admin.headers, **headers})


def test_each_centre_has_its_own_crisis_team(client, engine, make_person, centres):
    admin_main = make_person("admin", centre_id=centres["main"].id)
    admin_gz = make_person("admin", centre_id=centres["gz"].id)
    assert _team(client, admin_main).status_code == 201
    gz = _team(client, admin_gz)
    assert gz.status_code == 201, gz.text
    again = _team(client, admin_gz, "Crisis", **{"Accept-Language": "zh-CN"})
    assert again.status_code == 409
    assert again.json()["code"] == "team.code_taken"
    assert "本中心已有代码为 crisis 的团队" in again.json()["detail"]
    with Session(engine) as s:
        rows = s.exec(select(Team.centre_id).where(Team.code == "crisis")).all()
    assert sorted(rows) == sorted([centres["main"].id, centres["gz"].id])


def test_the_database_refuses_a_second_code_in_one_centre(engine, centres):
    gz = centres["gz"].id
    with Session(engine) as s:
        s.add(Team(code="night", name_en="Night", kind=TeamKind.operators, centre_id=gz))
        s.add(Team(code="night", name_en="Night", kind=TeamKind.operators,
                   centre_id=centres["main"].id))
        s.commit()
        s.add(Team(code="night", name_en="Night again", kind=TeamKind.operators, centre_id=gz))
        with pytest.raises(IntegrityError):
            s.commit()
