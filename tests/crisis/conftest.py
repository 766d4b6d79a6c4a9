"""Crisis fixtures: an on-call roster, Twilio pointed at a local fake, signed webhooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from twilio.request_validator import RequestValidator

from hotline.config import Settings
from hotline.roster.models import Shift
from hotline.staff.models import Duty, Team, TeamMembership
from tests.conftest import Person
from tests.fakes.twilio import FakeTwilio

AUTH_TOKEN = "test-twilio-auth-token"
HIGH = {"wish_dead": True, "suicidal_thoughts": True, "intent": True}
IMMINENT = {"wish_dead": True, "suicidal_thoughts": True, "intent": True, "means_at_hand": True}


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def settings(settings: Settings, fake_twilio: FakeTwilio) -> Settings:
    return settings.model_copy(update={
        "twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": "+8610012356", "twilio_api_base": fake_twilio.url,
        "public_base_url": "http://testserver",
    })


@dataclass
class OnCall:
    operator: Person
    primary: Person
    backup: Person
    leader: Person
    supervisor: Person


@pytest.fixture
def on_call(make_person, engine) -> Callable[..., OnCall]:
    """Everyone on shift now (positions left out with ``skip``), plus the crisis team leader."""

    def _make(skip: tuple[str, ...] = ()) -> OnCall:
        people = OnCall(
            operator=make_person("operator"), primary=make_person("crisis_responder"),
            backup=make_person("crisis_responder"), leader=make_person("crisis_responder"),
            supervisor=make_person("supervisor"),
        )
        now = datetime.now(UTC)
        with Session(engine) as s:
            for position, person in (("crisis_primary", people.primary),
                                     ("crisis_backup", people.backup),
                                     ("supervisor", people.supervisor),
                                     ("operator", people.operator)):
                if position not in skip:
                    s.add(Shift(staff_id=person.id, position=position,
                                start=now - timedelta(hours=1), end=now + timedelta(hours=7)))
            if "crisis_team_leader" not in skip:
                team = Team(code="crisis", name_zh="心理危机干预队伍", kind="crisis")
                s.add(team)
                s.flush()
                s.add(TeamMembership(team_id=team.id, staff_id=people.leader.id, duty=Duty.leader))
            s.commit()
        return people

    return _make


def taken(client: TestClient, team: OnCall, screen: dict[str, object] = IMMINENT
          ) -> dict[str, object]:
    """An escalation the primary responder has acknowledged (imminent risk unless told)."""
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=team.operator.headers)
    esc: dict[str, object] = r.json()["escalation"]
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200
    return esc


def sign(url: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, form)}


@pytest.fixture
def post_twilio(client: TestClient) -> Callable[..., object]:
    def _post(path: str, form: dict[str, str], signed: bool = True):
        url = f"http://testserver{path}"
        headers = sign(url, form) if signed else {}
        return client.post(path, data=form, headers=headers)

    return _post

