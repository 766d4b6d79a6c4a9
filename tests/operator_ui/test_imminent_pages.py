"""Imminent risk on the consoles: when the chain runs out, everyone alerted keeps the
Acknowledge button; banners say who was told, when and how, and name the duty supervisor with
their number; the contact page shows the co-sign, break-glass and the rescue checklist."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from hotline import jobs
from tests.conftest import Person
from tests.crisis.conftest import HIGH, IMMINENT, fake_twilio, on_call, settings  # noqa: F401

LogIn = Callable[[Person], None]


def _contact(client: TestClient, person: Person, screen: dict) -> dict:
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=person.headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_exhausted_alerts_keep_acknowledge_and_banners_name_who_to_call(
        client: TestClient, on_call, engine, log_in: LogIn) -> None:  # noqa: F811
    team = on_call()
    esc = _contact(client, team.operator, HIGH)["escalation"]
    at = datetime.fromisoformat(esc["opened_at"])
    for _ in range(7):  # every tier, then every repeat: nobody answers
        at += timedelta(seconds=180)
        jobs.crisis_tick(engine, now=at)
    log_in(team.primary)
    assert client.get("/console/alerts").json() == {"alerts": [esc["id"]],
                                                     "exhausted": [esc["id"]]}
    panel = client.get(f"/console/alerts/{esc['id']}")
    assert panel.status_code == 200 and 'data-ack="' in panel.text
    assert "No phone channel is configured" not in panel.text  # Twilio is configured here
    banner = client.get("/console/banners").text
    assert "Call the supervisor on duty:" in banner
    assert team.supervisor.staff.full_name in banner and team.supervisor.staff.phone in banner
    assert "Alerted:" in banner and team.leader.staff.full_name in banner
    assert banner.count(team.primary.staff.full_name) == 1  # each person once, with channels


def test_the_contact_page_offers_co_sign_break_glass_and_the_rescue_checklist(
        client: TestClient, on_call, log_in: LogIn, make_person) -> None:  # noqa: F811
    team = on_call()
    contact = _contact(client, team.operator, {**IMMINENT, "operator_level": "high",
                                               "operator_reason": "工具已交给家人"})
    other = make_person("supervisor")
    log_in(other)
    page = client.get(f"/contacts/{contact['id']}").text
    assert 'data-cosign="cosign"' in page and "Waiting for a supervisor&#39;s co-sign" in page
    assert f'data-break-glass="{contact["id"]}"' in page
    timeline = client.get(f"/escalations/{contact['escalation']['id']}/timeline").text
    steps = [s.split('"')[0] for s in timeline.split('data-step="')[1:]]
    assert steps == ["kept_on_line", "location_given", "emergency_called",
                     "responder_conferenced"]
    assert 'data-reached="false"' in timeline
