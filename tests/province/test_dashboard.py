"""The provincial dashboard: every centre side by side, judged by its own policy; only the
provincial roles read it, and every centre they read is named in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.contacts.models import Contact, ContactStatus
from hotline.crisis.models import Escalation
from hotline.db import utcnow
from hotline.reports import province
from hotline.roster.models import Shift
from hotline.telephony.models import CallRollover, RolloverReason
from tests.reports.test_monthly import add


def _shift(person, position: str, centre, *, checked_in: bool = True) -> Shift:
    now = utcnow()
    return Shift(staff_id=person.id, position=position, centre_id=centre.id,
                 start=now - timedelta(hours=1), end=now + timedelta(hours=3),
                 checked_in_at=now - timedelta(hours=1) if checked_in else None)


def _ringing(centre, seconds: int, sid: str, **more) -> Contact:
    return Contact(channel="voice", status=ContactStatus.ringing, call_sid=sid,
                   received_at=utcnow() - timedelta(seconds=seconds), centre_id=centre.id,
                   **more)


@pytest.fixture
def network_now(engine, make_person, centres):
    """gd fully staffed; gz one seat short with a queue; sz (its own policy: one seat and a
    crisis primary) with nobody at all, a call rolled over from it to gd and a live
    escalation."""
    gd, gz, sz = centres["gd"], centres["gz"], centres["sz"]
    shifts = []
    for position, n in (("operator", 3), ("crisis_primary", 1), ("crisis_backup", 1),
                        ("supervisor", 1)):
        role = {"operator": "operator", "supervisor": "supervisor"}.get(position,
                                                                          "crisis_responder")
        for _ in range(n):
            shifts.append(_shift(make_person(role, centre_id=gd.id), position, gd))
            if position != "operator" or _ < 1:
                shifts.append(_shift(make_person(role, centre_id=gz.id), position, gz))
    shifts.append(_shift(make_person("operator", centre_id=gz.id), "operator", gz,
                         checked_in=False))  # rostered, not at the seat: not staffed
    rolled, old_roll = (
        Contact(channel="voice", status=ContactStatus.completed, centre_id=gd.id, call_sid=sid,
                received_at=utcnow() - ago, rolled_over_from_centre_id=sz.id)
        for sid, ago in (("CA3", timedelta(minutes=20)), ("CA4", timedelta(hours=3))))
    add(engine, *shifts, _ringing(gz, 95, "CA1"), _ringing(gz, 20, "CA2"), rolled, old_roll)
    add(engine, *(CallRollover(contact_id=c.id, from_centre_id=sz.id, to_centre_id=gd.id,
                               reason=RolloverReason.closed, at=c.received_at)
                  for c in (rolled, old_roll)))
    high = Contact(channel="voice", received_at=utcnow(), centre_id=sz.id, risk_level="high")
    add(engine, high)
    add(engine, Escalation(contact_id=high.id, risk_level="high", centre_id=sz.id))
    return centres


def test_each_centre_is_judged_by_its_own_policy(engine, pol, settings, network_now) -> None:
    with Session(engine) as s:
        board = province.build(s, policies=pol, zone=settings.zone, now=utcnow())
    by = {c.centre.code: c for c in board.centres}
    assert list(by) == ["gd", "gz", "sz"]  # provincial first
    assert by["gd"].state == province.State.ok
    assert by["gd"].seats.checked_in == 3  # the evening peak asks for 3, other hours for 2
    assert by["gz"].state == province.State.short
    assert by["gz"].seats.checked_in == 1 and by["gz"].seats.scheduled == 2
    assert (by["gz"].waiting, by["gz"].longest_wait_s) == (2, pytest.approx(95, abs=5))
    assert by["sz"].state == province.State.no_cover
    assert [p.position for p in by["sz"].short] == ["operator", "crisis_primary"]  # own policy
    assert by["sz"].open_escalations == 1 and by["gd"].open_escalations == 0
    assert (by["sz"].rolled_in, by["sz"].rolled_out) == (0, 1)  # the last hour only
    assert (by["gd"].rolled_in, by["gd"].rolled_out) == (1, 0)
    assert board.counts == {"ok": 1, "short": 1, "no_cover": 1}


def test_only_the_provincial_roles_see_the_province_and_each_read_is_audited(
        client, engine, make_person, network_now, log_in) -> None:
    gd = network_now["gd"].id
    boss = make_person("provincial_supervisor", centre_id=gd)
    for someone in (make_person("supervisor", centre_id=gd), make_person("operator"),
                    make_person("admin")):
        log_in(someone)
        for path in ("/province", "/province/panel", "/province/kpis"):
            assert client.get(path).status_code == 403, path
    log_in(boss)
    page = client.get("/province?lang=zh")
    assert page.status_code == 200
    assert "广州市心理援助热线" in page.text and "无人值守" in page.text
    with Session(engine) as s:
        read = sorted(e.subject for e in s.exec(
            select(AuditEntry).where(AuditEntry.action == "centre.cross_read")
            .where(AuditEntry.actor_id == boss.id)))
    assert read == ["centre:gz", "centre:sz"]  # not their own centre
    en = client.get("/province/panel?lang=en").text
    assert 'data-centre="sz" data-state="no_cover"' in en and "No cover" in en


def test_the_province_over_the_api(client, engine, make_person, network_now) -> None:
    boss = make_person("provincial_crisis_lead", centre_id=network_now["gz"].id)
    assert client.get("/api/reports/province",
                      headers=make_person("supervisor").headers).status_code == 403
    body = client.get("/api/reports/province", headers=boss.headers).json()
    states = {c["centre"]: c["state"] for c in body["centres"]}
    assert states == {"gd": "ok", "gz": "short", "sz": "no_cover"}
    sz = next(c for c in body["centres"] if c["centre"] == "sz")
    assert (sz["rolled_out"], sz["open_escalations"]) == (1, 1)
    assert "caller" not in str(body) and "+86" not in str(body)
    with Session(engine) as s:
        read = {e.subject for e in s.exec(select(AuditEntry).where(
            AuditEntry.action == "centre.cross_read").where(AuditEntry.actor_id == boss.id))}
    assert read == {"centre:gd", "centre:sz"}
