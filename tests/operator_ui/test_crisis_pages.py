"""Crisis pages: the alert layer's feed and panels, the contact's live timeline, banners for
exhausted escalations, notices, and the supervisors' board with take-over and resolve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from hotline.access.models import AuditEntry
from hotline.crisis.models import Escalation, EscalationState
from hotline.notices.models import Notice
from tests.conftest import Person
from tests.crisis.conftest import HIGH, IMMINENT, fake_twilio, on_call, settings  # noqa: F401
from tests.operator_ui.conftest import csrf

LogIn = Callable[[Person], None]


def _escalation(client: TestClient, operator: Person, screen: dict[str, Any] = HIGH,
                **fields: Any) -> dict[str, Any]:
    r = client.post("/api/contacts", headers=operator.headers,
                    json={"channel": "voice", "risk_screen": screen, **fields})
    assert r.status_code == 201, r.text
    return r.json()["escalation"]


def _mark(engine: Any, escalation_id: int, **values: Any) -> None:
    with Session(engine) as s:
        row = s.get(Escalation, escalation_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        s.add(row)
        s.commit()


def test_the_responder_console_gets_the_alert_with_the_risk_facts(
    client: TestClient, on_call, log_in: LogIn, engine  # noqa: F811
) -> None:
    team = on_call()
    esc = _escalation(client, team.operator, {**IMMINENT, "behavior": "past_3_months"},
                      caller_number="+8613912345678")
    _mark(engine, esc["id"], is_drill=True)  # as a drill run would have it
    log_in(team.primary)
    assert client.get("/console/alerts").json() == {"alerts": [esc["id"]], "exhausted": []}
    panel = client.get(f"/console/alerts/{esc['id']}")
    assert panel.status_code == 200
    text = panel.text
    assert 'role="alertdialog"' in text and "DRILL 演练" in text
    # Safety first: means at hand before intent, then the rest of the screen.
    assert text.index("Means at hand now") < text.index("Intent to act (Q4)")
    assert "Suicidal behaviour in the past 3 months (Q6)" in text
    assert team.operator.staff.full_name in text
    assert esc["contact"]["caller_key"][:8] in text
    assert esc["contact"]["caller_key"] not in text  # shortened
    with Session(engine) as s:  # the panel shows the risk answers: a read of the contact
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "contact.read_via_escalation")
                      .where(AuditEntry.actor_id == team.primary.id)).first()

    r = client.post(f"/api/escalations/{esc['id']}/ack", headers={"X-CSRF-Token": csrf(client)})
    assert r.status_code == 200
    assert client.get("/console/alerts").json()["alerts"] == []
    assert client.get(f"/console/alerts/{esc['id']}").status_code == 410  # replayed, too late


def test_an_alert_is_not_for_everyone(
    client: TestClient, on_call, make_person, log_in: LogIn  # noqa: F811
) -> None:
    team = on_call()
    esc = _escalation(client, team.operator)
    log_in(make_person("operator"))
    assert client.get("/console/alerts").json()["alerts"] == []
    r = client.get(f"/console/alerts/{esc['id']}")
    assert r.status_code == 403 and "not yours" in r.text
    assert client.get(f"/escalations/{esc['id']}/timeline").status_code == 403


def test_the_operator_follows_the_escalation_on_the_contact_page(
    client: TestClient, on_call, log_in: LogIn  # noqa: F811
) -> None:
    team = on_call()
    esc = _escalation(client, team.operator)
    log_in(team.operator)
    page = client.get(f"/contacts/{esc['contact_id']}")
    assert f'data-escalation="{esc["id"]}"' in page.text and 'id="escalation-live"' in page.text
    timeline = client.get(f"/escalations/{esc['id']}/timeline").text
    assert "Crisis team notified" in timeline and team.primary.staff.full_name in timeline
    assert "acknowledged by" not in timeline
    client.post(f"/api/escalations/{esc['id']}/ack", headers=team.primary.headers)
    timeline = client.get(f"/escalations/{esc['id']}/timeline").text
    assert f"acknowledged by {team.primary.staff.full_name}" in timeline
    assert "Resolve this escalation" not in timeline  # the operator did not take it


def test_board_is_for_supervisors(client: TestClient, on_call, log_in: LogIn) -> None:  # noqa: F811
    team = on_call()
    log_in(team.operator)
    r = client.get("/escalations")
    assert r.status_code == 403 and "You cannot do this" in r.text
    assert 'href="/escalations"' not in client.get("/contacts/new").text


def test_supervisor_takes_over_and_resolves_with_the_rescue_outcome(
    client: TestClient, on_call, log_in: LogIn, engine  # noqa: F811
) -> None:
    team = on_call()
    esc = _escalation(client, team.operator, IMMINENT)
    log_in(team.supervisor)
    board = client.get("/escalations")
    assert board.status_code == 200 and f'id="esc-{esc["id"]}"' in board.text
    assert "Take it over" in board.text

    url = f"/escalations/{esc['id']}"
    assert client.post(f"{url}/ack", data={}).status_code == 403  # no CSRF token
    r = client.post(f"{url}/ack", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303
    board = client.get("/escalations").text
    assert "Police (110) contacted" in board  # imminent: the rescue fields

    # Without the rescue outcome: refused, readably, beside the escalation, with what was typed.
    r = client.post(f"{url}/resolve", data={"csrf_token": csrf(client), "rescue": "1",
                                            "outcome": "Caller safe with family"})
    assert r.status_code == 422
    assert "record the rescue outcome" in r.text and "Caller safe with family" in r.text
    r = client.post(f"{url}/resolve", data={"csrf_token": csrf(client), "outcome": "ok"})
    assert r.status_code == 422 and "at least 3 characters" in r.text

    r = client.post(f"{url}/resolve", follow_redirects=False, data={
        "csrf_token": csrf(client), "rescue": "1", "contacted_120": "on",
        "person_reached": "yes", "outcome": "120 took the caller to hospital."})
    assert r.status_code == 303
    with Session(engine) as s:
        row = s.get(Escalation, esc["id"])
        assert row is not None and row.state == EscalationState.resolved
        assert row.rescue["contacted_120"] is True and row.rescue["person_reached"] is True
    r = client.post(f"{url}/ack", data={"csrf_token": csrf(client)})
    assert r.status_code == 409 and "Already acknowledged" in r.text


def test_exhausted_escalations_bannered_for_those_who_can_step_in(
    client: TestClient, on_call, make_person, log_in: LogIn, engine  # noqa: F811
) -> None:
    """The crisis team, supervisors and the operator who logged it see the banner; an
    operator with no part in it does not (least privilege, like the event itself)."""
    team = on_call()
    esc = _escalation(client, team.operator)
    _mark(engine, esc["id"], state=EscalationState.exhausted)
    for person in (make_person("crisis_responder"), make_person("team_lead"), team.operator):
        log_in(person)
        assert client.get("/console/alerts").json()["exhausted"] == [esc["id"]]
        banner = client.get("/console/banners").text
        assert "Nobody acknowledged the crisis alert" in banner and "Take it now" not in banner
    log_in(make_person("operator"))
    assert client.get("/console/alerts").json()["exhausted"] == []
    assert "Nobody acknowledged" not in client.get("/console/banners").text
    log_in(team.supervisor)
    banner = client.get("/console/banners").text
    assert "Take it now" in banner and f'action="/escalations/{esc["id"]}/ack"' in banner


def test_notices_for_supervisors_dismissible(
    client: TestClient, make_person, log_in: LogIn, engine
) -> None:
    with Session(engine) as s:
        s.add(Notice(audience="role:supervisor", kind="coverage.gap", title="Coverage gap ahead",
                     dedupe_key="gap:1", data={"position": "crisis_backup", "required": 1,
                                               "scheduled": 0, "start": "2030-01-07T12:00:00+00:00",
                                               "end": "2030-01-07T13:00:00+00:00"}))
        s.commit()
    log_in(make_person("operator"))
    assert "Coverage gap ahead" not in client.get("/console/notices").text
    log_in(make_person("supervisor"))
    tray = client.get("/console/notices?lang=zh").text
    assert "危机值班（备岗）" in tray and "20:00" in tray  # position and local time, in Chinese
    notice_id = int(tray.split('data-dismiss="')[1].split('"')[0])
    r = client.post(f"/api/notices/{notice_id}/ack", headers={"X-CSRF-Token": csrf(client)})
    assert r.status_code == 200
    assert "data-dismiss" not in client.get("/console/notices").text
