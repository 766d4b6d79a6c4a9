"""Staff care by centre: a supervisor sees the debriefs (how a colleague is after a hard call)
of their own centres' people only, and records supervision only for their own centres' people
(another centre's person is refused as unknown, nothing written)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from hotline import jobs
from hotline.staffcare.models import SupervisionSession
from tests.staffcare.test_debriefs_and_supervision import _resolved_high_call


def test_debriefs_are_seen_within_the_centre(client, make_person, engine, centres):
    main, gz = centres["main"].id, centres["gz"].id
    op, responder = make_person("operator", centre_id=gz), make_person("crisis_responder",
                                                                         centre_id=gz)
    sup_a, sup_b = make_person("supervisor", centre_id=main), make_person("supervisor",
                                                                          centre_id=gz)
    _resolved_high_call(client, engine, op, responder)
    assert jobs.offer_debriefs(engine) == 2

    def outstanding(sup) -> set[int]:
        r = client.get("/api/debriefs", params={"outstanding": True}, headers=sup.headers)
        assert r.status_code == 200, r.text
        return {d["staff_id"] for d in r.json()}

    assert outstanding(sup_a) == set()
    assert outstanding(sup_b) == {op.id, responder.id}


def test_supervision_is_recorded_within_the_centre(client, make_person, engine, centres):
    main, gz = centres["main"].id, centres["gz"].id
    sup = make_person("supervisor", centre_id=main)
    ours, theirs = make_person("operator", centre_id=main), make_person("operator", centre_id=gz)
    base = {"supervisor_id": sup.id, "held_on": date.today().isoformat(), "hours": 1,
            "format": "group"}
    r = client.post("/api/supervision", json={**base, "staff_ids": [ours.id, theirs.id]},
                    headers=sup.headers)
    assert r.status_code == 422 and r.json()["code"] == "supervision.staff_unknown"
    assert str(theirs.id) in r.json()["detail"]
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(SupervisionSession)).one() == 0
    r = client.post("/api/supervision", json={**base, "staff_ids": [ours.id]},
                    headers=sup.headers)
    assert r.status_code == 201, r.text
