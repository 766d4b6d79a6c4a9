"""The rollover rate per centre: calls passed on / calls offered, counted on both sides of
each hop; a call leaving the network (overflowed) is passed on by the centre that held it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from hotline.centres import service as centres_service
from hotline.contacts.models import Contact
from hotline.reports import rollovers
from hotline.telephony.models import CallRollover
from tests.telephony.test_network_calls import NETWORK


def test_rollover_rate_per_centre(client, engine, make_person):
    supervisor = make_person("supervisor")
    now = datetime.now(UTC)
    with Session(engine) as s:
        ids = {c.code: c.id for c in centres_service.sync(s, NETWORK, "Asia/Shanghai")}
        sid = iter(f"CA{n:032d}" for n in range(100))

        def call(first: str, *path: str, status: str = "completed", **extra) -> None:
            contact = Contact(channel="voice", status=status, received_at=now, call_sid=next(sid),
                              centre_id=ids[(path or (first,))[-1]],
                              rolled_over_from_centre_id=ids[first] if path else None, **extra)
            s.add(contact)
            s.flush()
            for a, b in zip((first, *path), path, strict=False):
                s.add(CallRollover(contact_id=contact.id, from_centre_id=ids[a],
                                   to_centre_id=ids[b], reason="busy", at=now))

        for _ in range(3):
            call("sz")                                   # answered where routed
        call("sz", "gz")                                 # sz busy: gz answered
        call("sz", "gz", "gd", status="overflowed")      # nobody: the backup line
        call("gz")
        call("gz", status="overflowed")                  # gz held it last, passed it on
        call("sz", "gz", is_drill=True)                  # a drill never counts
        s.add(Contact(channel="voice", status="completed", received_at=now - timedelta(days=9),
                      call_sid=next(sid), centre_id=ids["gd"]))  # another period
        s.commit()
        rows = {r["centre"]: r for r in rollovers.per_centre(
            s, since=now - timedelta(hours=1), until=now + timedelta(hours=1))}
    assert list(rows) == ["gd", "gz", "sz"]  # the provincial centre first
    assert rows["sz"] == {
        "centre": "sz", "name_zh": "深圳市心理援助热线", "name_en": "Shenzhen hotline",
        "offered": 5, "rolled_in": 0, "rolled_out": 2, "overflowed": 0, "rollover_rate": 0.4}
    gz = rows["gz"]
    assert (gz["offered"], gz["rolled_in"], gz["rolled_out"], gz["overflowed"]) == (4, 2, 1, 1)
    assert gz["rollover_rate"] == 0.5
    gd = rows["gd"]
    assert (gd["offered"], gd["rolled_in"], gd["overflowed"], gd["rollover_rate"]) == (1, 1, 1, 1.0)
    # And in the KPI report, beside the call KPIs.
    r = client.get("/api/reports/kpis", headers=supervisor.headers, params={
        "since": (now - timedelta(hours=1)).isoformat(),
        "until": (now + timedelta(hours=1)).isoformat()})
    assert r.status_code == 200
    assert {x["centre"]: x["rollover_rate"] for x in r.json()["rollovers_by_centre"]} == {
        "gd": 1.0, "gz": 0.5, "sz": 0.4}


def test_no_calls_no_rate(engine):
    now = datetime.now(UTC)
    with Session(engine) as s:
        (main,) = rollovers.per_centre(s, since=now - timedelta(days=1), until=now)
    assert main["centre"] == "main" and main["offered"] == 0 and main["rollover_rate"] is None
