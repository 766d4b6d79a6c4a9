"""The centre table mirrors network.toml; ``GET /api/centres`` lists the active centres."""

from __future__ import annotations

from sqlmodel import Session, select

from hotline.centres import service
from hotline.centres.models import Centre
from hotline.centres.policy import CentrePolicy, NetworkPolicy
from hotline.staff.models import Staff
from tests.centres.conftest import NETWORK


def _centres(engine) -> dict[str, tuple[bool, bool, str]]:
    with Session(engine) as s:
        return {c.code: (c.active, c.provincial, c.zone) for c in s.exec(select(Centre))}


def test_a_blank_hotline_has_its_one_centre(engine):
    assert _centres(engine) == {"main": (True, True, "Asia/Shanghai")}
    with Session(engine) as s:
        staff = Staff(full_name="陈静")  # made by a path that names no centre
        s.add(staff)
        s.commit()
        assert staff.centre_id == service.default_centre_id(s) == \
            s.exec(select(Centre.id).where(Centre.code == "main")).one()


def test_sync_adds_updates_and_retires_without_deleting(engine):
    with Session(engine) as s:
        service.sync(s, NETWORK, "Europe/London")
        s.commit()
    assert _centres(engine) == {"main": (True, True, "Europe/London"),
                                "gz": (True, False, "Europe/London")}
    moved = NetworkPolicy(centres=(
        CentrePolicy(code="gz", provincial=True, zone="Asia/Urumqi"),
        CentrePolicy(code="sz")))
    with Session(engine) as s:
        staff = Staff(full_name="陈静")
        s.add(staff)
        s.flush()
        main_id = staff.centre_id
        service.sync(s, moved, "Asia/Shanghai")
        service.sync(s, moved, "Asia/Shanghai")  # twice is once
        s.commit()
        assert s.get(Staff, staff.id).centre_id == main_id  # its rows keep their owner
        gz = service.by_code(s, "gz")
        assert service.default_centre_id(s) == gz.id
    assert _centres(engine) == {"main": (False, False, "Europe/London"),
                                "gz": (True, True, "Asia/Urumqi"),
                                "sz": (True, False, "Asia/Shanghai")}


def test_api_lists_active_centres_to_any_staff(client, make_person, centres):
    operator = make_person("operator")
    assert client.get("/api/centres").status_code == 401
    # The app's policies have no network.toml: regions and numbers come from it (none here).
    r = client.get("/api/centres?lang=zh", headers=operator.headers)
    assert r.status_code == 200, r.text
    listed = r.json()
    assert [c["code"] for c in listed] == ["main", "gz"]  # provincial first
    assert listed[1] == {"code": "gz", "name": "广州市心理援助热线", "name_zh": "广州市心理援助热线",
                         "name_en": "Guangzhou hotline", "zone": "Asia/Shanghai",
                         "provincial": False, "regions": [], "numbers": [], "rollover_to": ""}


def test_api_shows_regions_numbers_and_rollover_from_the_network(client, app, make_person,
                                                                 centres):
    from dataclasses import replace

    app.state.policies = replace(app.state.policies, network=NETWORK)
    r = client.get("/api/centres?lang=en", headers=make_person("operator").headers)
    gz = r.json()[1]
    assert (gz["name"], gz["regions"], gz["numbers"], gz["rollover_to"]) == (
        "Guangzhou hotline", ["440100"], ["+862081899120"], "main")
