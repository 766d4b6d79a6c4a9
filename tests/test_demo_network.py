"""``hotline seed-demo --centres N``: the demo province (Guangdong's provincial centre and its
cities), a valid network for any N, today's demo kept for the first centre's accounts."""

from __future__ import annotations

import shutil
import tomllib
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from hotline import cli
from hotline import policies as policy_files
from hotline.auth.models import Account
from hotline.centres import regions
from hotline.centres.models import Centre
from hotline.centres.policy import NetworkPolicy
from hotline.config import PROJECT_ROOT, get_settings
from hotline.contacts.models import Contact
from hotline.db import utcnow
from hotline.demo import network
from hotline.roster import coverage
from hotline.roster.models import Shift
from hotline.staff.models import Role, Staff
from hotline.telephony.models import CallRollover

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("count", range(1, len(network.PROVINCE) + 1))
def test_any_first_n_centres_are_a_valid_believable_network(count):
    policy = NetworkPolicy.model_validate(tomllib.loads(network.network_toml(count)))
    assert policy.provincial.code == "guangdong"
    for demo_centre, centre in zip(network.centres(count), policy.centres, strict=True):
        # Every rollover chain ends at the provincial centre.
        assert policy.rollover_chain(centre.code)[-1] == "guangdong"
        # Real GB/T 2260 codes, named as the city the centre is named after.
        assert all(regions.is_region_code(code) for code in centre.regions)
        assert regions.name(centre.regions[0]) == demo_centre.city_zh
        # Its own number is a landline of its own city.
        assert regions.region_of_number(centre.numbers[0]) in (*centre.regions, "440100")
        assert centre.name_zh.startswith(demo_centre.city_zh)


def test_more_centres_than_the_province_has_are_refused():
    with pytest.raises(ValueError, match="1 to 21"):
        network.centres(22)


def test_another_network_file_is_never_overwritten(tmp_path):
    (tmp_path / "network.toml").write_text('[[centres]]\ncode = "bj"\nprovincial = true\n')
    with pytest.raises(network.NetworkFileConflict, match="bj"):
        network.write_network(tmp_path, 3)
    assert "bj" in (tmp_path / "network.toml").read_text()


def test_the_demo_network_is_written_once(tmp_path):
    assert network.write_network(tmp_path, 3) is True
    assert network.write_network(tmp_path, 3) is False  # a second run keeps it
    with pytest.raises(network.NetworkFileConflict):
        network.write_network(tmp_path, 5)


@pytest.fixture
def province(engine, database_url, key_env, monkeypatch, tmp_path, capsys) -> str:
    schedules = tmp_path / "schedules"
    shutil.copytree(PROJECT_ROOT / "schedules", schedules)
    for name, value in key_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOTLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("HOTLINE_SCHEDULES_DIR", str(schedules))
    monkeypatch.setenv("HOTLINE_DEMO_PASSWORD", "demo-password-2026")
    get_settings.cache_clear()
    try:
        assert cli.main(["seed-demo", "--centres", "3", "--contacts", "20",
                         "--roster-work", "1", "--roster-seconds", "120"]) == 0
    finally:
        get_settings.cache_clear()
    assert (schedules / "network.toml").read_text() == network.network_toml(3)
    return capsys.readouterr().out


def test_seed_demo_with_centres_makes_a_province(province, engine, tmp_path):
    assert "centres 3" in province and "province1" in province
    now = utcnow()
    pol = policy_files.load(tmp_path / "schedules")
    with Session(engine) as s:
        centres = {c.id: c.code for c in s.exec(select(Centre).where(col(Centre.active)))}
        by_name = {a.username: a.staff_id for a in s.exec(select(Account))}
        home = {a.username: centres[s.get(Staff, a.staff_id).centre_id]  # type: ignore[union-attr]
                for a in s.exec(select(Account))}
        # The first centre keeps today's accounts; the others are prefixed with their code.
        assert {home[n] for n in ("admin", "supervisor1", "operator24", "crisis8")} == {"guangdong"}
        assert home["shenzhen-operator1"] == "shenzhen" and home["foshan-crisis8"] == "foshan"
        assert "shenzhen-admin" not in home and "operator25" not in home
        assert home["province1"] == "guangdong"
        province1 = s.exec(select(Staff).join(Account, col(Account.staff_id) == Staff.id)
                           .where(Account.username == "province1")).one()
        assert province1.roles == [Role.provincial_supervisor]
        for centre_id, code in centres.items():
            # Each centre is staffed now: its own operators and crisis primary on shift.
            on_now = s.exec(select(Shift).where(Shift.centre_id == centre_id)
                            .where(Shift.start <= now).where(Shift.end > now)).all()
            assert {sh.position for sh in on_now} >= {"operator", "crisis_primary"}, code
            assert all(home_of(s, sh.staff_id) == centre_id for sh in on_now)
            assert s.exec(select(Contact).where(Contact.centre_id == centre_id)).first(), code
            # Every centre's roster is the generator's, as the first centre's: gap-free for
            # the coming week by the centre's own policy, made in its supervisor's name.
            week = s.exec(select(Shift).where(Shift.centre_id == centre_id)
                          .where(Shift.end > now).where(Shift.start < now + timedelta(days=7))
                          ).all()
            supervisor = "supervisor1" if code == "guangdong" else f"{code}-supervisor1"
            assert {sh.created_by for sh in week} == {by_name[supervisor]}, code
            policy = pol.for_centre(code).coverage
            report = coverage.analyse(week, policy, now, now + timedelta(days=6), ZONE)
            assert report.gaps == [], (code, report.gaps[:3])
    assert "rosters of the other centres shenzhen: " in province, province
    with Session(engine) as s:  # each city passed some calls on to the next centre, as in life
        hops = s.exec(select(CallRollover)).all()
        for hop in hops:
            contact = s.get(Contact, hop.contact_id)
            assert contact is not None and contact.rolled_over_from_centre_id == hop.from_centre_id
            assert contact.centre_id == hop.to_centre_id and hop.at == contact.received_at
    assert sorted((centres[h.from_centre_id], centres[h.to_centre_id]) for h in hops) == [
        ("foshan", "guangdong"), ("shenzhen", "guangdong")]
    assert f"rollovers {len(hops)}" in province


def home_of(session: Session, staff_id: int) -> int | None:
    staff = session.get(Staff, staff_id)
    return staff.centre_id if staff else None
